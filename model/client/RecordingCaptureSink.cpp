#include "model/client/RecordingCaptureSink.h"

#include "model/client/PcmEncoding.h"

namespace ps {

void RecordingCaptureSink::onCapturedPacket(const CapturedPacket& packet) {
    if (!m_packets.empty() &&
        packet.firstFrame !=
            m_packets.back().firstFrame + static_cast<std::int64_t>(m_packets.back().frames)) {
        ++m_discontinuities;
    }
    Packet p;
    p.firstFrame = packet.firstFrame;
    p.frames = packet.frames;
    p.packetId = packet.packetId;
    p.status = packet.status;
    p.completedAtNs = packet.completedAtNs;
    p.runIndex = packet.runIndex;
    if (packet.bytes != nullptr) {
        p.bytes.assign(packet.bytes, packet.bytes + packet.byteCount);
    }
    m_bytes.insert(m_bytes.end(), p.bytes.begin(), p.bytes.end());
    m_frames += static_cast<std::int64_t>(packet.frames);
    if (packet.format != nullptr) {
        m_format = *packet.format;
    }
    m_packets.push_back(std::move(p));
}

std::vector<float> RecordingCaptureSink::samples() const {
    return decodeToSamples(m_format, m_bytes);
}

void RecordingCaptureSink::clear() {
    m_packets.clear();
    m_bytes.clear();
    m_frames = 0;
    m_discontinuities = 0;
}

}  // namespace ps
