// A WavePciClientPin for the client tests: a pin that "plays" (render) or
// "records" (capture) one packet at a time, in order, while in RUN.
//
// - The head packet takes (transfer bytes / bytes per frame) / rate seconds; when
//   that time is up its bytes are read from simulated memory through
//   kernel.systemSpace() (render, appended to played()) or written there from
//   captureSource (capture), and the packet completes with STATUS_SUCCESS.
// - Leaving RUN cancels the head's timer; the head starts over on the next RUN.
// - STOP cancels every queued packet except the first holdOnStop ones, which
//   complete successfully holdDelayNs later (like mapped packets a port leaves
//   to the miniport); cancelPacket cancels one packet. Cancels complete at once
//   or, with asyncCancel, as a scheduler event at the same time.
// - Knobs make it misbehave: failing submits, double completions, wrong ids,
//   synchronous completion inside submitPacket, a custom completion byte count.
#pragma once

#include "model/client/SampleSource.h"
#include "model/kernel/Kernel.h"
#include "model/portcls/WavePciClientPin.h"

#include <deque>
#include <functional>
#include <optional>
#include <vector>

namespace ps {

class FakeWavePciPin : public WavePciClientPin {
  public:
    struct Received {
        std::uint64_t packetId = 0;
        KSSTREAM_HEADER header{};
        std::vector<std::uint8_t> bytesAtSubmit;  // render: DataUsed bytes read at submit time
        TimeNs submittedAtNs = 0;
    };

    FakeWavePciPin(Kernel& kernel, const AudioFormat& format, bool render);

    // ---- WavePciClientPin
    NTSTATUS setState(KSSTATE state) override;
    KSSTATE state() const override { return m_state; }
    NTSTATUS getPosition(KSAUDIO_POSITION* position) override;
    NTSTATUS setDataFormat(const AudioFormat& format) override;
    const AudioFormat& dataFormat() const override { return m_format; }
    NTSTATUS getAllocatorFraming(KSALLOCATOR_FRAMING* framing) override;
    NTSTATUS submitPacket(const KSSTREAM_HEADER& header, PacketCompletionRoutine onComplete,
                          std::uint64_t* packetId) override;
    bool cancelPacket(std::uint64_t packetId) override;
    std::size_t pendingPacketCount() const override { return m_queue.size(); }

    // ---- test control
    // Completes a queued packet now, out of turn; false if unknown.
    bool completeNow(std::uint64_t packetId, NTSTATUS status, ULONG bytes);
    std::vector<std::uint64_t> pendingIds() const;

    // ---- knobs
    KSALLOCATOR_FRAMING framing{};
    NTSTATUS framingStatus = STATUS_SUCCESS;
    std::size_t holdOnStop = 0;
    TimeNs holdDelayNs = msToNs(1);
    bool asyncCancel = false;
    int failSubmits = 0;  // the next n submits fail
    NTSTATUS submitFailStatus = STATUS_INSUFFICIENT_RESOURCES;
    bool completeTwice = false;
    std::uint64_t idSkew = 0;                   // added to the id a completion reports
    int completeInsideSubmit = 0;               // the next n submits complete before returning
    std::function<ULONG(ULONG)> bytesToReport;  // transfer bytes -> reported bytes
    std::optional<KSSTATE> failStep;            // a step to this state fails
    NTSTATUS failStepStatus = STATUS_UNSUCCESSFUL;
    NTSTATUS formatStatus = STATUS_SUCCESS;
    SampleSource* captureSource = nullptr;  // capture data (nullptr = a byte ramp)

    // ---- observations
    const std::vector<std::uint8_t>& played() const { return m_played; }
    const std::vector<Received>& received() const { return m_received; }
    const std::vector<KSSTATE>& steps() const { return m_steps; }
    std::size_t maxPending() const { return m_maxPending; }
    std::int64_t capturedFrames() const { return m_captureFrame; }
    std::uint64_t completionsDelivered() const { return m_completions; }

  private:
    struct Entry {
        std::uint64_t id = 0;
        KSSTREAM_HEADER header{};
        PacketCompletionRoutine routine;
    };

    ULONG transferBytes(const KSSTREAM_HEADER& header) const {
        return streamHeaderTransferBytes(header, m_render);
    }
    void startHead();
    void finishHead();
    void complete(Entry entry, NTSTATUS status, ULONG bytes);
    void cancelAllForStop();

    Kernel& m_kernel;
    AudioFormat m_format;
    bool m_render;
    KSSTATE m_state = KSSTATE_STOP;
    std::deque<Entry> m_queue;
    std::uint64_t m_nextId = 100;
    EventId m_headEvent;
    std::vector<std::uint8_t> m_played;
    std::vector<Received> m_received;
    std::vector<KSSTATE> m_steps;
    std::size_t m_maxPending = 0;
    std::int64_t m_captureFrame = 0;
    std::uint64_t m_completions = 0;
    ULONGLONG m_playOffset = 0;
    ULONGLONG m_writeOffset = 0;
};

}  // namespace ps
