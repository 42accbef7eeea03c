#include "model/portcls/PortPinWavePci.h"

#include "model/portcls/DdiTrace.h"
#include "model/portcls/PinDataFormat.h"
#include "model/portcls/PinRequests.h"

#include <algorithm>

namespace ps {

CPortPinWavePci::CPortPinWavePci(CPortWavePci& port, ULONG pinId, bool capture,
                                 const AudioFormat& format, std::uint16_t traceStreamId)
    : CUnknownImpl(nullptr, "CPortPinWavePci"),
      m_port(port),
      m_kernel(port.kernel()),
      m_portRef(&port),
      m_pinId(pinId),
      m_capture(capture),
      m_format(format),
      m_streamId(traceStreamId),
      m_queue(port.kernel().systemSpace()),
      m_power(port.kernel(), traceStreamId) {}

CPortPinWavePci::~CPortPinWavePci() {
    close();
}

NTSTATUS CPortPinWavePci::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown || iid == IID_IPortWavePciStream) {
        return grantInterface<IPortWavePciStream>(this, object);
    }
    if (iid == IID_IServiceSink) {
        return grantInterface<IServiceSink>(this, object);
    }
    if (iid == IID_IPreFetchOffset) {
        // Windows XP and later answer it (DDI.md §4); ReactOS does not.
        return grantInterface<IPreFetchOffset>(this, object);
    }
    return refuseInterface(object);
}

NTSTATUS CPortPinWavePci::init() {
    PinDataFormat dataFormat(m_format);
    PMINIPORTWAVEPCISTREAM stream = nullptr;
    PSERVICEGROUP group = nullptr;
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWavePci::NewStream", m_streamId);
        call.uint("Pin", m_pinId)
            .flag("Capture", m_capture)
            .text("DataFormat", m_kernel.tracer().strings().intern(m_format.describe()));
        status = m_port.miniport()->NewStream(
            &stream, nullptr, NonPagedPool, static_cast<IPortWavePciStream*>(this), m_pinId,
            m_capture ? TRUE : FALSE, dataFormat.get(), &m_dmaChannel, &group);
        call.flag("ServiceGroup", group != nullptr).done(status);
    }
    if (!NT_SUCCESS(status) || stream == nullptr) {
        if (group != nullptr) {
            group->Release();
        }
        if (stream != nullptr) {
            stream->Release();
        }
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }
    m_stream.attach(stream);
    m_group.attach(group);
    {
        DdiCall call(m_kernel, "port", "IMiniportWavePciStream::GetAllocatorFraming", m_streamId);
        m_framingStatus = m_stream->GetAllocatorFraming(&m_framing);
        call.uint("Frames", m_framing.Frames)
            .uint("FrameSize", m_framing.FrameSize)
            .done(m_framingStatus);
    }
    if (m_group) {
        m_group->AddMember(static_cast<IServiceSink*>(this));
    } else {
        m_kernel.KeInitializeDpc(&m_timerDpc, &CPortPinWavePci::ownTimerDpc, this,
                                 "port stream timer");
        m_kernel.KeInitializeTimer(&m_timer, "port stream timer");
        m_hasOwnTimer = true;
    }
    m_initialized = true;
    return STATUS_SUCCESS;
}

// ------------------------------------------------------------ IPortWavePciStream

NTSTATUS CPortPinWavePci::GetMapping(PVOID Tag, PPHYSICAL_ADDRESS PhysicalAddress,
                                     PVOID* VirtualAddress, PULONG ByteCount, PULONG Flags) {
    DdiCall call(m_kernel, "miniport", "IPortWavePciStream::GetMapping", m_streamId);
    const std::uint64_t tag = reinterpret_cast<std::uintptr_t>(Tag);
    call.hex("Tag", tag);
    if (PhysicalAddress == nullptr || VirtualAddress == nullptr || ByteCount == nullptr ||
        Flags == nullptr) {
        call.done(STATUS_INVALID_PARAMETER);
        return STATUS_INVALID_PARAMETER;
    }
    WavePciMapping m;
    switch (m_queue.getMapping(tag, m_kernel.scheduler().now(), &m)) {
        case WavePciMappingQueue::GetResult::Ok:
            *PhysicalAddress = m.physicalAddress;
            *VirtualAddress = simVaToPointer(m.virtualAddress);
            *ByteCount = m.byteCount;
            *Flags = m.flags;
            call.hex("PhysicalAddress", m.physicalAddress)
                .hex("VirtualAddress", m.virtualAddress)
                .uint("ByteCount", m.byteCount)
                .uint("Flags", m.flags)
                .uint("PacketId", m.packetId)
                .done(STATUS_SUCCESS);
            return STATUS_SUCCESS;
        case WavePciMappingQueue::GetResult::NoData:
            m_mappingRefused = true;
            call.done(STATUS_NOT_FOUND);
            return STATUS_NOT_FOUND;
        case WavePciMappingQueue::GetResult::TagInUse:
            break;
    }
    call.text("Problem", "tag already in use").done(STATUS_INVALID_PARAMETER);
    return STATUS_INVALID_PARAMETER;
}

NTSTATUS CPortPinWavePci::ReleaseMapping(PVOID Tag) {
    DdiCall call(m_kernel, "miniport", "IPortWavePciStream::ReleaseMapping", m_streamId);
    const std::uint64_t tag = reinterpret_cast<std::uintptr_t>(Tag);
    call.hex("Tag", tag);
    const auto r = m_queue.releaseMapping(tag, m_kernel.scheduler().now());
    switch (r.result) {
        case WavePciMappingQueue::ReleaseResult::Ok:
            call.uint("ByteCount", r.mapping.byteCount)
                .uint("PacketId", r.mapping.packetId)
                .flag("OutOfOrder", r.outOfOrder)
                .done(STATUS_SUCCESS);
            completeFinished();
            return STATUS_SUCCESS;
        case WavePciMappingQueue::ReleaseResult::AlreadyEnded:
            call.text("Problem", r.mapping.state == MappingState::Revoked ? "tag was revoked"
                                                                          : "tag already released")
                .done(STATUS_INVALID_PARAMETER);
            return STATUS_INVALID_PARAMETER;
        case WavePciMappingQueue::ReleaseResult::UnknownTag:
            break;
    }
    call.text("Problem", "unknown tag").done(STATUS_INVALID_PARAMETER);
    return STATUS_INVALID_PARAMETER;
}

NTSTATUS CPortPinWavePci::TerminatePacket() {
    DdiCall call(m_kernel, "miniport", "IPortWavePciStream::TerminatePacket", m_streamId);
    const bool terminated = m_queue.terminateCurrentPacket();
    call.flag("Terminated", terminated).done(STATUS_SUCCESS);
    completeFinished();
    return STATUS_SUCCESS;
}

void CPortPinWavePci::SetPreFetchOffset(ULONG PreFetchOffset) {
    DdiCall call(m_kernel, "miniport", "IPreFetchOffset::SetPreFetchOffset", m_streamId);
    call.uint("PreFetchOffset", PreFetchOffset).doneVoid();
    m_preFetchOffset = PreFetchOffset;
    m_preFetchSet = true;
}

void CPortPinWavePci::RequestService() {
    // Windows XP and later service only running streams (DDI.md §2).
    if (m_state != KSSTATE_RUN || !m_stream) {
        return;
    }
    DdiCall call(m_kernel, "port", "IMiniportWavePciStream::Service", m_streamId);
    m_stream->Service();
    call.doneVoid();
}

// ------------------------------------------------------------ client requests

NTSTATUS CPortPinWavePci::setState(KSSTATE state) {
    const bool open = m_initialized && !m_closed;
    const bool wasPending = m_power.pending();
    if (open) {
        m_power.beginRequest(state);
    }
    const NTSTATUS status =
        pinSetState(m_kernel, m_streamId, open, m_port.options().rawStateJumps, m_state, state,
                    [this](KSSTATE step) { return stepState(step); });
    if (open && wasPending && state == KSSTATE_STOP && m_state == KSSTATE_STOP) {
        // The held request never left STOP, so no step to STOP ran: the
        // packets queued for it are cancelled here, as a STOP does.
        onStopped();
    }
    return status;
}

void CPortPinWavePci::resumeStateRequest() {
    const NTSTATUS status =
        pinWalkStates(m_port.options().rawStateJumps, m_state, m_power.requestTarget(),
                      [this](KSSTATE step) { return stepState(step); });
    m_power.complete(status);
}

bool CPortPinWavePci::isLowLatency() const {
    // The audio one packet holds decides: short packets mean the client
    // keeps little queued ahead of the device.
    const std::uint64_t bytesPerSecond = m_format.bytesPerSecond();
    if (m_lastPacketBytes == 0 || bytesPerSecond == 0) {
        return false;
    }
    const TimeNs packetNs =
        static_cast<TimeNs>(std::uint64_t{m_lastPacketBytes} * 1'000'000'000ull / bytesPerSecond);
    return packetNs < m_kernel.config().interference.lowLatencyBelowNs;
}

NTSTATUS CPortPinWavePci::stepState(KSSTATE to) {
    const KSSTATE from = m_state;
    AdapterPowerManager* power = m_port.adapterPower();
    if (from == KSSTATE_STOP && to != KSSTATE_STOP &&
        !m_power.admit(power, [this] { resumeStateRequest(); })) {
        return STATUS_PENDING;
    }
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWavePciStream::SetState", m_streamId);
        call.text("State", ksStateName(to)).text("From", ksStateName(from));
        status = m_stream->SetState(to);
        call.done(status);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_state = to;
    m_kernel.tracer().record(TraceRecord(TraceCategory::State, "port", "KSSTATE", m_streamId)
                                 .addText("From", ksStateName(from))
                                 .addText("To", ksStateName(to)));
    if (to == KSSTATE_RUN) {
        startOwnTimer();
    } else if (from == KSSTATE_RUN) {
        stopOwnTimer();
    }
    if (from == KSSTATE_STOP && to != KSSTATE_STOP) {
        m_power.activate(power);
    }
    m_power.setLowLatency(to == KSSTATE_RUN && isLowLatency());
    if (to == KSSTATE_STOP) {
        onStopped();
        m_power.release(power);
    }
    return STATUS_SUCCESS;
}

void CPortPinWavePci::onStopped() {
    if (m_capture) {
        // RUN->STOP terminates the capture packet being filled (DDI.md §3): it
        // completes with the data of its released mappings.
        m_queue.terminateCurrentPacket();
    }
    const auto held = m_queue.heldMappings();
    if (!held.empty()) {
        revokeHeld(held, "STOP");
    }
    m_queue.cancelAll();
    completeFinished();
    const std::size_t stillHeld = m_queue.heldCount();
    m_kernel.tracer().record(TraceRecord(TraceCategory::State, "port", "STOP complete", m_streamId)
                                 .addUInt("HeldMappings", stillHeld)
                                 .addUInt("PendingPackets", m_completions.size()));
    if (stillHeld == 0) {
        m_queue.resetOffsets();
    }
    m_mappingRefused = false;
}

void CPortPinWavePci::revokeHeld(const std::vector<const WavePciMapping*>& held, const char* why) {
    // Copy what we need: the miniport may call back into the queue meanwhile.
    const std::uint64_t firstTag = held.front()->tag;
    const std::uint64_t lastTag = held.back()->tag;
    const std::uint64_t firstSequence = held.front()->sequence;
    const std::uint64_t lastSequence = held.back()->sequence;
    const std::size_t count = held.size();
    KIRQL oldIrql = PASSIVE_LEVEL;
    m_kernel.KeRaiseIrql(std::max<KIRQL>(DISPATCH_LEVEL, m_kernel.KeGetCurrentIrql()), &oldIrql);
    ULONG revoked = 0;
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWavePciStream::RevokeMappings", m_streamId);
        call.hex("FirstTag", firstTag)
            .hex("LastTag", lastTag)
            .uint("Held", count)
            .text("Reason", why);
        status = m_stream->RevokeMappings(
            reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(firstTag)),
            reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(lastTag)), &revoked);
        call.uint("MappingsRevoked", revoked).done(status);
    }
    m_kernel.KeLowerIrql(oldIrql);
    if (NT_SUCCESS(status)) {
        // Mappings the miniport released meanwhile are not counted (an expected
        // race, DDI.md §2); whatever is still held in the range is now revoked.
        m_queue.markRevoked(firstSequence, lastSequence, m_kernel.scheduler().now());
    }
}

void CPortPinWavePci::completeFinished() {
    // The list is taken into the pin's spare vector (a nested call, if there
    // ever were one, would find it empty and simply allocate its own).
    std::vector<FinishedPacket> finished;
    finished.swap(m_finishedSpare);
    m_queue.takeFinished(finished);
    for (const FinishedPacket& f : finished) {
        auto it = findCompletion(f.packetId);
        if (it == m_completions.end()) {
            continue;
        }
        PacketCompletionRoutine routine = std::move(it->routine);
        m_completions.erase(it);
        const TimeNs nowNs = m_kernel.scheduler().now();
        m_kernel.tracer().record(
            TraceRecord(TraceCategory::Client, "port", "packet completed", m_streamId)
                .addUInt("PacketId", f.packetId)
                .addText("Status", ntStatusName(f.status))
                .addUInt("Bytes", f.bytes)
                .setStatus(f.status));
        if (routine) {
            // The client hears of it in its own context, after the current
            // DDI call has returned (as an I/O completion reaches a thread).
            m_kernel.scheduler().scheduleIn(
                0,
                [routine = std::move(routine),
                 done = PacketCompletion{f.packetId, f.status, f.bytes, nowNs}] { routine(done); },
                "packet completion");
        }
    }
    finished.clear();
    m_finishedSpare.swap(finished);
}

std::vector<CPortPinWavePci::PendingCompletion>::iterator CPortPinWavePci::findCompletion(
    std::uint64_t packetId) {
    const auto it = std::lower_bound(
        m_completions.begin(), m_completions.end(), packetId,
        [](const PendingCompletion& p, std::uint64_t id) { return p.packetId < id; });
    return it != m_completions.end() && it->packetId == packetId ? it : m_completions.end();
}

NTSTATUS CPortPinWavePci::getPosition(KSAUDIO_POSITION* position) {
    if (position == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    ULONGLONG play = 0;
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWavePciStream::GetPosition", m_streamId);
        status = m_stream->GetPosition(&play);
        call.uint("Position", play).text("State", ksStateName(m_state)).done(status);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    position->PlayOffset = play;
    if (m_capture) {
        position->WriteOffset = m_queue.bytesReleased();  // the read position
    } else {
        position->WriteOffset = m_preFetchSet ? play + m_preFetchOffset : m_queue.bytesMapped();
    }
    m_kernel.tracer().record(
        TraceRecord(TraceCategory::Property, "client", "KSPROPERTY_AUDIO_POSITION get", m_streamId)
            .addUInt("PlayOffset", position->PlayOffset)
            .addUInt("WriteOffset", position->WriteOffset)
            .setStatus(STATUS_SUCCESS));
    return STATUS_SUCCESS;
}

NTSTATUS CPortPinWavePci::setDataFormat(const AudioFormat& format) {
    return pinSetDataFormat(m_kernel, m_streamId, m_initialized && !m_closed, m_state,
                            m_stream.get(), "IMiniportWavePciStream::SetFormat", format, &m_format);
}

NTSTATUS CPortPinWavePci::getAllocatorFraming(KSALLOCATOR_FRAMING* framing) {
    if (framing == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (NT_SUCCESS(m_framingStatus)) {
        *framing = m_framing;
    }
    return m_framingStatus;
}

NTSTATUS CPortPinWavePci::submitPacket(const KSSTREAM_HEADER& header,
                                       PacketCompletionRoutine onComplete,
                                       std::uint64_t* packetId) {
    const std::uint32_t bytes = m_capture ? header.FrameExtent : header.DataUsed;
    const std::uint64_t id = m_nextPacketId;
    TraceRecord r(TraceCategory::Client, "client",
                  m_capture ? "IOCTL_KS_READ_STREAM" : "IOCTL_KS_WRITE_STREAM", m_streamId);
    r.addUInt("PacketId", id).addHex("Data", header.Data).addUInt("Bytes", bytes);
    if (!m_initialized || m_closed) {
        m_kernel.tracer().record(r.setStatus(STATUS_INVALID_DEVICE_STATE));
        return STATUS_INVALID_DEVICE_STATE;
    }
    const NTSTATUS status = m_queue.addPacket(id, header.Data, bytes, m_kernel.scheduler().now());
    m_kernel.tracer().record(r.setStatus(NT_SUCCESS(status) ? STATUS_PENDING : status));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ++m_nextPacketId;
    m_completions.push_back(PendingCompletion{id, std::move(onComplete)});
    m_lastPacketBytes = bytes;
    if (m_state == KSSTATE_RUN) {
        m_power.setLowLatency(isLowLatency());
    }
    if (packetId != nullptr) {
        *packetId = id;
    }
    const bool tell = m_mappingRefused ||
                      (m_port.options().mappingAvailableEveryPacket && m_state == KSSTATE_RUN);
    if (tell) {
        m_mappingRefused = false;
        DdiCall call(m_kernel, "port", "IMiniportWavePciStream::MappingAvailable", m_streamId);
        m_stream->MappingAvailable();
        call.doneVoid();
    }
    return STATUS_PENDING;
}

bool CPortPinWavePci::cancelPacket(std::uint64_t packetId) {
    m_kernel.tracer().record(TraceRecord(TraceCategory::Client, "client", "IoCancelIrp", m_streamId)
                                 .addUInt("PacketId", packetId));
    if (findCompletion(packetId) == m_completions.end()) {
        return false;
    }
    const auto held = m_queue.heldMappings(packetId);
    m_queue.cancelPacket(packetId);
    if (!held.empty()) {
        revokeHeld(held, "cancel");
    }
    completeFinished();
    return true;
}

void CPortPinWavePci::close() {
    if (m_closed) {
        return;
    }
    const bool wasPending = m_power.pending();
    m_power.cancel("pin closed");
    if (m_initialized && m_stream) {
        setState(KSSTATE_STOP);
        if (wasPending && m_state == KSSTATE_STOP) {
            onStopped();
        }
    }
    m_power.release(m_port.adapterPower());
    m_closed = true;
    stopOwnTimer();
    if (m_group) {
        m_group->RemoveMember(static_cast<IServiceSink*>(this));
    }
    m_group.reset();
    m_stream.reset();
    if (m_initialized) {
        m_port.pinClosed(m_pinId);
    }
    m_portRef.reset();
}

void CPortPinWavePci::startOwnTimer() {
    if (!m_hasOwnTimer) {
        return;
    }
    const LONG periodMs = m_port.options().ownTimerPeriodMs;
    LARGE_INTEGER due;
    due.QuadPart = -static_cast<LONGLONG>(periodMs) * 10'000;
    m_kernel.KeSetTimerEx(&m_timer, due, periodMs, &m_timerDpc);
}

void CPortPinWavePci::stopOwnTimer() {
    if (m_hasOwnTimer) {
        m_kernel.KeCancelTimer(&m_timer);
        m_kernel.KeRemoveQueueDpc(&m_timerDpc);
    }
}

void CPortPinWavePci::ownTimerDpc(KDPC*, PVOID context, PVOID, PVOID) {
    auto* self = static_cast<CPortPinWavePci*>(context);
    if (self->m_state != KSSTATE_RUN) {
        return;
    }
    ++self->m_timerTicks;
    self->m_kernel.tracer().record(TraceRecord(TraceCategory::Dpc, "port",
                                               "port timer: position and clock events",
                                               self->m_streamId)
                                       .addUInt("Tick", self->m_timerTicks));
}

}  // namespace ps
