// LiveAudioInput: capture streams record from the default audio input
// device. QAudioInput runs in push mode at 48 kHz stereo signed 16-bit (or
// the nearest 16-bit integer / 32-bit float format the device offers); each
// block it delivers is decoded, converted to every capture stream's rate
// (StreamResampler, libsoxr) and pushed into that stream's ring, which its
// LiveInputSource drains on the simulation thread. A ring that is full
// drops the newest frames (droppedFrames()).
//
// Without an input device makeSource() gives nullptr (the capture streams
// keep their scenario signals); when the device fails to start the sources
// stay silent. Either way the reason is said once on stderr
// (fallbackReason()).
//
// Use: open(); makeSource() for every capture stream (ScenarioRunHooks::
// openCaptureSource does it from run.start()); then start(). makeSource()
// must not be called after start(), and this object must outlive the
// sources it made (they read its rings). open(), start(), stop() and the device
// callbacks belong to the thread owning this QObject (it needs an event
// loop); the sources to the simulation thread.
#pragma once

#include "app/audio/LiveInputSource.h"
#include "app/audio/SpscRing.h"
#include "app/audio/StreamResampler.h"
#include "model/ks/AudioFormat.h"
#include "model/sim/SimTime.h"

#include <QAudioFormat>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

class QAudioInput;
class QIODevice;

namespace ps {

class LiveAudioInput : public QObject {
    Q_OBJECT
  public:
    // primeNs: what each source waits for before it starts handing out
    // frames (cover the simulation's lead over real time).
    explicit LiveAudioInput(TimeNs primeNs = 300'000'000, QObject* parent = nullptr);
    ~LiveAudioInput() override;

    bool open();
    // A source for a capture stream in `format` (its rate; the channel
    // mapping happens in the source); nullptr without a device.
    std::unique_ptr<SampleSource> makeSource(const AudioFormat& format);
    void start();
    void stop();

    bool usingDevice() const { return m_input != nullptr; }
    QString deviceName() const { return m_deviceName; }
    QString fallbackReason() const { return m_fallbackReason; }
    // Device frames received, the loudest sample seen (0..1), frames a full
    // ring dropped.
    std::int64_t framesReceived() const { return m_framesReceived; }
    float peak() const { return m_peak; }
    std::int64_t droppedFrames() const { return m_droppedFrames; }
    // Frames the sources had to fill with silence after priming, summed.
    std::int64_t shortfallFrames() const;

    // Feeds device frames (interleaved floats at the device rate and channel
    // count) to every source, as the device callback does. For tests.
    void deliver(const float* interleaved, std::size_t frames);
    int rateHz() const { return m_format.sampleRate(); }
    int channels() const { return m_format.channelCount(); }

  private:
    struct Stream {
        std::unique_ptr<SpscRing<float>> ring;
        std::unique_ptr<StreamResampler> resampler;
        LiveInputSource* source = nullptr;  // owned by the run
    };

    void onReadyRead();
    void fallBack(const QString& reason);

    TimeNs m_primeNs;
    QAudioFormat m_format;
    QAudioInput* m_input = nullptr;
    QIODevice* m_device = nullptr;
    QString m_deviceName;
    QString m_fallbackReason;
    std::vector<Stream> m_streams;
    std::vector<float> m_decoded;
    std::vector<float> m_converted;
    std::int64_t m_framesReceived = 0;
    std::int64_t m_droppedFrames = 0;
    float m_peak = 0.0f;
};

}  // namespace ps
