// LiveAudioInput: capture streams record from an audio input device.
// QAudioInput runs in push mode at 48 kHz stereo signed 16-bit (or the
// nearest 16-bit integer / 32-bit float format the device offers); each
// block it delivers is decoded, converted to every capture stream's rate
// (StreamResampler, libsoxr) and channel count (a mono device feeds every
// channel; otherwise channel c takes device channel c, missing ones are
// silent) and pushed into that stream's CaptureTape, which its
// LiveInputSource reads on the simulation thread. A ring without room for a
// block drops its queued (oldest) frames first (droppedFrames()).
//
// Tapes belong to a session, not to a run: makeSource(stream, format) for a
// stream that already has a tape gives a new source on the same tape, so
// every run of the session (the inspector rebuilds the run on step back and
// seek) reads the same samples (CaptureTape.h: cap, priming, what frames
// past the tape get). newTapes() starts a new session: the tapes are let go
// (the sources of a run still alive keep theirs). Whether a stream records
// from the device is decided when its tape would be made: without a device
// then makeSource() gives nullptr (the stream keeps its scenario signal) and
// keeps giving nullptr for that stream until newTapes(), so the runs of one
// session agree even when the device comes or goes in between.
//
// The device may be swapped (open() again, or close()) while tapes exist:
// they keep what they recorded and are fed by the new device from then on
// (nothing while there is none). When the device fails to start or stops
// with an error (the sound server went away) it is closed and the reason is
// said once on stderr (fallbackReason()); tapes then get no new frames.
//
// Use: open(deviceName); start(); makeSource() for every capture stream of
// every run (ScenarioRunHooks::openCaptureSource). open(), close(), start(),
// stop(), the device callbacks and deliver() belong to the thread owning
// this QObject (it needs an event loop); makeSource() and newTapes() may be
// called from any thread (the simulation thread does), and the sources
// belong to the simulation thread. The tapes are shared: a source may
// outlive this object.
#pragma once

#include "app/audio/CaptureTape.h"
#include "app/audio/LiveInputSource.h"
#include "app/audio/StreamResampler.h"
#include "model/ks/AudioFormat.h"
#include "model/sim/SimTime.h"

#include <QAudio>
#include <QAudioFormat>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

class QAudioInput;
class QIODevice;

namespace ps {

class LiveAudioInput : public QObject {
    Q_OBJECT
  public:
    // 10 minutes of every capture stream's audio at most.
    static constexpr TimeNs kDefaultTapeLimitNs = 600'000'000'000;

    // primeNs: what each tape waits for before it hands out device frames
    // (cover the simulation's lead over real time); tapeLimitNs: each
    // tape's cap.
    explicit LiveAudioInput(TimeNs primeNs = 300'000'000, TimeNs tapeLimitNs = kDefaultTapeLimitNs,
                            QObject* parent = nullptr);
    ~LiveAudioInput() override;

    // Opens deviceName ("" = the default input device); any device open
    // before is closed first. False (and the reason on stderr) when there is
    // no such device or it offers no usable format.
    bool open(const QString& deviceName = QString());
    // No device from now on (new sessions keep their scenario signals).
    void close();
    void start();
    void stop();

    // A source for capture stream `stream` in `format` (its rate and channel
    // count); nullptr: the stream keeps its scenario signal (see above).
    std::unique_ptr<SampleSource> makeSource(std::size_t stream, const AudioFormat& format);
    // A new session: the next makeSource() of every stream decides afresh.
    void newTapes();

    // Acts as if a device of that rate and channel count were open (no
    // QAudioInput; deliver() stands in for it): tapes are made. For tests.
    void openTestDevice(int rateHz, int channels, const QString& name);

    bool usingDevice() const { return m_input != nullptr || m_testDevice; }
    QString deviceName() const { return m_deviceName; }
    QString fallbackReason() const { return m_fallbackReason; }
    TimeNs tapeLimitNs() const { return m_tapeLimitNs; }
    // Device frames received, the loudest sample seen (0..1), frames a full
    // ring dropped.
    std::int64_t framesReceived() const { return m_framesReceived; }
    float peak() const { return m_peak; }
    std::int64_t droppedFrames() const { return m_droppedFrames; }
    // Summed over the session's tapes: frames handed out as silence after
    // priming (the ring ran short), frames a replay read as silence past a
    // full tape, and how many streams record from tapes.
    std::int64_t shortfallFrames() const;
    std::int64_t inexactFrames() const;
    std::size_t tapeCount() const;
    // The loudest sample on any of the session's tapes (what the capture
    // streams recorded), 0..1.
    float tapePeak() const;

    // Feeds device frames (interleaved floats at the device rate and channel
    // count) to every tape, as the device callback does. For tests.
    void deliver(const float* interleaved, std::size_t frames);
    int rateHz() const { return m_format.sampleRate(); }
    int channels() const { return m_format.channelCount(); }

  private:
    struct Stream {
        std::size_t index = 0;
        AudioFormat format;
        std::shared_ptr<CaptureTape> tape;  // nullptr: the scenario signal
        std::unique_ptr<StreamResampler> resampler;
        int resamplerRateHz = 0;  // the device side it was made for
        int resamplerChannels = 0;
    };

    void onReadyRead();
    void onStateChanged(QAudio::State state);
    void fallBack(const QString& reason);

    TimeNs m_primeNs;
    TimeNs m_tapeLimitNs;
    QAudioFormat m_wanted;
    QAudioFormat m_format;
    QAudioInput* m_input = nullptr;
    // The backend deletes it when the device fails (a sound server that
    // goes away).
    QPointer<QIODevice> m_device;
    bool m_testDevice = false;
    QString m_deviceName;
    QString m_fallbackReason;
    std::vector<float> m_decoded;
    std::vector<float> m_converted;
    std::vector<float> m_mapped;
    std::int64_t m_framesReceived = 0;
    std::int64_t m_droppedFrames = 0;
    float m_peak = 0.0f;

    // Shared with makeSource() / newTapes() callers (m_mutex).
    mutable std::mutex m_mutex;
    std::vector<Stream> m_streams;
    bool m_haveDevice = false;
};

}  // namespace ps
