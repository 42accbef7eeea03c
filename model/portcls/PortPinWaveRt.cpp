#include "model/portcls/PortPinWaveRt.h"

#include "model/portcls/AdapterPowerManager.h"
#include "model/portcls/DdiTrace.h"
#include "model/portcls/PinDataFormat.h"
#include "model/portcls/PinRequests.h"

#include <algorithm>

namespace ps {
namespace {

std::uint64_t pointerValue(const void* p) {
    return pointerToSimVa(p);
}

// Traces name kernel objects by their stable handles, not host addresses, so
// that a run's trace is the same on every run and machine.
std::uint64_t eventHandle(const KEVENT* event) {
    return event == nullptr ? 0 : event->traceHandle;
}

constexpr std::uint64_t kMdlTraceHandleBase = 0xFFFFE00000000000ull;

}  // namespace

CPortPinWaveRT::CPortPinWaveRT(CPortWaveRT& port, ULONG pinId, bool capture,
                               const AudioFormat& format, std::uint16_t traceStreamId)
    : CUnknownImpl(nullptr, "CPortPinWaveRT"),
      m_port(port),
      m_kernel(port.kernel()),
      m_portRef(&port),
      m_pinId(pinId),
      m_capture(capture),
      m_format(format),
      m_streamId(traceStreamId),
      m_power(port.kernel(), traceStreamId) {}

CPortPinWaveRT::~CPortPinWaveRT() {
    close();
}

NTSTATUS CPortPinWaveRT::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown || iid == IID_IPortWaveRTStream) {
        return grantInterface<IPortWaveRTStream>(this, object);
    }
    return refuseInterface(object);
}

NTSTATUS CPortPinWaveRT::init() {
    PinDataFormat dataFormat(m_format);
    PMINIPORTWAVERTSTREAM stream = nullptr;
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWaveRT::NewStream", m_streamId);
        call.uint("Pin", m_pinId)
            .flag("Capture", m_capture)
            .text("DataFormat", m_kernel.tracer().strings().intern(m_format.describe()));
        status = m_port.miniport()->NewStream(&stream, static_cast<IPortWaveRTStream*>(this),
                                              m_pinId, m_capture ? TRUE : FALSE, dataFormat.get());
        call.done(status);
    }
    if (!NT_SUCCESS(status) || stream == nullptr) {
        if (stream != nullptr) {
            stream->Release();
        }
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }
    m_stream.attach(stream);
    IMiniportWaveRTStreamNotification* notification = nullptr;
    {
        DdiCall call(m_kernel, "port", "IMiniportWaveRTStream::QueryInterface", m_streamId);
        status = m_stream->QueryInterface(IID_IMiniportWaveRTStreamNotification,
                                          reinterpret_cast<void**>(&notification));
        call.text("Interface", "IMiniportWaveRTStreamNotification").done(status);
    }
    if (NT_SUCCESS(status) && notification != nullptr) {
        m_notification.attach(notification);
    }
    m_initialized = true;
    return STATUS_SUCCESS;
}

// ------------------------------------------------------------ IPortWaveRTStream

std::uint64_t CPortPinWaveRT::mdlHandle(const MDL* mdl) const {
    if (mdl == nullptr) {
        return 0;
    }
    // Only MDLs this pin handed out are safe to read; anything else (a
    // miniport bug) is named by its address.
    const bool known =
        std::any_of(m_mdls.begin(), m_mdls.end(), [mdl](const auto& p) { return p.get() == mdl; });
    return known ? mdl->traceHandle : pointerValue(mdl);
}

PMDL CPortPinWaveRT::AllocatePagesForMdl(PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes) {
    DdiCall call(m_kernel, "miniport", "IPortWaveRTStream::AllocatePagesForMdl", m_streamId);
    call.hex("HighAddress", HighAddress).uint("TotalBytes", TotalBytes);
    PMDL result = nullptr;
    if (TotalBytes > 0 && TotalBytes <= 0xFFFFFFFFu) {
        const std::uint64_t pages = BYTES_TO_PAGES(TotalBytes);
        if (auto pfns = m_kernel.memory().allocatePages(pages, HighAddress)) {
            auto mdl = std::make_unique<MDL>();
            mdl->pages = std::move(*pfns);
            mdl->ByteOffset = 0;
            mdl->ByteCount = static_cast<ULONG>(TotalBytes);
            mdl->traceHandle =
                kMdlTraceHandleBase | std::uint64_t{m_streamId} << 24 | ++m_mdlsHandedOut << 12;
            result = mdl.get();
            m_mdls.push_back(std::move(mdl));
        }
    }
    call.hex("Mdl", mdlHandle(result)).doneVoid();
    return result;
}

PMDL CPortPinWaveRT::AllocateContiguousPagesForMdl(PHYSICAL_ADDRESS LowAddress,
                                                   PHYSICAL_ADDRESS HighAddress,
                                                   SIZE_T TotalBytes) {
    DdiCall call(m_kernel, "miniport", "IPortWaveRTStream::AllocateContiguousPagesForMdl",
                 m_streamId);
    call.hex("LowAddress", LowAddress)
        .hex("HighAddress", HighAddress)
        .uint("TotalBytes", TotalBytes);
    PMDL result = nullptr;
    if (TotalBytes > 0 && TotalBytes <= 0xFFFFFFFFu) {
        const std::uint64_t pages = BYTES_TO_PAGES(TotalBytes);
        if (auto first = m_kernel.memory().allocateContiguous(pages, 1, HighAddress, LowAddress)) {
            auto mdl = std::make_unique<MDL>();
            for (std::uint64_t i = 0; i < pages; ++i) {
                mdl->pages.push_back(*first + i);
            }
            mdl->ByteCount = static_cast<ULONG>(TotalBytes);
            mdl->contiguous = true;
            mdl->traceHandle =
                kMdlTraceHandleBase | std::uint64_t{m_streamId} << 24 | ++m_mdlsHandedOut << 12;
            result = mdl.get();
            m_mdls.push_back(std::move(mdl));
        }
    }
    call.hex("Mdl", mdlHandle(result)).doneVoid();
    return result;
}

PVOID CPortPinWaveRT::MapAllocatedPages(PMDL Mdl, MEMORY_CACHING_TYPE CacheType) {
    DdiCall call(m_kernel, "miniport", "IPortWaveRTStream::MapAllocatedPages", m_streamId);
    call.hex("Mdl", mdlHandle(Mdl)).text("CacheType", memoryCachingTypeName(CacheType));
    std::uint64_t va = 0;
    if (Mdl != nullptr) {
        if (auto mapped = m_kernel.systemSpace().mapMdl(*Mdl)) {
            va = *mapped;
        }
    }
    call.hex("BaseAddress", va).doneVoid();
    return simVaToPointer(va);
}

void CPortPinWaveRT::UnmapAllocatedPages(PVOID BaseAddress, PMDL Mdl) {
    DdiCall call(m_kernel, "miniport", "IPortWaveRTStream::UnmapAllocatedPages", m_streamId);
    call.hex("BaseAddress", pointerValue(BaseAddress)).hex("Mdl", mdlHandle(Mdl)).doneVoid();
    if (Mdl != nullptr) {
        m_kernel.systemSpace().unmapMdl(*Mdl);
    }
}

void CPortPinWaveRT::FreePagesFromMdl(PMDL Mdl) {
    DdiCall call(m_kernel, "miniport", "IPortWaveRTStream::FreePagesFromMdl", m_streamId);
    auto it =
        std::find_if(m_mdls.begin(), m_mdls.end(), [&](const auto& p) { return p.get() == Mdl; });
    call.hex("Mdl", mdlHandle(Mdl)).flag("Known", it != m_mdls.end()).doneVoid();
    if (it == m_mdls.end()) {
        m_kernel.reportViolation("FreePagesFromMdl of an unknown MDL",
                                 "the MDL did not come from this stream's page helpers");
        return;
    }
    if ((*it)->MappedSystemVa != 0) {
        m_kernel.systemSpace().unmapMdl(**it);
    }
    m_kernel.memory().freePages((*it)->pages);
    m_mdls.erase(it);
}

ULONG CPortPinWaveRT::GetPhysicalPagesCount(PMDL Mdl) {
    return Mdl != nullptr
               ? static_cast<ULONG>(ADDRESS_AND_SIZE_TO_SPAN_PAGES(Mdl->ByteOffset, Mdl->ByteCount))
               : 0;
}

PHYSICAL_ADDRESS CPortPinWaveRT::GetPhysicalPageAddress(PMDL Mdl, ULONG Index) {
    if (Mdl == nullptr || Index >= Mdl->pages.size()) {
        return 0;
    }
    return static_cast<PHYSICAL_ADDRESS>(Mdl->pages[Index]) << PAGE_SHIFT;
}

// ------------------------------------------------------------ client requests

NTSTATUS CPortPinWaveRT::setState(KSSTATE state) {
    const bool open = m_initialized && !m_closed;
    if (open) {
        m_power.beginRequest(state);
    }
    return pinSetState(m_kernel, m_streamId, open, m_port.options().rawStateJumps, m_state, state,
                       [this](KSSTATE step) { return stepState(step); });
}

void CPortPinWaveRT::resumeStateRequest() {
    const NTSTATUS status =
        pinWalkStates(m_port.options().rawStateJumps, m_state, m_power.requestTarget(),
                      [this](KSSTATE step) { return stepState(step); });
    m_power.complete(status);
}

NTSTATUS CPortPinWaveRT::stepState(KSSTATE to) {
    const KSSTATE from = m_state;
    AdapterPowerManager* power = m_port.adapterPower();
    if (from == KSSTATE_STOP && to != KSSTATE_STOP &&
        !m_power.admit(power, [this] { resumeStateRequest(); })) {
        return STATUS_PENDING;
    }
    if (to == KSSTATE_RUN) {
        samplePositionRegister("before RUN");
    }
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWaveRTStream::SetState", m_streamId);
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
    if (from == KSSTATE_STOP && to != KSSTATE_STOP) {
        m_power.activate(power);
    }
    if (to == KSSTATE_STOP) {
        m_power.release(power);
    }
    m_power.setLowLatency(to == KSSTATE_RUN && (m_power.lowLatency() || isLowLatency()));
    if (from == KSSTATE_RUN) {
        samplePositionRegister("after RUN");
    }
    return STATUS_SUCCESS;
}

bool CPortPinWaveRT::isLowLatency() const {
    const std::uint64_t bytesPerSecond = std::uint64_t{m_format.rateHz} * m_format.bytesPerFrame();
    if (m_bufferBytes == 0 || bytesPerSecond == 0) {
        return false;
    }
    const TimeNs bufferNs =
        static_cast<TimeNs>(std::uint64_t{m_bufferBytes} * 1'000'000'000ull / bytesPerSecond);
    return bufferNs < m_kernel.config().interference.lowLatencyBelowNs;
}

void CPortPinWaveRT::samplePositionRegister(const char* when) {
    if (m_positionRegisterVa == 0) {
        return;
    }
    const ULONG value = m_kernel.readMappedRegisterULONG(m_positionRegisterVa);
    m_kernel.tracer().record(
        TraceRecord(TraceCategory::Register, "port", "position register sample", m_streamId)
            .addText("When", when)
            .addUInt("Value", value)
            .addText("State", ksStateName(m_state)));
}

NTSTATUS CPortPinWaveRT::getPosition(KSAUDIO_POSITION* position) {
    if (position == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    KSAUDIO_POSITION p{};
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWaveRTStream::GetPosition", m_streamId);
        status = m_stream->GetPosition(&p);
        call.uint("PlayOffset", p.PlayOffset)
            .uint("WriteOffset", p.WriteOffset)
            .uint("BufferSize", m_bufferBytes)
            .text("State", ksStateName(m_state))
            .done(status);
    }
    if (NT_SUCCESS(status)) {
        *position = p;
    }
    return status;
}

NTSTATUS CPortPinWaveRT::setDataFormat(const AudioFormat& format) {
    return pinSetDataFormat(m_kernel, m_streamId, m_initialized && !m_closed, m_state,
                            m_stream.get(), "IMiniportWaveRTStream::SetFormat", format, &m_format);
}

NTSTATUS CPortPinWaveRT::getBuffer(ULONG requestedBytes, KSRTAUDIO_BUFFER* buffer) {
    return allocate(requestedBytes, 0, false, buffer);
}

NTSTATUS CPortPinWaveRT::getBufferWithNotification(ULONG requestedBytes, ULONG notificationCount,
                                                   KSRTAUDIO_BUFFER* buffer) {
    return allocate(requestedBytes, notificationCount, true, buffer);
}

NTSTATUS CPortPinWaveRT::allocate(ULONG requestedBytes, ULONG notificationCount,
                                  bool withNotification, KSRTAUDIO_BUFFER* buffer) {
    TraceRecord request(TraceCategory::Property, "client",
                        withNotification ? "KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION"
                                         : "KSPROPERTY_RTAUDIO_BUFFER",
                        m_streamId);
    request.addUInt("RequestedBufferSize", requestedBytes);
    if (withNotification) {
        request.addUInt("NotificationCount", notificationCount);
    }
    auto fail = [&](NTSTATUS status) {
        m_kernel.tracer().record(request.setStatus(status));
        return status;
    };
    if (buffer == nullptr) {
        return fail(STATUS_INVALID_PARAMETER);
    }
    if (!m_initialized || m_closed) {
        return fail(STATUS_INVALID_DEVICE_STATE);
    }
    if (m_bufferMdl != nullptr) {
        return fail(STATUS_INVALID_DEVICE_REQUEST);  // one buffer per pin
    }
    if (withNotification && !m_notification) {
        return fail(STATUS_NOT_SUPPORTED);
    }
    PMDL mdl = nullptr;
    ULONG actual = 0, offset = 0;
    MEMORY_CACHING_TYPE cache = MmCached;
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port",
                     withNotification
                         ? "IMiniportWaveRTStreamNotification::AllocateBufferWithNotification"
                         : "IMiniportWaveRTStream::AllocateAudioBuffer",
                     m_streamId);
        if (withNotification) {
            call.uint("NotificationCount", notificationCount);
        }
        call.uint("RequestedSize", requestedBytes);
        status =
            withNotification
                ? m_notification->AllocateBufferWithNotification(notificationCount, requestedBytes,
                                                                 &mdl, &actual, &offset, &cache)
                : m_stream->AllocateAudioBuffer(requestedBytes, &mdl, &actual, &offset, &cache);
        call.uint("ActualSize", actual)
            .uint("OffsetFromFirstPage", offset)
            .text("CacheType", memoryCachingTypeName(cache))
            .done(status);
    }
    if (!NT_SUCCESS(status)) {
        return fail(status);
    }
    if (mdl == nullptr || actual == 0 || offset >= PAGE_SIZE) {
        return fail(STATUS_UNSUCCESSFUL);
    }
    // Map the buffer for the client (ReactOS maps it into the caller's process).
    auto mappingVa = m_kernel.systemSpace().map(mdl->pages);
    if (!mappingVa) {
        return fail(STATUS_INSUFFICIENT_RESOURCES);
    }
    m_bufferMdl = mdl;
    m_bufferBytes = actual;
    m_notificationCount = notificationCount;
    m_bufferWithNotification = withNotification;
    m_clientMappingVa = *mappingVa;
    m_clientVa = *mappingVa + mdl->ByteOffset + offset;
    buffer->BufferAddress = m_clientVa;
    buffer->ActualBufferSize = actual;
    buffer->CallMemoryBarrier = cache == MmWriteCombined;
    if (actual < requestedBytes) {
        m_kernel.tracer().record(TraceRecord(TraceCategory::Property, "port",
                                             "buffer smaller than requested", m_streamId)
                                     .addUInt("RequestedBufferSize", requestedBytes)
                                     .addUInt("ActualBufferSize", actual));
    }
    m_kernel.tracer().record(request.addHex("BufferAddress", m_clientVa)
                                 .addUInt("ActualBufferSize", actual)
                                 .setStatus(STATUS_SUCCESS));
    return STATUS_SUCCESS;
}

NTSTATUS CPortPinWaveRT::releaseBuffer() {
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    // The miniport's DMA reads the buffer in every state above STOP.
    if (m_state != KSSTATE_STOP || m_power.pending()) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    freeBuffer();
    return STATUS_SUCCESS;
}

void CPortPinWaveRT::freeBuffer() {
    if (m_bufferMdl == nullptr) {
        return;
    }
    m_kernel.systemSpace().unmap(m_clientMappingVa);
    {
        DdiCall call(m_kernel, "port",
                     m_bufferWithNotification
                         ? "IMiniportWaveRTStreamNotification::FreeBufferWithNotification"
                         : "IMiniportWaveRTStream::FreeAudioBuffer",
                     m_streamId);
        call.hex("AudioBufferMdl", mdlHandle(m_bufferMdl))
            .uint("BufferSize", m_bufferBytes)
            .text("State", ksStateName(m_state));
        if (m_bufferWithNotification) {
            m_notification->FreeBufferWithNotification(m_bufferMdl, m_bufferBytes);
        } else {
            m_stream->FreeAudioBuffer(m_bufferMdl, m_bufferBytes);
        }
        call.doneVoid();
    }
    m_bufferMdl = nullptr;
    m_bufferBytes = 0;
    m_clientVa = 0;
    m_clientMappingVa = 0;
}

NTSTATUS CPortPinWaveRT::getPositionRegister(KSRTAUDIO_HWREGISTER* reg) {
    if (reg == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    KSRTAUDIO_HWREGISTER r{};
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWaveRTStream::GetPositionRegister", m_streamId);
        status = m_stream->GetPositionRegister(&r);
        call.hex("Register", r.Register)
            .uint("Width", r.Width)
            .uint("Accuracy", r.Accuracy)
            .done(status);
    }
    m_kernel.tracer().record(TraceRecord(TraceCategory::Property, "client",
                                         "KSPROPERTY_RTAUDIO_POSITIONREGISTER", m_streamId)
                                 .setStatus(status));
    if (NT_SUCCESS(status)) {
        *reg = r;
        m_positionRegisterVa = r.Register;
    }
    return status;
}

NTSTATUS CPortPinWaveRT::getClockRegister(KSRTAUDIO_HWREGISTER* reg) {
    if (reg == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    KSRTAUDIO_HWREGISTER r{};
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWaveRTStream::GetClockRegister", m_streamId);
        status = m_stream->GetClockRegister(&r);
        call.hex("Register", r.Register)
            .uint("Width", r.Width)
            .uint("Numerator", r.Numerator)
            .uint("Denominator", r.Denominator)
            .uint("Accuracy", r.Accuracy)
            .done(status);
    }
    m_kernel.tracer().record(TraceRecord(TraceCategory::Property, "client",
                                         "KSPROPERTY_RTAUDIO_CLOCKREGISTER", m_streamId)
                                 .setStatus(status));
    if (NT_SUCCESS(status)) {
        *reg = r;
    }
    return status;
}

NTSTATUS CPortPinWaveRT::getHwLatency(KSRTAUDIO_HWLATENCY* latency) {
    if (latency == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    KSRTAUDIO_HWLATENCY l{};
    DdiCall call(m_kernel, "port", "IMiniportWaveRTStream::GetHWLatency", m_streamId);
    m_stream->GetHWLatency(&l);
    call.uint("FifoSize", l.FifoSize)
        .uint("ChipsetDelay", l.ChipsetDelay)
        .uint("CodecDelay", l.CodecDelay)
        .doneVoid();
    *latency = l;
    return STATUS_SUCCESS;
}

NTSTATUS CPortPinWaveRT::registerNotificationEvent(PKEVENT event) {
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!m_notification) {
        return STATUS_NOT_SUPPORTED;
    }
    if (event == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port",
                     "IMiniportWaveRTStreamNotification::RegisterNotificationEvent", m_streamId);
        call.hex("NotificationEvent", eventHandle(event));
        status = m_notification->RegisterNotificationEvent(event);
        call.done(status);
    }
    if (NT_SUCCESS(status)) {
        m_events.push_back(event);
    }
    return status;
}

NTSTATUS CPortPinWaveRT::unregisterNotificationEvent(PKEVENT event) {
    if (!m_initialized || m_closed) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!m_notification) {
        return STATUS_NOT_SUPPORTED;
    }
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port",
                     "IMiniportWaveRTStreamNotification::UnregisterNotificationEvent", m_streamId);
        call.hex("NotificationEvent", eventHandle(event));
        status = m_notification->UnregisterNotificationEvent(event);
        call.done(status);
    }
    if (NT_SUCCESS(status)) {
        m_events.erase(std::remove(m_events.begin(), m_events.end(), event), m_events.end());
    }
    return status;
}

void CPortPinWaveRT::close() {
    if (m_closed) {
        return;
    }
    m_power.cancel("pin closed");
    if (m_initialized && m_stream && !m_port.options().closeWithoutStop) {
        setState(KSSTATE_STOP);
    }
    if (!m_events.empty()) {
        m_kernel.tracer().record(
            TraceRecord(TraceCategory::State, "port", "events left registered at close", m_streamId)
                .addUInt("Events", m_events.size()));
        const std::vector<PKEVENT> left = m_events;
        for (PKEVENT e : left) {
            unregisterNotificationEvent(e);
        }
    }
    if (m_initialized) {
        freeBuffer();
    }
    m_power.release(m_port.adapterPower());
    m_closed = true;
    m_kernel.tracer().record(TraceRecord(TraceCategory::State, "port", "pin closed", m_streamId)
                                 .addUInt("BufferBytes", m_bufferBytes)
                                 .addUInt("OutstandingMdls", m_mdls.size()));
    m_notification.reset();
    m_stream.reset();
    // Pages the miniport never gave back are reclaimed here (the pool would
    // be leaked on Windows; the verifier reports it through the trace above).
    for (auto& mdl : m_mdls) {
        if (mdl->MappedSystemVa != 0) {
            m_kernel.systemSpace().unmapMdl(*mdl);
        }
        m_kernel.memory().freePages(mdl->pages);
    }
    m_mdls.clear();
    if (m_initialized) {
        m_port.pinClosed(m_pinId);
    }
    m_portRef.reset();
}

}  // namespace ps
