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

}  // namespace

LiveAudioInput::LiveAudioInput(TimeNs primeNs, QObject* parent)
    : QObject(parent), m_primeNs(primeNs) {
    m_format.setSampleRate(48000);
    m_format.setChannelCount(2);
    m_format.setSampleSize(16);
    m_format.setCodec(QStringLiteral("audio/pcm"));
    m_format.setByteOrder(QAudioFormat::LittleEndian);
    m_format.setSampleType(QAudioFormat::SignedInt);
}

LiveAudioInput::~LiveAudioInput() {
    stop();
}

bool LiveAudioInput::open() {
    const QAudioDeviceInfo info = QAudioDeviceInfo::defaultInputDevice();
    if (info.isNull()) {
        fallBack(QStringLiteral("no audio input device"));
        return false;
    }
    QAudioFormat format = m_format;
    if (!info.isFormatSupported(format)) {
        format = info.nearestFormat(m_format);
    }
    if (!usableFormat(format)) {
        fallBack(QStringLiteral("the audio input '%1' offers no 16-bit integer or 32-bit float "
                                "format")
                     .arg(info.deviceName()));
        return false;
    }
    m_format = format;
    m_deviceName = info.deviceName();
    m_input = new QAudioInput(info, format, this);
    return true;
}

std::unique_ptr<SampleSource> LiveAudioInput::makeSource(const AudioFormat& format) {
    if (m_input == nullptr) {
        return nullptr;
    }
    Stream s;
    const std::size_t streamRate = format.rateHz;
    // A second of the stream's audio, at the device's channel count.
    s.ring = std::make_unique<SpscRing<float>>(streamRate, m_format.channelCount());
    s.resampler =
        std::make_unique<StreamResampler>(static_cast<double>(m_format.sampleRate()),
                                          static_cast<double>(streamRate), m_format.channelCount());
    const auto primeFrames =
        static_cast<std::size_t>(static_cast<std::int64_t>(streamRate) * m_primeNs / 1'000'000'000);
    auto source = std::make_unique<LiveInputSource>(*s.ring, primeFrames);
    s.source = source.get();
    m_streams.push_back(std::move(s));
    return source;
}

void LiveAudioInput::start() {
    if (m_input == nullptr || m_device != nullptr) {
        return;
    }
    m_device = m_input->start();
    if (m_device == nullptr || m_input->error() != QAudio::NoError) {
        m_device = nullptr;
        m_input->deleteLater();
        m_input = nullptr;
        fallBack(QStringLiteral("the audio input '%1' did not start").arg(m_deviceName));
        return;
    }
    connect(m_device, &QIODevice::readyRead, this, &LiveAudioInput::onReadyRead);
}

void LiveAudioInput::stop() {
    if (m_input != nullptr) {
        if (m_device != nullptr) {
            disconnect(m_device, nullptr, this, nullptr);
        }
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
    const auto channels = static_cast<std::size_t>(m_format.channelCount());
    for (std::size_t i = 0; i < frames * channels; ++i) {
        m_peak = std::max(m_peak, std::fabs(interleaved[i]));
    }
    m_framesReceived += static_cast<std::int64_t>(frames);
    for (Stream& s : m_streams) {
        m_converted.clear();
        s.resampler->process(interleaved, frames, &m_converted);
        const std::size_t n = m_converted.size() / channels;
        m_droppedFrames += static_cast<std::int64_t>(n - s.ring->push(m_converted.data(), n));
    }
}

std::int64_t LiveAudioInput::shortfallFrames() const {
    std::int64_t n = 0;
    for (const Stream& s : m_streams) {
        n += s.source->shortfallFrames();
    }
    return n;
}

void LiveAudioInput::fallBack(const QString& reason) {
    m_fallbackReason = reason;
    QTextStream(stderr) << "portscope: audio: " << reason
                        << (m_streams.empty() ? "; capture streams keep their scenario signals\n"
                                              : "; capture streams record silence\n");
}

}  // namespace ps
