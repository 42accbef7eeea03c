// RecordingCaptureSink: keeps every captured packet and the concatenated bytes
// (for tests and tools).
#pragma once

#include "model/client/CaptureSink.h"

#include <vector>

namespace ps {

class RecordingCaptureSink final : public CaptureSink {
  public:
    struct Packet {
        std::int64_t firstFrame = 0;
        std::size_t frames = 0;
        std::uint64_t packetId = 0;
        NTSTATUS status = STATUS_SUCCESS;
        TimeNs completedAtNs = 0;
        std::uint32_t runIndex = 0;
        std::vector<std::uint8_t> bytes;
    };

    void onCapturedPacket(const CapturedPacket& packet) override;

    const std::vector<Packet>& packets() const { return m_packets; }
    // Every delivered byte, in order.
    const std::vector<std::uint8_t>& bytes() const { return m_bytes; }
    std::int64_t frameCount() const { return m_frames; }
    // The format of the last delivery (default AudioFormat before any).
    const AudioFormat& format() const { return m_format; }
    // bytes() decoded with format() (PcmEncoding); empty if not encodable.
    std::vector<float> samples() const;
    // Deliveries whose firstFrame did not continue the previous one.
    std::uint64_t discontinuities() const { return m_discontinuities; }
    void clear();

  private:
    std::vector<Packet> m_packets;
    std::vector<std::uint8_t> m_bytes;
    std::int64_t m_frames = 0;
    AudioFormat m_format;
    std::uint64_t m_discontinuities = 0;
};

}  // namespace ps
