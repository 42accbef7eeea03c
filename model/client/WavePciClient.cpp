// WavePciClient: construction, buffers and the control requests. The packet
// flow (submission, completion, delivery) is in WavePciClientPackets.cpp.
#include "model/client/WavePciClient.h"

#include <algorithm>
#include <limits>

namespace ps {
namespace {

constexpr std::uint32_t kMaxPackets = 1024;
constexpr std::uint32_t kFallbackPacketMs = 10;
constexpr std::size_t kErrorLimit = 256;

ClientMode modeForPinState(KSSTATE state) {
    switch (state) {
        case KSSTATE_STOP:
            return ClientMode::Stopped;
        case KSSTATE_RUN:
            return ClientMode::Running;
        default:
            return ClientMode::Paused;
    }
}

}  // namespace

WavePciClient::WavePciClient(Kernel& kernel, WavePciClientPin& pin,
                             const WavePciClientConfig& config, SampleSource* source,
                             CaptureSink* sink)
    : m_kernel(kernel),
      m_pin(pin),
      m_config(config),
      m_source(source),
      m_sink(sink),
      m_format(pin.dataFormat()) {
    m_config.packetsQueued = std::clamp<std::uint32_t>(config.packetsQueued, 1u, kMaxPackets);
    m_kernel.tracer().record(traceRecord("open")
                                 .addText("Direction", streamDirectionName(m_config.direction))
                                 .addUInt("RateHz", m_format.rateHz)
                                 .addUInt("Channels", m_format.channels)
                                 .addUInt("ContainerBits", m_format.containerBits)
                                 .addUInt("ValidBits", m_format.validBits)
                                 .addBool("Float", m_format.sampleType == SampleType::Float)
                                 .addUInt("Packets", m_config.packetsQueued)
                                 .addUInt("PacketMs", m_config.packetMs));
    std::weak_ptr<int> alive = m_alive;
    m_pin.setStateCompletionRoutine([this, alive](KSSTATE target, NTSTATUS status) {
        if (!alive.expired()) {
            onStateCompleted(target, status);
        }
    });
    setUpBuffers();
}

std::uint64_t WavePciClient::framesQueued() const {
    std::uint64_t frames = 0;
    for (const InFlight& packet : m_inFlight) {
        frames += packet.completed ? 0 : packet.frames;
    }
    return frames;
}

WavePciClient::~WavePciClient() {
    if (m_mode != ClientMode::Closed && m_mode != ClientMode::Closing) {
        close();
    }
    m_kernel.scheduler().cancel(m_pumpEvent);
    m_kernel.scheduler().cancel(m_retryEvent);
    // Capture packets that completed but wait for an earlier one: the pin is
    // done with them and will not call their routines again.
    std::vector<std::pair<std::uint64_t, std::shared_ptr<ClientPacketBuffer>>> held;
    for (const InFlight& packet : m_inFlight) {
        const std::shared_ptr<ClientPacketBuffer>& buffer = m_slots[packet.slot].buffer;
        if (!buffer) {
            continue;
        }
        if (packet.completed) {
            buffer->release();
        } else {
            held.emplace_back(packet.serial, buffer);
        }
    }
    // From here on the pin's completion routines no longer reach this object;
    // a buffer the pin still holds is freed when the pin calls its routine.
    m_completionLink->orphan(std::move(held));
    m_alive.reset();
}

TraceRecord WavePciClient::traceRecord(const char* name) const {
    return TraceRecord(TraceCategory::Client, "client", name, m_config.streamId);
}

void WavePciClient::recordError(const char* what, std::uint64_t packetId, NTSTATUS status) {
    ++m_counters.errors;
    m_errors.push_back(ClientError{m_kernel.scheduler().now(), what, packetId, status});
    if (m_errors.size() > kErrorLimit) {
        m_errors.pop_front();
    }
    m_kernel.tracer().record(traceRecord("client error")
                                 .addText("What", what)
                                 .addUInt("PacketId", packetId)
                                 .setStatus(status));
}

// ------------------------------------------------------------ buffers

ULONG WavePciClient::choosePacketFrames() {
    const ULONG bytesPerFrame = m_format.bytesPerFrame();
    std::uint64_t frames = 0;
    const char* basis = "packetMs";
    if (m_config.packetMs > 0) {
        frames = std::uint64_t{m_format.rateHz} * m_config.packetMs / 1000u;
    } else {
        basis = "allocator framing";
        KSALLOCATOR_FRAMING framing{};
        m_kernel.tracer().record(traceRecord("get allocator framing"));
        const NTSTATUS status = m_pin.getAllocatorFraming(&framing);
        if (!NT_SUCCESS(status) || framing.FrameSize < bytesPerFrame) {
            recordError("allocator framing unusable; using 10 ms packets", 0, status);
            basis = "fallback 10 ms";
            frames = std::uint64_t{m_format.rateHz} * kFallbackPacketMs / 1000u;
        } else {
            frames = framing.FrameSize / bytesPerFrame;
        }
    }
    const std::uint64_t maxFrames = std::numeric_limits<ULONG>::max() / bytesPerFrame;
    frames = std::clamp<std::uint64_t>(frames, 1, maxFrames);
    m_kernel.tracer().record(traceRecord("packet size")
                                 .addText("Basis", basis)
                                 .addUInt("Frames", frames)
                                 .addUInt("Bytes", frames * bytesPerFrame));
    return static_cast<ULONG>(frames);
}

void WavePciClient::setUpBuffers() {
    m_ready = false;
    m_slots.clear();
    m_idle.clear();
    const ULONG bytesPerFrame = m_format.bytesPerFrame();
    if (bytesPerFrame == 0) {
        recordError("format has no frame size", 0, STATUS_INVALID_PARAMETER);
        return;
    }
    m_packetFrames = choosePacketFrames();
    const ULONG capacity = m_packetFrames * bytesPerFrame;
    if (m_config.pageOffsetBytes < 0) {
        const ULONG half = std::min<ULONG>(capacity, PAGE_SIZE) / 2;
        m_pageOffsetBytes = (PAGE_SIZE - half) / bytesPerFrame * bytesPerFrame;
        if (m_pageOffsetBytes >= PAGE_SIZE) {
            m_pageOffsetBytes = 0;
        }
    } else {
        const auto requested = static_cast<ULONG>(m_config.pageOffsetBytes) % PAGE_SIZE;
        m_pageOffsetBytes = requested / bytesPerFrame * bytesPerFrame;
    }
    for (std::uint32_t i = 0; i < m_config.packetsQueued; ++i) {
        auto buffer = ClientPacketBuffer::allocate(m_kernel, m_pageOffsetBytes, capacity);
        if (!buffer) {
            recordError("packet buffer allocation failed", 0, STATUS_INSUFFICIENT_RESOURCES);
            for (Slot& slot : m_slots) {
                slot.buffer->release();
            }
            m_slots.clear();
            m_idle.clear();
            return;
        }
        m_kernel.tracer().record(traceRecord("allocate buffer")
                                     .addUInt("Index", i)
                                     .addUInt("Pages", buffer->pages().size())
                                     .addHex("FirstPfn", buffer->pages().front())
                                     .addHex("Va", buffer->mappingVa())
                                     .addHex("Data", buffer->dataVa())
                                     .addUInt("Bytes", capacity));
        m_slots.push_back(Slot{std::move(buffer), false});
        m_idle.push_back(i);
    }
    m_ready = true;
}

void WavePciClient::releaseIdleBuffers() {
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        Slot& slot = m_slots[i];
        if (!slot.heldByPin && slot.buffer && slot.buffer->isAllocated()) {
            m_kernel.tracer().record(traceRecord("free buffer").addUInt("Index", i));
            slot.buffer->release();
        }
    }
}

const ClientPacketBuffer* WavePciClient::buffer(std::size_t index) const {
    if (index >= m_slots.size() || !m_slots[index].buffer ||
        !m_slots[index].buffer->isAllocated()) {
        return nullptr;
    }
    return m_slots[index].buffer.get();
}

bool WavePciClient::bufferHeldByPin(std::size_t index) const {
    return index < m_slots.size() && m_slots[index].heldByPin;
}

std::int64_t WavePciClient::nextFrame() const {
    return render() ? m_nextRenderFrame : m_nextCaptureFrame;
}

// ------------------------------------------------------------ control

void WavePciClient::beginRun() {
    ++m_runIndex;
    m_kernel.tracer().record(
        traceRecord("begin run").addUInt("RunIndex", m_runIndex).addInt("FirstFrame", nextFrame()));
}

NTSTATUS WavePciClient::setPinState(KSSTATE state, bool adoptPinStateOnFailure) {
    m_kernel.tracer().record(traceRecord("set state").addText("State", ksStateName(state)));
    const NTSTATUS status = m_pin.setState(state);
    if (status == STATUS_PENDING) {
        // The adapter is on its way back to D0; the queue stays primed and
        // the pin starts on it when the request completes.
        m_kernel.tracer().record(
            traceRecord("state request pending").addText("State", ksStateName(state)));
    } else if (!NT_SUCCESS(status)) {
        recordError("setState failed", 0, status);
        if (adoptPinStateOnFailure) {
            m_mode = modeForPinState(m_pin.state());
        }
    }
    return status;
}

void WavePciClient::onStateCompleted(KSSTATE target, NTSTATUS status) {
    m_kernel.tracer().record(traceRecord("state request completed")
                                 .addText("State", ksStateName(target))
                                 .setStatus(status));
    if (status == STATUS_CANCELLED) {
        return;  // a newer request (or close) replaced it
    }
    if (!NT_SUCCESS(status)) {
        recordError("pending setState failed", 0, status);
        if (m_mode != ClientMode::Closing && m_mode != ClientMode::Closed) {
            m_mode = modeForPinState(m_pin.state());
        }
    }
}

NTSTATUS WavePciClient::start() {
    m_kernel.tracer().record(traceRecord("start").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closing || m_mode == ClientMode::Closed) {
        recordError("start after close", 0, STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!m_ready) {
        recordError("start without buffers", 0, STATUS_INSUFFICIENT_RESOURCES);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (m_mode == ClientMode::Running) {
        return STATUS_SUCCESS;
    }
    if (m_mode == ClientMode::Stopped) {
        beginRun();
    }
    m_mode = ClientMode::Running;
    pump();  // prime (or top up) before the pin runs
    return setPinState(KSSTATE_RUN, true);
}

NTSTATUS WavePciClient::pause() {
    m_kernel.tracer().record(traceRecord("pause").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closing || m_mode == ClientMode::Closed) {
        recordError("pause after close", 0, STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!m_ready) {
        recordError("pause without buffers", 0, STATUS_INSUFFICIENT_RESOURCES);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (m_mode == ClientMode::Paused) {
        return STATUS_SUCCESS;
    }
    const bool newRun = m_mode == ClientMode::Stopped;
    if (newRun) {
        beginRun();
    }
    m_mode = ClientMode::Paused;
    if (newRun) {
        pump();
    }
    return setPinState(KSSTATE_PAUSE, true);
}

NTSTATUS WavePciClient::resume() {
    m_kernel.tracer().record(traceRecord("resume").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Running) {
        return STATUS_SUCCESS;
    }
    if (m_mode != ClientMode::Paused) {
        recordError("resume when not paused", 0, STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    m_mode = ClientMode::Running;
    pump();
    return setPinState(KSSTATE_RUN, true);
}

NTSTATUS WavePciClient::stop() {
    m_kernel.tracer().record(traceRecord("stop").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closing || m_mode == ClientMode::Closed) {
        recordError("stop after close", 0, STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (m_mode == ClientMode::Stopped && m_pin.state() == KSSTATE_STOP) {
        return STATUS_SUCCESS;
    }
    // Stopped first (a request the pin still holds is cancelled by this one), so packets that come
    // back during setState are not resubmitted.
    m_mode = ClientMode::Stopped;
    m_kernel.scheduler().cancel(m_pumpEvent);
    m_kernel.scheduler().cancel(m_retryEvent);
    return setPinState(KSSTATE_STOP, true);
}

std::size_t WavePciClient::cancelOutstanding() {
    // Copy the ids first: completions may arrive inside cancelPacket.
    std::vector<std::uint64_t> ids;
    for (const InFlight& packet : m_inFlight) {
        if (!packet.completed && packet.idKnown) {
            ids.push_back(packet.packetId);
        }
    }
    std::size_t accepted = 0;
    for (std::uint64_t id : ids) {
        m_kernel.tracer().record(traceRecord("cancel packet").addUInt("PacketId", id));
        if (m_pin.cancelPacket(id)) {
            ++accepted;
        } else {
            // Not an error: the pin may have finished the packet and not yet
            // delivered its completion.
            m_kernel.tracer().record(traceRecord("cancel refused").addUInt("PacketId", id));
        }
    }
    return accepted;
}

std::size_t WavePciClient::cancelPackets() {
    m_kernel.tracer().record(
        traceRecord("cancel packets").addUInt("Outstanding", m_inFlight.size()));
    return cancelOutstanding();
}

NTSTATUS WavePciClient::close() {
    m_kernel.tracer().record(traceRecord("close").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closing || m_mode == ClientMode::Closed) {
        return STATUS_SUCCESS;
    }
    m_mode = ClientMode::Closing;
    m_kernel.scheduler().cancel(m_pumpEvent);
    m_kernel.scheduler().cancel(m_retryEvent);
    NTSTATUS status = STATUS_SUCCESS;
    if (m_pin.state() != KSSTATE_STOP) {
        status = setPinState(KSSTATE_STOP, false);
    }
    // Closing the handle cancels what the pin still holds (IRP_MJ_CLEANUP).
    cancelOutstanding();
    releaseIdleBuffers();
    m_idle.clear();
    finishCloseIfIdle();
    return status;
}

void WavePciClient::finishCloseIfIdle() {
    if (m_mode != ClientMode::Closing) {
        return;
    }
    for (const Slot& slot : m_slots) {
        if (slot.heldByPin) {
            return;
        }
    }
    releaseIdleBuffers();
    m_mode = ClientMode::Closed;
    m_ready = false;
    m_kernel.tracer().record(traceRecord("closed"));
}

NTSTATUS WavePciClient::setDataFormat(const AudioFormat& format) {
    m_kernel.tracer().record(traceRecord("set data format")
                                 .addUInt("RateHz", format.rateHz)
                                 .addUInt("Channels", format.channels)
                                 .addUInt("ContainerBits", format.containerBits)
                                 .addUInt("ValidBits", format.validBits)
                                 .addBool("Float", format.sampleType == SampleType::Float));
    if (m_mode != ClientMode::Stopped || !m_inFlight.empty()) {
        recordError("setDataFormat needs a stopped client with no packet outstanding", 0,
                    STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    const NTSTATUS status = m_pin.setDataFormat(format);
    if (!NT_SUCCESS(status)) {
        recordError("setDataFormat failed", 0, status);
        return status;
    }
    releaseIdleBuffers();
    m_format = m_pin.dataFormat();
    setUpBuffers();
    return m_ready ? status : STATUS_INSUFFICIENT_RESOURCES;
}

}  // namespace ps
