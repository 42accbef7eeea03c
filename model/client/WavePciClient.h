// WavePciClient: the OS side of one WavePci stream, as the audio engine
// (KMixer, audiodg) drives it: it allocates packet buffers, keeps
// config.packetsQueued packets queued on the pin with IOCTL_KS_WRITE_STREAM
// (render) or IOCTL_KS_READ_STREAM (capture), sets the pin's KSSTATE, and
// refills (render) or drains (capture) every packet that comes back.
//
// Buffers. At construction (and after setDataFormat) the client reads the
// pin's format, sizes packets in whole frames (config.packetMs, or the pin's
// allocator framing) and allocates packetsQueued ClientPacketBuffers:
// non-contiguous pages, mapped at a system VA, each starting
// config.pageOffsetBytes into its first page (see ClientPacketBuffer.h).
//
// Render. Source frames are numbered from 0 for the client's lifetime; the
// client submits them in order, each frame at most once: a packet holds frames
// [n, n + packetFrames) where n is nextFrame() when it is filled. A packet is
// KSSTREAM_HEADER { Size = sizeof, FrameExtent = capacity, DataUsed = bytes
// written, Data = buffer VA }. Played audio therefore is the submitted frames
// in order minus lostFrames(): the frames of packets that came back cancelled
// or failed, or reported fewer bytes than DataUsed.
// Capture. Packets go out with DataUsed = 0 and FrameExtent = capacity. When
// one completes the client reads PacketCompletion::bytes (whole frames) from
// its buffer and hands them to the sink, in submission order (a packet that
// completes early waits for the ones before it).
//
// Runs. start() or pause() from Stopped begins a run: the client primes the
// queue (submits into every idle buffer) and then sets RUN (or PAUSE); the pin
// steps through the intermediate states itself. While Paused or Running each
// completion frees its buffer for the next packet. stop() sets STOP; packets
// come back cancelled, or completed, now or later, and are recorded but not
// resubmitted. The stop/start contract: a new run continues the source at
// nextFrame(), the frame after the last frame the client submitted; frames of
// the previous run that the pin cancelled are lost (listed in lostFrames()),
// never resubmitted. A submission the pin rejects consumes no frames: the next
// packet carries the same frames, and the client retries one packet duration
// later (while Paused or Running) if no completion triggers a refill first.
// A state request the pin holds while its adapter returns to D0
// (STATUS_PENDING, PinStateCompletion.h) is recorded as "state request
// pending"; the primed queue waits in the pin, and the stream starts when the
// request completes ("state request completed"). A pending request that
// fails is an error and the client adopts the pin's state; a cancelled one
// (stop() or close() first) changes nothing.
//
// cancelPackets() calls cancelPacket for every packet the pin holds. Cancelled
// render frames are lost by design and recorded as lost ranges; while running
// the client goes on with the next frames.
//
// close() sets STOP if needed, cancels what the pin still holds and frees every
// idle buffer; a buffer the pin still holds is freed when its completion
// arrives (mode() is Closing until then, Closed after). Memory the port may
// still map is never freed. The destructor closes the client if needed; a
// buffer the pin still holds then lives on inside its completion routine and
// is freed when that routine is called. (A routine the pin drops without
// calling it leaves its pages allocated: the client cannot know that the port
// stopped using them.)
//
// Robustness. Pin errors are recorded (errors(), a "client error" trace
// record), never thrown: a failed submitPacket or setState, a second
// completion of a packet, a completion whose packet id is not the one
// submitPacket returned (ignored: the buffer stays held), a completion
// reporting more bytes than the packet holds (clamped) or a partial frame
// (truncated), a completion for a failed submission.
//
// Reentrancy. The client never calls the pin from inside a completion routine:
// a completion only records and frees the buffer, and resubmission runs as a
// scheduler event at the same simulated time ("client refill"). So a port may
// complete packets synchronously, inside setState, cancelPacket or even
// submitPacket.
//
// Every client action is a Client trace record (source "client", the
// configured stream id), emitted as the action begins; errors follow as
// "client error" records with the pin's status.
//
// Lifetime: the Kernel must outlive the client and must be alive whenever the
// pin calls a completion routine (destroying a routine never touches it); the pin must outlive the
// client (or the client must be closed and its completions delivered first); the source and sink
// must outlive the client. Simulation thread only.
#pragma once

#include "model/client/CaptureSink.h"
#include "model/client/ClientPacketBuffer.h"
#include "model/client/SampleSource.h"
#include "model/client/WavePciClientTypes.h"
#include "model/kernel/Kernel.h"
#include "model/portcls/WavePciClientPin.h"

#include <deque>
#include <memory>
#include <utility>
#include <vector>

namespace ps {

class WavePciClient {
  public:
    // Render clients read `source` (nullptr = silence); capture clients deliver
    // to `sink` (nullptr = captured data is counted and dropped).
    WavePciClient(Kernel& kernel, WavePciClientPin& pin, const WavePciClientConfig& config,
                  SampleSource* source, CaptureSink* sink = nullptr);
    ~WavePciClient();
    WavePciClient(const WavePciClient&) = delete;
    WavePciClient& operator=(const WavePciClient&) = delete;

    // ---- control; each returns the pin's status for the state change, or
    // STATUS_INVALID_DEVICE_STATE when the request does not fit mode(), or
    // STATUS_INSUFFICIENT_RESOURCES when the client has no buffers.
    // Stopped: begin a run, prime, RUN. Paused: top up, RUN. Running: no-op.
    NTSTATUS start();
    // Running: PAUSE. Stopped: begin a run, prime, PAUSE. Paused: no-op.
    NTSTATUS pause();
    // Paused: top up, RUN. Running: no-op. Stopped: invalid (use start()).
    NTSTATUS resume();
    // Running or Paused: STOP. Stopped: STOP only if the pin is not in STOP.
    NTSTATUS stop();
    // cancelPacket for every packet the pin holds; returns how many the pin
    // accepted (its completions may arrive now or later).
    std::size_t cancelPackets();
    NTSTATUS close();
    // KSPROPERTY_CONNECTION_DATAFORMAT SET, then new buffers for the new
    // format. Only when Stopped with no packet outstanding.
    NTSTATUS setDataFormat(const AudioFormat& format);
    // Render: the source of the packets filled from now on (nullptr =
    // silence); it must outlive the client or be replaced first.
    void setSource(SampleSource* source) { m_source = source; }

    // ---- inspection
    ClientMode mode() const { return m_mode; }
    const WavePciClientConfig& config() const { return m_config; }
    const AudioFormat& format() const { return m_format; }
    bool hasBuffers() const { return m_ready; }
    ULONG packetFrames() const { return m_packetFrames; }
    ULONG packetBytes() const { return m_packetFrames * m_format.bytesPerFrame(); }
    ULONG pageOffsetBytes() const { return m_pageOffsetBytes; }
    std::size_t bufferCount() const { return m_slots.size(); }
    // Buffer `index` (nullptr once freed or out of range).
    const ClientPacketBuffer* buffer(std::size_t index) const;
    bool bufferHeldByPin(std::size_t index) const;
    // Submissions the pin holds (including capture packets that completed but
    // wait for an earlier one).
    std::size_t packetsOutstanding() const { return m_inFlight.size(); }
    // Frames in the submissions the pin has not completed yet: render, audio
    // queued ahead of the device (the stream's padding); capture, buffer space
    // offered and not yet filled. Traced as QueuedFrames on "submit packet"
    // and on each completion record.
    std::uint64_t framesQueued() const;
    // Render: the next source frame to submit. Capture: the sink frame index
    // the next delivered frame gets.
    std::int64_t nextFrame() const;
    std::uint32_t runIndex() const { return m_runIndex; }
    // Render: the source reported its end (endFrame()).
    bool endOfData() const { return m_endOfData; }
    const WavePciClientCounters& counters() const { return m_counters; }
    const std::deque<SubmittedPacket>& packets() const { return m_history; }
    const std::deque<LostFrameRange>& lostFrames() const { return m_lost; }
    const std::deque<ClientError>& errors() const { return m_errors; }

  private:
    struct Slot {
        std::shared_ptr<ClientPacketBuffer> buffer;
        bool heldByPin = false;
    };
    struct InFlight {
        std::uint64_t serial = 0;
        std::uint64_t packetId = 0;
        bool idKnown = false;
        bool completed = false;
        std::size_t slot = 0;
        std::uint32_t runIndex = 0;
        std::int64_t firstFrame = 0;
        ULONG frames = 0;
        ULONG transferBytes = 0;  // DataUsed (render) or FrameExtent (capture)
        PacketCompletion completion;
    };
    enum class SubmitResult { Submitted, NothingToSubmit, Failed };

    bool render() const { return m_config.direction == StreamDirection::Render; }
    TraceRecord traceRecord(const char* name) const;
    void onStateCompleted(KSSTATE target, NTSTATUS status);
    void recordError(const char* what, std::uint64_t packetId = 0,
                     NTSTATUS status = STATUS_SUCCESS);

    void setUpBuffers();
    void releaseIdleBuffers();
    ULONG choosePacketFrames();
    void beginRun();
    NTSTATUS setPinState(KSSTATE state, bool adoptPinStateOnFailure);
    void pump();
    void schedulePump();
    void scheduleRetry();
    SubmitResult submitInto(std::size_t slotIndex);
    ULONG fillRenderPacket(Slot& slot, std::int64_t firstFrame, bool* nothingLeft);
    void onCompletion(std::uint64_t serial, const PacketCompletion& completion);
    std::size_t cancelOutstanding();
    void finishPacket(const InFlight& done);
    void deliverCapture(const InFlight& done, ULONG frames, SubmittedPacket* history);
    void returnBuffer(std::size_t slotIndex);
    void finishCloseIfIdle();
    SubmittedPacket* historyFor(std::uint64_t serial);
    void trimHistory();

    Kernel& m_kernel;
    WavePciClientPin& m_pin;
    WavePciClientConfig m_config;
    SampleSource* m_source;
    CaptureSink* m_sink;
    SilenceSource m_silence;
    AudioFormat m_format;

    ClientMode m_mode = ClientMode::Stopped;
    bool m_ready = false;
    ULONG m_packetFrames = 0;
    ULONG m_pageOffsetBytes = 0;
    std::vector<Slot> m_slots;
    std::deque<std::size_t> m_idle;   // slots ready for the next packet, oldest first
    std::deque<InFlight> m_inFlight;  // in submission order
    EventId m_pumpEvent;
    EventId m_retryEvent;

    std::uint64_t m_nextSerial = 0;
    std::int64_t m_nextRenderFrame = 0;
    std::int64_t m_nextCaptureFrame = 0;
    std::uint32_t m_runIndex = 0;
    bool m_endOfData = false;
    bool m_reportedUnencodable = false;

    WavePciClientCounters m_counters;
    std::deque<SubmittedPacket> m_history;
    std::uint64_t m_historyFirstSerial = 0;
    std::deque<LostFrameRange> m_lost;
    std::deque<ClientError> m_errors;

    std::vector<float> m_scratch;
    std::vector<std::uint8_t> m_hostBytes;
    // The state completion routine holds a weak reference to this.
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);

    // Every packet's completion routine is this sink and the packet's serial,
    // so a submission allocates nothing. The destructor cuts the link to the
    // client and hands it the buffers the pin still holds: a routine the pin
    // calls after that only frees its packet's buffer.
    class CompletionLink final : public PacketCompletionSink {
      public:
        explicit CompletionLink(WavePciClient* client) : m_client(client) {}
        void onPacketCompletion(std::uint64_t serial, const PacketCompletion& completion) override;
        void orphan(
            std::vector<std::pair<std::uint64_t, std::shared_ptr<ClientPacketBuffer>>> heldBuffers);

      private:
        WavePciClient* m_client;
        std::vector<std::pair<std::uint64_t, std::shared_ptr<ClientPacketBuffer>>> m_heldBuffers;
    };
    std::shared_ptr<CompletionLink> m_completionLink = std::make_shared<CompletionLink>(this);
};

}  // namespace ps
