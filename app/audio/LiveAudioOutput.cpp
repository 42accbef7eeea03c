#include "app/audio/LiveAudioOutput.h"

#include "model/scenario/ScenarioRun.h"

#include <QAudioDeviceInfo>
#include <QAudioOutput>
#include <QTextStream>

#include <algorithm>

namespace ps {
namespace {

QString audioErrorName(QAudio::Error error) {
    switch (error) {
        case QAudio::NoError:
            return QStringLiteral("no error");
        case QAudio::OpenError:
            return QStringLiteral("open error");
        case QAudio::IOError:
            return QStringLiteral("I/O error");
        case QAudio::UnderrunError:
            return QStringLiteral("underrun");
        case QAudio::FatalError:
            return QStringLiteral("fatal error");
    }
    return QStringLiteral("error %1").arg(static_cast<int>(error));
}

bool usableFormat(const QAudioFormat& f) {
    if (!f.isValid() || f.codec() != QLatin1String("audio/pcm") ||
        f.byteOrder() != QAudioFormat::LittleEndian || f.channelCount() < 1 ||
        f.sampleRate() < 8000) {
        return false;
    }
    return (f.sampleType() == QAudioFormat::SignedInt && f.sampleSize() == 16) ||
           (f.sampleType() == QAudioFormat::Float && f.sampleSize() == 32);
}

}  // namespace

LiveAudioOutput::LiveAudioOutput(const LiveAudioOptions& options, QObject* parent)
    : QObject(parent), m_options(options), m_rateHz(options.rateHz), m_channels(options.channels) {}

LiveAudioOutput::~LiveAudioOutput() {
    stop();
}

bool LiveAudioOutput::open() {
    QAudioFormat want;
    want.setSampleRate(m_options.rateHz);
    want.setChannelCount(m_options.channels);
    want.setSampleSize(16);
    want.setCodec(QStringLiteral("audio/pcm"));
    want.setByteOrder(QAudioFormat::LittleEndian);
    want.setSampleType(QAudioFormat::SignedInt);
    m_format = want;

    if (!m_options.useDevice) {
        m_fallbackReason = QStringLiteral("no audio device requested");
    } else {
        QAudioDeviceInfo info = QAudioDeviceInfo::defaultOutputDevice();
        if (!m_options.deviceName.isEmpty()) {
            info = QAudioDeviceInfo();
            for (const QAudioDeviceInfo& d :
                 QAudioDeviceInfo::availableDevices(QAudio::AudioOutput)) {
                if (d.deviceName() == m_options.deviceName) {
                    info = d;
                    break;
                }
            }
        }
        if (info.isNull()) {
            m_fallbackReason = m_options.deviceName.isEmpty()
                                   ? QStringLiteral("no audio output device")
                                   : QStringLiteral("the audio device '%1' is not available")
                                         .arg(m_options.deviceName);
        } else {
            QAudioFormat format = want;
            if (!info.isFormatSupported(format)) {
                format = info.nearestFormat(want);
            }
            if (!usableFormat(format)) {
                m_fallbackReason = QStringLiteral(
                                       "the audio device '%1' offers no 16-bit integer or "
                                       "32-bit float format")
                                       .arg(info.deviceName());
            } else {
                m_format = format;
                m_deviceName = info.deviceName();
                m_output = new QAudioOutput(info, format, this);
                const auto bufferFrames =
                    static_cast<int>(static_cast<std::int64_t>(format.sampleRate()) *
                                     m_options.deviceBufferNs / 1'000'000'000);
                m_output->setBufferSize(bufferFrames * format.bytesPerFrame());
                m_prefillExtraNs = m_options.deviceBufferNs;
            }
        }
    }
    m_rateHz = m_format.sampleRate();
    m_channels = m_format.channelCount();
    m_float = m_format.sampleType() == QAudioFormat::Float;
    m_ring = std::make_unique<SpscRing<float>>(static_cast<std::size_t>(m_rateHz), m_channels);
    m_mixer = std::make_unique<RenderMixer>(m_rateHz, m_channels);
    m_reader = new RingReader(
        *m_ring, m_float ? RingReader::Encoding::Float32 : RingReader::Encoding::Int16, this);
    if (m_output == nullptr) {
        QTextStream(stderr) << "portscope: audio: " << m_fallbackReason
                            << "; pacing by the steady clock instead\n";
    }
    return m_output != nullptr;
}

void LiveAudioOutput::attach(ScenarioRun& run) {
    const ScenarioSpec& spec = run.spec();
    for (std::size_t i = 0; i < spec.streams.size(); ++i) {
        if (spec.streams[i].direction == StreamDirection::Render) {
            run.setRenderTap(i, addStream(i, spec.streams[i].format));
        }
    }
}

PcmSink* LiveAudioOutput::addStream(std::size_t runStream, const AudioFormat& format) {
    if (m_mixerIndex.size() <= runStream) {
        m_mixerIndex.resize(runStream + 1, -1);
    }
    PcmSink* sink = m_mixer->addStream(format);
    m_mixerIndex[runStream] = static_cast<int>(m_mixer->streamCount() - 1);
    const std::string problem = m_mixer->streamError(m_mixer->streamCount() - 1);
    if (!problem.empty()) {
        QTextStream(stderr) << "portscope: audio: stream " << runStream
                            << " stays silent: " << QString::fromStdString(problem) << '\n';
    }
    return sink;
}

void LiveAudioOutput::restartTimeline(ScenarioRun& run, TimeNs simNowNs) {
    m_ring->discardQueued();
    m_mixer = std::make_unique<RenderMixer>(m_rateHz, m_channels);
    m_mixer->startAt(simNowNs);
    m_mixerIndex.clear();
    m_frameOffset = m_mixer->framesMixed() - static_cast<std::int64_t>(m_ring->framesPushed());
    m_ended = false;
    m_reader->requestHold();
    setFeeding(true);
    attach(run);
}

void LiveAudioOutput::detach(ScenarioRun& run) {
    const ScenarioSpec& spec = run.spec();
    for (std::size_t i = 0; i < spec.streams.size(); ++i) {
        if (spec.streams[i].direction == StreamDirection::Render) {
            run.setRenderTap(i, nullptr);
        }
    }
    setFeeding(false);
    m_reader->requestHold();
    m_ring->discardQueued();
}

void LiveAudioOutput::setFeeding(bool feeding) {
    m_feeding = feeding;
    m_reader->setCountShortfall(feeding && !m_ended);
}

void LiveAudioOutput::setMuted(std::size_t runStream, bool muted) {
    if (runStream < m_mixerIndex.size() && m_mixerIndex[runStream] >= 0) {
        m_mixer->setMuted(static_cast<std::size_t>(m_mixerIndex[runStream]), muted);
    }
}

void LiveAudioOutput::setSolo(std::size_t runStream, bool solo) {
    if (runStream < m_mixerIndex.size() && m_mixerIndex[runStream] >= 0) {
        m_mixer->setSolo(static_cast<std::size_t>(m_mixerIndex[runStream]), solo);
    }
}

void LiveAudioOutput::produce(TimeNs simNowNs) {
    m_mixBuffer.clear();
    const std::size_t frames = m_mixer->mixUpTo(simNowNs, &m_mixBuffer);
    m_droppedFrames += static_cast<std::int64_t>(frames - m_ring->push(m_mixBuffer.data(), frames));
}

void LiveAudioOutput::produceEnd() {
    m_mixBuffer.clear();
    const std::size_t frames = m_mixer->finish(&m_mixBuffer);
    m_droppedFrames += static_cast<std::int64_t>(frames - m_ring->push(m_mixBuffer.data(), frames));
    m_reader->setCountShortfall(false);
    m_ended = true;
}

void LiveAudioOutput::start() {
    if (m_started) {
        return;
    }
    m_started = true;
    m_prefillExtraNs = 0;
    m_lastProgress.start();
    if (m_output == nullptr) {
        m_clockRunning = true;
        m_clockOriginFrames = static_cast<std::int64_t>(m_ring->framesPopped());
        m_clock.start();
        return;
    }
    // Nothing has played yet: there is nothing to flush.
    m_reader->releaseHolds(m_reader->holdRequests());
    m_reader->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    connect(m_output, &QAudioOutput::stateChanged, this, &LiveAudioOutput::onStateChanged);
    m_output->start(m_reader);
    if (m_output->error() != QAudio::NoError || m_output->state() == QAudio::StoppedState) {
        fallBack(QStringLiteral("the audio device '%1' did not start (%2)")
                     .arg(m_deviceName, audioErrorName(m_output->error())));
        return;
    }
    const int bytesPerFrame = m_format.bytesPerFrame();
    m_deviceBufferNs = framesToNs(m_output->bufferSize() / bytesPerFrame);
    m_devicePeriodNs = framesToNs(m_output->periodSize() / bytesPerFrame);
}

void LiveAudioOutput::stop() {
    if (m_output != nullptr) {
        disconnect(m_output, nullptr, this, nullptr);
        m_output->stop();
    }
    if (m_reader != nullptr && m_reader->isOpen()) {
        m_reader->close();
    }
    m_clockRunning = false;
    m_started = false;
}

void LiveAudioOutput::pump() {
    if (!m_started) {
        return;
    }
    if (m_reader->held()) {
        // Read first: a hold requested during the flush stays outstanding.
        const std::uint32_t requests = m_reader->holdRequests();
        flushDevice();
        m_reader->releaseHolds(requests);
    }
    const auto consumed = static_cast<std::int64_t>(m_ring->framesPopped());
    if (m_clockRunning) {
        const std::int64_t elapsedNs = m_clock.nsecsElapsed();
        const std::int64_t due = m_clockOriginFrames + elapsedNs / 1'000'000'000 * m_rateHz +
                                 elapsedNs % 1'000'000'000 * m_rateHz / 1'000'000'000;
        const auto want = static_cast<std::size_t>(std::max<std::int64_t>(0, due - consumed));
        const std::size_t got = m_ring->skip(want);
        // The clock does not run ahead of what was produced: the frames it
        // found missing are due again only once they are there.
        m_clockOriginFrames -= static_cast<std::int64_t>(want - got);
    } else if (m_output != nullptr && (m_ended || !m_feeding)) {
        m_lastConsumed = -1;  // a paused run consumes nothing: no stall
    } else if (m_output != nullptr) {
        if (consumed != m_lastConsumed) {
            m_lastConsumed = consumed;
            m_lastProgress.restart();
        } else if (m_lastProgress.elapsed() > kStallTimeoutMs) {
            fallBack(QStringLiteral("the audio device '%1' consumed nothing for %2 ms")
                         .arg(m_deviceName)
                         .arg(kStallTimeoutMs));
        }
    }
    if (m_ring->availableFrames() != 0) {
        m_sinceEmpty.invalidate();
    } else if ((m_ended || !m_feeding) && !m_sinceEmpty.isValid()) {
        m_sinceEmpty.start();
    }
}

bool LiveAudioOutput::drained() const {
    if ((!m_ended && m_feeding) || m_ring->availableFrames() != 0 || !m_sinceEmpty.isValid()) {
        return false;
    }
    // The device still plays what it holds: wait its buffer out.
    const qint64 tailMs = m_output != nullptr ? m_deviceBufferNs / 1'000'000 + 50 : 0;
    return m_sinceEmpty.elapsed() >= tailMs;
}

TimeNs LiveAudioOutput::targetSimTimeNs() const {
    // Before start() the device's first read takes a whole buffer at once:
    // the prefill covers it, so the ring still holds its target afterwards.
    const TimeNs aheadNs = m_options.ringTargetNs + m_prefillExtraNs.load();
    const auto ahead = static_cast<std::int64_t>(m_rateHz) * aheadNs / 1'000'000'000;
    const auto frames = static_cast<std::int64_t>(m_ring->framesPopped()) + m_frameOffset + ahead;
    return framesToNs(frames) + m_mixer->mixLatencyNs();
}

TimeNs LiveAudioOutput::audibleSimTimeNs() const {
    const std::int64_t frame =
        static_cast<std::int64_t>(m_ring->framesPopped()) + m_frameOffset - deviceQueuedFrames();
    return framesToNs(std::max<std::int64_t>(0, frame));
}

std::int64_t LiveAudioOutput::deviceQueuedFrames() const {
    if (m_output == nullptr ||
        (m_output->state() != QAudio::ActiveState && m_output->state() != QAudio::IdleState)) {
        return 0;
    }
    return std::max(0, m_output->bufferSize() - m_output->bytesFree()) / m_format.bytesPerFrame();
}

QString LiveAudioOutput::formatText() const {
    return QStringLiteral("%1 Hz, %2 ch, %3")
        .arg(m_rateHz)
        .arg(m_channels)
        .arg(m_float ? QStringLiteral("32-bit float") : QStringLiteral("16-bit signed"));
}

TimeNs LiveAudioOutput::latencyNs() const {
    return framesToNs(static_cast<std::int64_t>(m_ring->availableFrames()) + deviceQueuedFrames());
}

TimeNs LiveAudioOutput::deviceProcessedNs() const {
    return m_output != nullptr ? m_processedBeforeRestartsNs + m_output->processedUSecs() * 1000
                               : m_processedBeforeFallbackNs;
}

// QAudioOutput::reset() drops what the backend holds and stops the device
// (it emits StoppedState without an error, which onStateChanged ignores
// anyway); starting it again opens a fresh, empty stream on the same reader.
void LiveAudioOutput::flushDevice() {
    if (m_output == nullptr) {
        return;  // the steady-clock consumer holds nothing
    }
    m_processedBeforeRestartsNs += m_output->processedUSecs() * 1000;
    disconnect(m_output, nullptr, this, nullptr);
    m_output->reset();
    if (!m_reader->isOpen()) {
        m_reader->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    connect(m_output, &QAudioOutput::stateChanged, this, &LiveAudioOutput::onStateChanged);
    m_output->start(m_reader);
    ++m_deviceFlushes;
    if (m_output->error() != QAudio::NoError || m_output->state() == QAudio::StoppedState) {
        fallBack(QStringLiteral("the audio device '%1' did not restart (%2)")
                     .arg(m_deviceName, audioErrorName(m_output->error())));
    }
}

void LiveAudioOutput::fallBack(const QString& reason) {
    if (m_output != nullptr) {
        m_processedBeforeFallbackNs =
            m_processedBeforeRestartsNs + m_output->processedUSecs() * 1000;
        disconnect(m_output, nullptr, this, nullptr);
        m_output->stop();
        m_output->deleteLater();
        m_output = nullptr;
    }
    m_fallbackReason = reason;
    QTextStream(stderr) << "portscope: audio: " << reason
                        << "; pacing by the steady clock instead\n";
    if (m_started) {
        m_clockRunning = true;
        m_clockOriginFrames = static_cast<std::int64_t>(m_ring->framesPopped());
        m_clock.start();
    }
    emit fellBackToTimer(reason);
}

// The PulseAudio backend emits from its own thread, so this runs queued: the
// device may have left the state it reported (an underrun's IdleState is
// gone again once the next period is written), so the reported state counts.
// In pull mode the device reports IdleState only when it ran dry.
void LiveAudioOutput::onStateChanged(QAudio::State state) {
    if (m_output == nullptr) {
        return;
    }
    if (state == QAudio::IdleState && !m_ended && m_feeding) {
        ++m_deviceUnderruns;
    } else if (state == QAudio::StoppedState && m_output->error() != QAudio::NoError) {
        fallBack(QStringLiteral("the audio device '%1' stopped (%2)")
                     .arg(m_deviceName, audioErrorName(m_output->error())));
    }
}

TimeNs LiveAudioOutput::framesToNs(std::int64_t frames) const {
    return frames / m_rateHz * 1'000'000'000 + frames % m_rateHz * 1'000'000'000 / m_rateHz;
}

}  // namespace ps
