// CaptureSink: where a capture client delivers what it read, one completed
// packet at a time, in submission order, on the simulation thread.
#pragma once

#include "model/kernel/NtStatus.h"
#include "model/ks/AudioFormat.h"
#include "model/sim/SimTime.h"

#include <cstddef>
#include <cstdint>

namespace ps {

struct CapturedPacket {
    // Index of the first frame in this delivery: the count of frames the
    // client delivered before it (since the client was created, across runs).
    // Consecutive deliveries are contiguous in this index even when the device
    // dropped data or the stream was stopped in between.
    std::int64_t firstFrame = 0;
    std::size_t frames = 0;
    const std::uint8_t* bytes = nullptr;  // frames * format.bytesPerFrame(), valid during the call
    std::size_t byteCount = 0;
    const AudioFormat* format = nullptr;  // the stream's format, valid during the call
    std::uint64_t packetId = 0;
    NTSTATUS status = STATUS_SUCCESS;  // a cancelled packet may still carry captured frames
    TimeNs completedAtNs = 0;
    std::uint32_t runIndex = 0;  // which start() of the client (1 = the first)
};

class CaptureSink {
  public:
    virtual ~CaptureSink() = default;
    // Called only for packets that carry at least one whole frame. It runs
    // inside the pin's completion routine: it must not call the client's
    // control methods (schedule a scheduler event to do that).
    virtual void onCapturedPacket(const CapturedPacket& packet) = 0;
};

}  // namespace ps
