// LiveAudioOutput: plays a run's render streams in real time and makes the
// audio device's clock the run's master clock.
//
// Pieces: a RenderMixer (the run's render streams' DAC output, converted to
// the device format) fills an SpscRing<float> on the simulation thread;
// the device drains it. The device is QAudioOutput in pull mode (a
// RingReader), opened at 48 kHz stereo signed 16-bit, or the nearest
// format the default device offers in 16-bit integer or 32-bit float. When
// there is no output device, it refuses the format or fails to start,
// or when it stops with an error or consumes nothing for
// kStallTimeoutMs while the run plays, a steady-clock consumer takes its
// place (it pops frames at the device rate and discards them) and the run
// goes on; each switch is said once on stderr and in fallbackReason().
//
// Pacing: the consumer's clock is framesConsumed() (frames popped from the
// ring). targetSimTimeNs() is the simulated time the run should reach so
// that the ring holds ringTargetNs of audio on top of what was consumed
// (before start(), also the device buffer the device's first read takes):
// advance the run to it, then produce(). AudioClockPacer is the
// SessionPacer that returns it.
//
// Sessions that jump (the GUI: seek, step, fast-forward between live
// plays) restart the timeline: restartTimeline(run, t) drops what is queued,
// puts a fresh mixer starting at simulated time t on the run, and maps the
// next frame pushed to t; detach(run) takes the taps off and drops the
// queue. Both also flush the device: what it still holds of the old
// timeline (up to its buffer, deviceBufferNs) is dropped rather than
// played. The run's thread cannot touch the device, so it puts a hold on
// the ring's reader (the device takes nothing more) and the next pump()
// restarts the device empty and lifts the hold; audio queued in between is
// the new timeline's and plays from its first frame. setFeeding(false) says the run pauses: the
// ring drains into the device and the device underruns into silence, which is neither counted as an
// underrun or shortfall nor taken for a stalled device. The consumed- frame clock then stops where
// the run stopped, so feeding again continues the same timeline.
//
// Threads: open(), start(), stop(), pump(), the device and the latency,
// audible-time and underrun queries belong to the thread that owns this
// QObject (it needs an event loop); attach(), restartTimeline(), detach(),
// setFeeding(), produce() and produceEnd() belong to the thread that owns
// the run. targetSimTimeNs(), framesConsumed() and the mixer's mute/solo
// flags may be used from either (mute/solo only while no restartTimeline()
// can replace the mixer).
#pragma once

#include "app/audio/RenderMixer.h"
#include "app/audio/RingReader.h"
#include "app/audio/SpscRing.h"
#include "model/sim/SimTime.h"

#include <QAudio>
#include <QAudioFormat>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

class QAudioOutput;

namespace ps {

class ScenarioRun;

struct LiveAudioOptions {
    int rateHz = 48000;
    int channels = 2;
    // Audio kept in the ring ahead of the device.
    TimeNs ringTargetNs = 60'000'000;
    // Requested device buffer (QAudioOutput::setBufferSize before start).
    TimeNs deviceBufferNs = 100'000'000;
    // False: never open a device, pace by the steady clock.
    bool useDevice = true;
    // QAudioDeviceInfo::deviceName() of the output to open; "" = the default.
    QString deviceName;
};

class LiveAudioOutput : public QObject {
    Q_OBJECT
  public:
    static constexpr int kStallTimeoutMs = 3000;

    explicit LiveAudioOutput(const LiveAudioOptions& options = {}, QObject* parent = nullptr);
    ~LiveAudioOutput() override;

    // Chooses the device and its format (or the steady clock). Nothing
    // plays yet. Returns true when a device was opened.
    bool open();
    // Puts a mixer input on every render stream of the run (before or after
    // run.start()) as its render tap. Call after open(), once.
    void attach(ScenarioRun& run);
    // Or one stream at a time (to combine with another tap, see PcmTee):
    // the sink for run stream `runStream` playing `format`.
    PcmSink* addStream(std::size_t runStream, const AudioFormat& format);
    // Starts the timeline over at simulated time simNowNs on run (see the
    // header comment): the queue is dropped and feeding is on.
    void restartTimeline(ScenarioRun& run, TimeNs simNowNs);
    // Takes the taps off run's render streams, drops the queue and stops
    // feeding.
    void detach(ScenarioRun& run);
    // The run pauses (false) or plays again (true).
    void setFeeding(bool feeding);
    bool feeding() const { return m_feeding; }
    // Mute and solo by the run's stream index (no effect on streams not
    // added); see RenderMixer.
    void setMuted(std::size_t runStream, bool muted);
    void setSolo(std::size_t runStream, bool solo);
    // Frames the ring had no room for (0 unless the pacing is broken).
    std::int64_t droppedFrames() const { return m_droppedFrames; }
    // Mixes what the DACs played up to simNowNs and queues it.
    void produce(TimeNs simNowNs);
    // The run has ended: everything still held is queued; the ring drains.
    void produceEnd();
    // Starts consuming (device or steady clock); prefill with produce()
    // first so the device does not start dry.
    void start();
    void stop();
    // Keeps the fallback consumer running and watches the device for
    // stalls; call every few milliseconds from the owner's event loop.
    void pump();

    TimeNs targetSimTimeNs() const;
    std::int64_t framesConsumed() const { return m_ring->framesPopped(); }
    // True once nothing more comes (produceEnd() was called or feeding
    // stopped) and everything queued was consumed (and, with a device, its
    // buffer has had time to play out). pump() keeps it up to date.
    bool drained() const;
    // The simulated time of the frame the listener hears now: the frame the
    // consumer popped last, less what the device still holds (bufferSize -
    // bytesFree); with the steady-clock consumer, the frame popped last.
    TimeNs audibleSimTimeNs() const;

    RenderMixer& mixer() { return *m_mixer; }
    const RenderMixer& mixer() const { return *m_mixer; }
    bool usingDevice() const { return m_output != nullptr; }
    QString deviceName() const { return m_deviceName; }
    QString fallbackReason() const { return m_fallbackReason; }
    int rateHz() const { return m_rateHz; }
    int channels() const { return m_channels; }
    // "48000 Hz, 2 ch, 16-bit signed" (or "... 32-bit float").
    QString formatText() const;

    // Device underruns (the backend went idle with UnderrunError while the
    // run was producing) and frames the device asked for that the ring did
    // not have.
    int deviceUnderruns() const { return m_deviceUnderruns; }
    // Times pump() restarted the device to drop a jumped-from timeline.
    int deviceFlushes() const { return m_deviceFlushes; }
    std::int64_t shortfallFrames() const { return m_reader ? m_reader->shortfallFrames() : 0; }
    // The device's buffer as it started (0 without a device), the period.
    TimeNs deviceBufferNs() const { return m_deviceBufferNs; }
    TimeNs devicePeriodNs() const { return m_devicePeriodNs; }
    // Audio queued ahead of the device's clock now: the ring's fill plus
    // what the device holds (bufferSize - bytesFree).
    TimeNs latencyNs() const;
    // processedUSecs() of the device in ns, summed over its restarts (after
    // a fall-back: what it had processed until then; 0 when no device ever
    // played).
    TimeNs deviceProcessedNs() const;

  signals:
    void fellBackToTimer(const QString& reason);

  private:
    void fallBack(const QString& reason);
    // Restarts the device with an empty buffer (pump(), on a jump).
    void flushDevice();
    void onStateChanged(QAudio::State state);
    TimeNs framesToNs(std::int64_t frames) const;
    std::int64_t deviceQueuedFrames() const;

    LiveAudioOptions m_options;
    int m_rateHz;
    int m_channels;
    bool m_float = false;
    std::unique_ptr<SpscRing<float>> m_ring;
    std::unique_ptr<RenderMixer> m_mixer;
    std::vector<int> m_mixerIndex;  // by run stream; -1 = not added
    std::vector<float> m_mixBuffer;
    std::int64_t m_droppedFrames = 0;
    QAudioFormat m_format;
    QAudioOutput* m_output = nullptr;
    RingReader* m_reader = nullptr;
    QString m_deviceName;
    QString m_fallbackReason;
    TimeNs m_deviceBufferNs = 0;
    TimeNs m_devicePeriodNs = 0;
    int m_deviceUnderruns = 0;
    TimeNs m_processedBeforeFallbackNs = 0;
    // What the device processed before its restarts (flushDevice()).
    TimeNs m_processedBeforeRestartsNs = 0;
    int m_deviceFlushes = 0;
    std::atomic<bool> m_ended{false};
    std::atomic<bool> m_feeding{true};
    // Device frame (mixer timeline) = ring frame index + m_frameOffset.
    std::atomic<std::int64_t> m_frameOffset{0};
    std::atomic<TimeNs> m_prefillExtraNs{0};
    bool m_started = false;
    // Steady-clock consumer: by m_clock's elapsed time it has taken every
    // frame up to m_clockOriginFrames + elapsed x rate; each shortfall lowers
    // the origin, so the clock waits for frames that were not there yet.
    bool m_clockRunning = false;
    QElapsedTimer m_clock;
    std::int64_t m_clockOriginFrames = 0;
    // Stall watch and drain timing.
    QElapsedTimer m_lastProgress;
    std::int64_t m_lastConsumed = -1;
    QElapsedTimer m_sinceEmpty;
};

}  // namespace ps
