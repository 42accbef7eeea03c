// The configuration of a WavePciClient and the records it keeps for the views
// and the tests (packets, lost frame ranges, errors, counters).
#pragma once

#include "model/kernel/NtStatus.h"
#include "model/ks/KsTypes.h"
#include "model/sim/SimTime.h"
#include "model/sim/TraceRecord.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace ps {

enum class StreamDirection : std::uint8_t { Render, Capture };
const char* streamDirectionName(StreamDirection direction);  // "render", "capture"

struct WavePciClientConfig {
    StreamDirection direction = StreamDirection::Render;
    // Audio per packet, in milliseconds of the pin's format, rounded down to
    // whole frames (at least one). 0 = the FrameSize of the pin's allocator
    // framing, rounded down to whole frames (10 ms if the framing is unusable).
    std::uint32_t packetMs = 10;
    // Buffers the client allocates, and so the packets it keeps queued while
    // streaming (at least 1).
    std::uint32_t packetsQueued = 4;
    // Stream id put on every trace record.
    std::uint16_t streamId = kNoStream;
    // Byte offset of each buffer's first byte within its first page, rounded
    // down to whole frames and kept below PAGE_SIZE. < 0 = default: the packet's
    // middle sits on a page boundary (PAGE_SIZE - min(packet bytes, PAGE_SIZE) / 2,
    // rounded down to whole frames), so every buffer is frame-aligned but not
    // page-aligned and spans at least two non-adjacent page frames.
    std::int32_t pageOffsetBytes = -1;
    // Render: when the source reports the end of its data, submit its last
    // frames in a short packet (DataUsed < FrameExtent) and then nothing more.
    // When false, the client keeps submitting the silence the source renders.
    bool stopAtEndOfData = false;
    // Newest packet and lost-range records kept (0 = keep all).
    std::size_t historyLimit = 65536;
    // Lateness injection: extra delay between refill n (1-based, counted over
    // the client's lifetime: each time a returned buffer wakes the client to
    // resubmit) and the client's reaction to it. Buffers returned meanwhile
    // wait for the same late refill. Unset or <= 0: the client refills at once.
    std::function<TimeNs(std::uint64_t refill)> extraDelayNs;
};

// What the client intends, not the pin's KSSTATE (which the pin reports).
enum class ClientMode : std::uint8_t {
    Stopped,  // no run; completions are recorded but buffers are not resubmitted
    Paused,   // a run in PAUSE: the queue is kept full
    Running,  // a run in RUN: the queue is kept full
    Closing,  // close() called; waiting for the pin to return buffers
    Closed,   // every buffer freed
};
const char* clientModeName(ClientMode mode);

enum class PacketStatus : std::uint8_t {
    Pending,       // the pin holds it
    Completed,     // completed with STATUS_SUCCESS
    Cancelled,     // completed with STATUS_CANCELLED
    Failed,        // completed with another status
    SubmitFailed,  // submitPacket returned an error; the pin never held it
};
const char* packetStatusName(PacketStatus status);

// One submission, in submission order.
struct SubmittedPacket {
    std::uint64_t serial = 0;    // the client's submission number, from 0
    std::uint64_t packetId = 0;  // the pin's id (0 when the submission failed)
    std::uint32_t runIndex = 0;  // which run (start()/pause() from Stopped), from 1
    std::uint32_t bufferIndex = 0;
    // Render: the source frame of the first frame in the packet.
    // Capture: the sink frame index of the first delivered frame (-1 until delivered).
    std::int64_t firstFrame = -1;
    ULONG frames = 0;           // render: frames in DataUsed; capture: FrameExtent in frames
    ULONG completedFrames = 0;  // render: frames played (completion bytes); capture: delivered
    PacketStatus status = PacketStatus::Pending;
    NTSTATUS submitStatus = STATUS_PENDING;
    NTSTATUS completionStatus = STATUS_PENDING;
    ULONG completionBytes = 0;  // PacketCompletion::bytes as reported
    TimeNs submittedAtNs = 0;
    TimeNs completedAtNs = -1;  // PacketCompletion::completedAtNs as reported
};

// Render frames that were submitted but will never be played.
enum class LossCause : std::uint8_t {
    Cancelled,        // the packet came back cancelled (cancelPackets, STOP, close)
    Failed,           // the packet came back with an error status
    ShortCompletion,  // success, but fewer bytes than DataUsed were reported played
};
const char* lossCauseName(LossCause cause);

struct LostFrameRange {
    std::int64_t firstFrame = 0;  // source frame
    std::int64_t frames = 0;
    std::uint64_t packetId = 0;
    LossCause cause = LossCause::Cancelled;
};

// Something the pin did wrong, or a request the client could not carry out.
struct ClientError {
    TimeNs atNs = 0;
    const char* what = "";  // static text
    std::uint64_t packetId = 0;
    NTSTATUS status = STATUS_SUCCESS;
};

struct WavePciClientCounters {
    std::uint64_t packetsSubmitted = 0;  // accepted by submitPacket
    std::uint64_t packetsCompleted = 0;  // came back with STATUS_SUCCESS
    std::uint64_t packetsCancelled = 0;  // came back with STATUS_CANCELLED
    std::uint64_t packetsFailed = 0;     // came back with another status
    std::uint64_t submitFailures = 0;    // submitPacket returned an error
    // Render: frames in accepted packets (DataUsed). Capture: frames of buffer
    // space offered (FrameExtent).
    std::uint64_t framesSubmitted = 0;
    // Render: completion bytes / bytes per frame. Capture: frames delivered.
    std::uint64_t framesCompleted = 0;
    std::uint64_t framesLost = 0;   // render: sum of the lost frame ranges
    std::uint64_t refills = 0;      // wakeups to resubmit returned buffers
    std::uint64_t lateRefills = 0;  // refills given an injected extra delay
    std::uint64_t errors = 0;
};

}  // namespace ps
