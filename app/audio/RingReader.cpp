#include "app/audio/RingReader.h"

#include "app/audio/PcmConvert.h"

#include <cstring>

namespace ps {

RingReader::RingReader(SpscRing<float>& ring, Encoding encoding, QObject* parent)
    : QIODevice(parent), m_ring(ring), m_encoding(encoding) {}

int RingReader::bytesPerFrame() const {
    const int bytesPerSample = m_encoding == Encoding::Int16 ? 2 : 4;
    return bytesPerSample * m_ring.channels();
}

qint64 RingReader::readData(char* data, qint64 maxSize) {
    if (held()) {
        return 0;
    }
    const auto channels = static_cast<std::size_t>(m_ring.channels());
    const auto wanted = static_cast<std::size_t>(maxSize / bytesPerFrame());
    m_scratch.resize(wanted * channels);
    const std::size_t got = m_ring.pop(m_scratch.data(), wanted);
    if (got < wanted && m_countShortfall) {
        m_shortfallFrames += static_cast<std::int64_t>(wanted - got);
    }
    if (m_encoding == Encoding::Int16) {
        // Encoded aside: the backend's buffer need not be 2-byte aligned.
        m_encoded.resize(got * channels);
        encodeInt16(m_scratch.data(), got * channels, m_encoded.data());
        std::memcpy(data, m_encoded.data(), got * channels * sizeof(std::int16_t));
    } else {
        std::memcpy(data, m_scratch.data(), got * channels * sizeof(float));
    }
    return static_cast<qint64>(got) * bytesPerFrame();
}

qint64 RingReader::writeData(const char*, qint64) {
    return -1;
}

}  // namespace ps
