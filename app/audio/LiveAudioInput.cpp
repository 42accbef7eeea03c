#include "app/audio/LiveAudioInput.h"

#include "app/audio/PcmConvert.h"

#include <QAudioDeviceInfo>
#include <QAudioInput>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace ps {
namespace {

bool usableFormat(const QAudioFormat& f) {
    if (!f.isValid() || f.codec() != QLatin1String("audio/pcm") ||
        f.byteOrder() != QAudioFormat::LittleEndian || f.channelCount() < 1 ||
        f.sampleRate() < 8000) {
        return false;
    }
    return (f.sampleType() == QAudioFormat::SignedInt && f.sampleSize() == 16) ||
           (f.sampleType() == QAudioFormat::Float && f.sampleSize() == 32);
}

std::int64_t framesIn(TimeNs ns, std::uint32_t rateHz) {
    return static_cast<std::int64_t>(static_cast<double>(ns) * rateHz / 1e9);
}

}  // namespace

LiveAudioInput::LiveAudioInput(TimeNs primeNs, TimeNs tapeLimitNs, QObject* parent)
    : QObject(parent), m_primeNs(primeNs), m_tapeLimitNs(std::max<TimeNs>(0, tapeLimitNs)) {
    m_wanted.setSampleRate(48000);
    m_wanted.setChannelCount(2);
    m_wanted.setSampleSize(16);
    m_wanted.setCodec(QStringLiteral("audio/pcm"));
    m_wanted.setByteOrder(QAudioFormat::LittleEndian);
    m_wanted.setSampleType(QAudioFormat::SignedInt);
    m_format = m_wanted;
}

LiveAudioInput::~LiveAudioInput() {
    close();
}

bool LiveAudioInput::open(const QString& deviceName) {
    close();
    QAudioDeviceInfo info;
    if (deviceName.isEmpty()) {
        info = QAudioDeviceInfo::defaultInputDevice();
        if (info.isNull()) {
            fallBack(QStringLiteral("no audio input device"));
            return false;
        }
    } else {
        for (const QAudioDeviceInfo& d : QAudioDeviceInfo::availableDevices(QAudio::AudioInput)) {
            if (d.deviceName() == deviceName) {
                info = d;
                break;
            }
        }
        if (info.isNull()) {
            fallBack(QStringLiteral("the audio input '%1' is not available").arg(deviceName));
            return false;
        }
    }
    QAudioFormat format = m_wanted;
    if (!info.isFormatSupported(format)) {
        format = info.nearestFormat(m_wanted);
    }
    if (!usableFormat(format)) {
        fallBack(QStringLiteral("the audio input '%1' offers no 16-bit integer or 32-bit float "
                                "format")
                     .arg(info.deviceName()));
        return false;
    }
    m_fallbackReason.clear();
    m_deviceName = info.deviceName();
    m_input = new QAudioInput(info, format, this);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_format = format;
    m_haveDevice = true;
    return true;
}

void LiveAudioInput::openTestDevice(int rateHz, int channels, const QString& name) {
    close();
    m_testDevice = true;
    m_deviceName = name;
    m_fallbackReason.clear();
    std::lock_guard<std::mutex> lock(m_mutex);
    m_format.setSampleRate(rateHz);
    m_format.setChannelCount(channels);
    m_format.setSampleType(QAudioFormat::Float);
    m_format.setSampleSize(32);
    m_haveDevice = true;
}

void LiveAudioInput::close() {
    stop();
    if (m_input != nullptr) {
        delete m_input;
        m_input = nullptr;
    }
    m_testDevice = false;
    m_deviceName.clear();
    std::lock_guard<std::mutex> lock(m_mutex);
    m_haveDevice = false;
}

std::unique_ptr<SampleSource> LiveAudioInput::makeSource(std::size_t stream,
                                                         const AudioFormat& format) {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = std::find_if(m_streams.begin(), m_streams.end(),
                           [stream](const Stream& s) { return s.index == stream; });
    if (it != m_streams.end() && it->format.rateHz == format.rateHz &&
        it->format.channels == format.channels) {
        return it->tape ? std::make_unique<LiveInputSource>(it->tape) : nullptr;
    }
    if (it != m_streams.end()) {
        m_streams.erase(it);  // another format than before: another stream
    }
    Stream s;
    s.index = stream;
    s.format = format;
    if (m_haveDevice && format.rateHz > 0 && format.channels >= 1 && format.channels <= 8) {
        const auto primeFrames = static_cast<std::size_t>(framesIn(m_primeNs, format.rateHz));
        // A second of the stream's audio; a backlog of twice the priming is
        // old audio (CaptureTape.h).
        s.tape =
            std::make_shared<CaptureTape>(format.channels, format.rateHz, primeFrames,
                                          2 * primeFrames, framesIn(m_tapeLimitNs, format.rateHz));
    }
    m_streams.push_back(std::move(s));
    const Stream& made = m_streams.back();
    return made.tape ? std::make_unique<LiveInputSource>(made.tape) : nullptr;
}

void LiveAudioInput::newTapes() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_streams.clear();
}

void LiveAudioInput::start() {
    if (m_input == nullptr || m_device != nullptr) {
        return;
    }
    m_device = m_input->start();
    if (m_device == nullptr || m_input->error() != QAudio::NoError) {
        m_device = nullptr;
        const QString name = m_deviceName;
        close();
        fallBack(QStringLiteral("the audio input '%1' did not start").arg(name));
        return;
    }
    connect(m_device, &QIODevice::readyRead, this, &LiveAudioInput::onReadyRead);
    connect(m_input, &QAudioInput::stateChanged, this, &LiveAudioInput::onStateChanged);
}

void LiveAudioInput::onStateChanged(QAudio::State state) {
    if (m_input == nullptr || state != QAudio::StoppedState ||
        m_input->error() == QAudio::NoError) {
        return;
    }
    // Not deleted here: this runs inside the input's own signal.
    QAudioInput* failed = m_input;
    disconnect(failed, nullptr, this, nullptr);
    const QString name = m_deviceName;
    m_input = nullptr;
    m_device = nullptr;
    failed->deleteLater();
    close();
    const QAudio::Error error = failed->error();
    fallBack(QStringLiteral("the audio input '%1' stopped (%2)")
                 .arg(name, error == QAudio::FatalError
                                ? QStringLiteral("fatal error")
                                : QStringLiteral("error %1").arg(static_cast<int>(error))));
}

void LiveAudioInput::stop() {
    if (m_input != nullptr) {
        if (m_device != nullptr) {
            disconnect(m_device, nullptr, this, nullptr);
        }
        disconnect(m_input, nullptr, this, nullptr);
        m_input->stop();
    }
    m_device = nullptr;
}

void LiveAudioInput::onReadyRead() {
    if (m_device == nullptr) {
        return;
    }
    const QByteArray bytes = m_device->readAll();
    const AudioFormat deviceFormat =
        m_format.sampleType() == QAudioFormat::Float
            ? AudioFormat::ieeeFloat(static_cast<DWORD>(m_format.sampleRate()),
                                     static_cast<WORD>(m_format.channelCount()))
            : AudioFormat::pcm(static_cast<DWORD>(m_format.sampleRate()),
                               static_cast<WORD>(m_format.channelCount()), 16);
    const std::size_t frames =
        static_cast<std::size_t>(bytes.size()) / deviceFormat.bytesPerFrame();
    m_decoded.clear();
    decodePcm(deviceFormat, reinterpret_cast<const std::uint8_t*>(bytes.constData()), frames,
              m_format.channelCount(), &m_decoded);
    deliver(m_decoded.data(), frames);
}

void LiveAudioInput::deliver(const float* interleaved, std::size_t frames) {
    const int deviceChannels = m_format.channelCount();
    const auto channels = static_cast<std::size_t>(deviceChannels);
    for (std::size_t i = 0; i < frames * channels; ++i) {
        m_peak = std::max(m_peak, std::fabs(interleaved[i]));
    }
    m_framesReceived += static_cast<std::int64_t>(frames);
    std::lock_guard<std::mutex> lock(m_mutex);
    for (Stream& s : m_streams) {
        if (!s.tape) {
            continue;
        }
        if (!s.resampler || s.resamplerRateHz != m_format.sampleRate() ||
            s.resamplerChannels != deviceChannels) {
            s.resampler = std::make_unique<StreamResampler>(
                static_cast<double>(m_format.sampleRate()), static_cast<double>(s.format.rateHz),
                deviceChannels);
            s.resamplerRateHz = m_format.sampleRate();
            s.resamplerChannels = deviceChannels;
        }
        m_converted.clear();
        s.resampler->process(interleaved, frames, &m_converted);
        const std::size_t n = m_converted.size() / channels;
        const auto tapeChannels = static_cast<std::size_t>(s.tape->channels());
        m_mapped.assign(n * tapeChannels, 0.0f);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t c = 0; c < tapeChannels; ++c) {
                const std::size_t from = channels == 1 ? 0 : c;
                if (from < channels) {
                    m_mapped[i * tapeChannels + c] = m_converted[i * channels + from];
                }
            }
        }
        const std::int64_t discarded = s.tape->discardedFrames();
        m_droppedFrames += static_cast<std::int64_t>(n - s.tape->push(m_mapped.data(), n)) +
                           (s.tape->discardedFrames() - discarded);
    }
}

std::int64_t LiveAudioInput::shortfallFrames() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::int64_t n = 0;
    for (const Stream& s : m_streams) {
        n += s.tape ? s.tape->shortfallFrames() : 0;
    }
    return n;
}

std::int64_t LiveAudioInput::inexactFrames() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::int64_t n = 0;
    for (const Stream& s : m_streams) {
        n += s.tape ? s.tape->inexactFrames() : 0;
    }
    return n;
}

std::size_t LiveAudioInput::tapeCount() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return static_cast<std::size_t>(
        std::count_if(m_streams.begin(), m_streams.end(), [](const Stream& s) { return s.tape; }));
}

float LiveAudioInput::tapePeak() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    float peak = 0.0f;
    for (const Stream& s : m_streams) {
        peak = std::max(peak, s.tape ? s.tape->peak() : 0.0f);
    }
    return peak;
}

void LiveAudioInput::fallBack(const QString& reason) {
    m_fallbackReason = reason;
    QTextStream(stderr) << "portscope: audio: " << reason
                        << (tapeCount() == 0 ? "; capture streams keep their scenario signals\n"
                                             : "; capture streams record silence\n");
}

}  // namespace ps
