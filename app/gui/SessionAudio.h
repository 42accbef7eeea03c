// SessionAudio: the inspector's live audio. It owns the LiveAudioOutput
// (GUI thread: opening the device, pumping it every few milliseconds from a
// timer, the status and audible-time queries) and is the SessionController's
// SessionAudioHook (simulation thread: attach, feed, advance, detach are
// forwarded to the output; while attached, an AudioClockPacer makes the
// device clock pace the run). When no device can be used (none, it failed,
// or it went away mid-run) the output's steady-clock consumer paces instead
// and the status says why.
//
// Device choice: deviceName "" is the default output device, kNoDevice
// plays nothing (the controller then paces by the wall clock; so does
// --no-audio, which no later choice overrides). reopen() swaps the output
// without touching the session: the controller lets go of the hook first
// (setAudioEnabled(false), waitIdle()), then the new output opens and
// starts, then the hook is enabled again; a live run goes on, its timeline
// restarted at its current time.
//
// Pause: the output stops being fed and the device underruns into silence
// (it is not suspended). The consumed-frame clock then stops exactly where
// the run stopped, the last ring-full and device buffer still play (what the
// views showed as not yet audible becomes audible), and resuming needs no
// device state change; a suspended PulseAudio stream would keep the buffered
// audio for later and, on resume, play audio from before the pause while the
// views show the run going on.
//
// Input: capture streams record from a LiveAudioInput (openInput():
// deviceName "" the default input device, kNoDevice none; --no-audio
// none whatever is chosen). installCaptureHooks() wires it into the
// controller: every run of a session reads the session's capture tapes (so
// step back and seek replay exactly what was recorded), and opening a
// scenario starts new tapes. Without an input device the capture streams
// keep their scenario signals. The device records all the time (a paused or
// stepped run reads what it hears now, see CaptureTape.h); reopenInput()
// swaps it while the session goes on (the tapes keep what they recorded; a
// session opened without a device keeps its scenario signals until the next
// scenario is opened).
#pragma once

#include "app/audio/AudioClockPacer.h"
#include "app/audio/LiveAudioInput.h"
#include "app/audio/LiveAudioOutput.h"
#include "app/session/SessionAudioHook.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace ps {

class SessionController;
struct SessionControllerConfig;

class SessionAudio final : public QObject, public SessionAudioHook {
    Q_OBJECT
  public:
    static const QString kNoDevice;  // "none": pace by the timer, play nothing

    // tapeLimitNs: the cap of each capture tape (LiveAudioInput).
    explicit SessionAudio(QObject* parent = nullptr,
                          TimeNs tapeLimitNs = LiveAudioInput::kDefaultTapeLimitNs);
    ~SessionAudio() override;

    // Opens deviceName before the controller exists (or while it has audio
    // disabled). --no-audio: forceOff(reason) instead.
    void open(const QString& deviceName, const LiveAudioOptions& options = {});
    void forceOff(const QString& reason);
    // Swaps the output device while the session goes on (see above).
    void reopen(SessionController& controller, const QString& deviceName);
    // Tells the controller whether to play through this hook.
    void bind(SessionController& controller);

    // Opens the input device (see above); reopenInput() is the same while a
    // session goes on.
    void openInput(const QString& deviceName);
    void reopenInput(const QString& deviceName) { openInput(deviceName); }
    // Sets config's capture hooks (openCaptureSource, beforeOpen) to this
    // input; this object must outlive the controller.
    void installCaptureHooks(SessionControllerConfig& config);
    QString inputChoice() const { return m_inputChoice; }
    // "input: <device>" (adding when a replay read past a full tape),
    // "input: scenario source — <reason>", or "input: none (silence) —
    // <reason>" when the open session's tapes have no device any more.
    QString inputStatusText() const;
    LiveAudioInput& input() { return m_input; }
    const LiveAudioInput& input() const { return m_input; }

    // Whether an output exists (a device or its steady-clock stand-in).
    bool playing() const { return m_live != nullptr; }
    bool forcedOff() const { return m_forcedOff; }
    QString deviceChoice() const { return m_choice; }
    // "audio: <device>" or "audio: none (timer) — <reason>".
    QString statusText() const;
    // The simulated time the listener hears now (LiveAudioOutput::
    // audibleSimTimeNs()); -1 when nothing plays.
    TimeNs audibleSimTimeNs() const;
    // True while a run plays through the output.
    bool feeding() const { return m_live != nullptr && m_live->feeding(); }
    // Everything queued has played (or nothing plays).
    bool drained() const { return m_live == nullptr || m_live->drained(); }
    LiveAudioOutput* output() const { return m_live.get(); }

    // SessionAudioHook (simulation thread).
    void attach(ScenarioRun& run, TimeNs simNowNs) override;
    void setFeeding(bool feeding) override;
    void advanced(TimeNs simNowNs) override;
    void ended() override;
    void detach(ScenarioRun& run) override;
    SessionPacer& pacer() override { return *m_pacer; }

  signals:
    // The device changed, fell back to the timer, or was switched off.
    void changed();

  private:
    void close();

    std::unique_ptr<LiveAudioOutput> m_live;
    std::unique_ptr<AudioClockPacer> m_pacer;
    LiveAudioOptions m_options;
    QString m_choice;
    QString m_offReason;
    bool m_forcedOff = false;
    QTimer m_pump;
    LiveAudioInput m_input;
    QString m_inputChoice;
    QString m_inputOffReason;
};

}  // namespace ps
