#include "model/verifier/Verifier.h"

#include "model/kernel/Irql.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ps {
namespace {

// Record names and field texts are mostly the literals compared against
// (the same pointer) or differ in their first character.
bool is(const char* a, const char* b) {
    return a == b || (a[0] == b[0] && std::strcmp(a, b) == 0);
}

const char* textField(const TraceRecord& r, const char* name) {
    const TraceField* f = r.field(name);
    return f != nullptr && f->kind == TraceValueKind::Text ? f->text : "";
}

// The fields DdiCall::done() appends last to every call record ("Irql",
// "SpinLocksHeld"), searched from the end: found in one or two compares.
// No emitting site gives a call record another field of those names, so the
// field found is the one field() would find.
const TraceField* callField(const TraceRecord& r, const char* name) {
    for (std::size_t i = r.fieldCount; i-- > 0;) {
        if (is(r.fields[i].name, name)) {
            return &r.fields[i];
        }
    }
    return nullptr;
}

std::uint64_t uintField(const TraceRecord& r, const char* name, std::uint64_t fallback = 0) {
    const TraceField* f = r.field(name);
    if (f == nullptr) {
        return fallback;
    }
    return f->kind == TraceValueKind::Int ? static_cast<std::uint64_t>(f->i) : f->u;
}

// irqlName()'s own literals by level: records carry them, so a pointer
// compare finds the level.
const std::array<const char*, HIGH_LEVEL + 1> kIrqlNames = [] {
    std::array<const char*, HIGH_LEVEL + 1> names{};
    for (int level = 0; level <= HIGH_LEVEL; ++level) {
        names[static_cast<std::size_t>(level)] = irqlName(static_cast<KIRQL>(level));
    }
    return names;
}();

int irqlFromName(const char* name) {
    for (int level = 0; level <= HIGH_LEVEL; ++level) {
        if (kIrqlNames[static_cast<std::size_t>(level)] == name) {
            return level;
        }
    }
    for (int level = 0; level <= HIGH_LEVEL; ++level) {
        if (is(irqlName(static_cast<KIRQL>(level)), name)) {
            return level;
        }
    }
    return -1;
}

// True when a call record's "Irql" field is irqlName()'s own literal for a
// level up to maxIrql. False says nothing: the text may be a copy, which
// irqlFromName still reads.
bool irqlLiteralAllowed(const TraceRecord& r, int maxIrql) {
    const TraceField* f = callField(r, "Irql");
    if (f == nullptr || f->kind != TraceValueKind::Text) {
        return false;
    }
    for (int level = 0; level <= maxIrql; ++level) {
        if (kIrqlNames[static_cast<std::size_t>(level)] == f->text) {
            return true;
        }
    }
    return false;
}

// uintField() for a field that emitting sites put first ("Tag" of the
// mapping calls): the first field is checked before field()'s search.
std::uint64_t leadingUIntField(const TraceRecord& r, const char* name) {
    const TraceField* f =
        r.fieldCount > 0 && is(r.fields[0].name, name) ? &r.fields[0] : r.field(name);
    if (f == nullptr) {
        return 0;
    }
    return f->kind == TraceValueKind::Int ? static_cast<std::uint64_t>(f->i) : f->u;
}

int stateOrder(const char* state) {
    if (is(state, "KSSTATE_STOP"))
        return 0;
    if (is(state, "KSSTATE_ACQUIRE"))
        return 1;
    if (is(state, "KSSTATE_PAUSE"))
        return 2;
    if (is(state, "KSSTATE_RUN"))
        return 3;
    return -1;
}

// The highest IRQL each DDI method may be called at (the DDI pages).
int maxIrqlFor(const char* method) {
    static const std::pair<const char*, int> kTable[] = {
        {"IPortWavePciStream::GetMapping", DISPATCH_LEVEL},
        {"IPortWavePciStream::ReleaseMapping", DISPATCH_LEVEL},
        {"IPortWavePciStream::TerminatePacket", DISPATCH_LEVEL},
        {"IPortWavePci::NewMasterDmaChannel", PASSIVE_LEVEL},
        {"IMiniportWavePci::Init", PASSIVE_LEVEL},
        {"IMiniportWavePci::NewStream", PASSIVE_LEVEL},
        {"IMiniportWavePci::Service", DISPATCH_LEVEL},
        {"IMiniport::GetDescription", PASSIVE_LEVEL},
        {"IMiniportWavePciStream::SetFormat", PASSIVE_LEVEL},
        {"IMiniportWavePciStream::SetState", PASSIVE_LEVEL},
        {"IMiniportWavePciStream::GetPosition", PASSIVE_LEVEL},
        {"IMiniportWavePciStream::GetAllocatorFraming", PASSIVE_LEVEL},
        {"IMiniportWavePciStream::RevokeMappings", DISPATCH_LEVEL},
        {"IMiniportWavePciStream::MappingAvailable", DISPATCH_LEVEL},
        {"IMiniportWavePciStream::Service", DISPATCH_LEVEL},
        {"IMiniportWaveRT::Init", PASSIVE_LEVEL},
        {"IMiniportWaveRT::NewStream", PASSIVE_LEVEL},
        {"IMiniportWaveRTStream::SetFormat", PASSIVE_LEVEL},
        {"IMiniportWaveRTStream::SetState", PASSIVE_LEVEL},
        {"IMiniportWaveRTStream::GetPosition", DISPATCH_LEVEL},
        {"IMiniportWaveRTStream::AllocateAudioBuffer", PASSIVE_LEVEL},
        {"IMiniportWaveRTStream::FreeAudioBuffer", PASSIVE_LEVEL},
        {"IMiniportWaveRTStream::GetHWLatency", PASSIVE_LEVEL},
        {"IMiniportWaveRTStream::GetPositionRegister", PASSIVE_LEVEL},
        {"IMiniportWaveRTStream::GetClockRegister", PASSIVE_LEVEL},
        {"IMiniportWaveRTStreamNotification::AllocateBufferWithNotification", PASSIVE_LEVEL},
        {"IMiniportWaveRTStreamNotification::FreeBufferWithNotification", PASSIVE_LEVEL},
        {"IMiniportWaveRTStreamNotification::RegisterNotificationEvent", PASSIVE_LEVEL},
        {"IMiniportWaveRTStreamNotification::UnregisterNotificationEvent", PASSIVE_LEVEL},
        {"IPortWaveRTStream::AllocatePagesForMdl", PASSIVE_LEVEL},
        {"IPortWaveRTStream::AllocateContiguousPagesForMdl", PASSIVE_LEVEL},
        {"IPortWaveRTStream::MapAllocatedPages", PASSIVE_LEVEL},
        {"IPortWaveRTStream::UnmapAllocatedPages", PASSIVE_LEVEL},
        {"IPortWaveRTStream::FreePagesFromMdl", PASSIVE_LEVEL},
        {"IPortClsStreamResourceManager::AddStreamResource", PASSIVE_LEVEL},
        {"IPortClsStreamResourceManager::RemoveStreamResource", PASSIVE_LEVEL},
        {"IPortClsStreamResourceManager2::AddStreamResource2", PASSIVE_LEVEL},
        {"PcAddStreamResource", PASSIVE_LEVEL},
        {"PcRemoveStreamResource", PASSIVE_LEVEL},
        {"IAdapterPowerManagement3::PowerChangeState3", PASSIVE_LEVEL},
        {"IAdapterPowerManagement3::D3ExitLatencyChanged", PASSIVE_LEVEL},
    };
    for (const auto& [name, level] : kTable) {
        if (is(name, method)) {
            return level;
        }
    }
    return HIGH_LEVEL;  // any IRQL
}

bool endsWith(const char* text, const char* suffix) {
    const std::size_t a = std::strlen(text);
    const std::size_t b = std::strlen(suffix);
    return a >= b && std::strcmp(text + a - b, suffix) == 0;
}

bool isStreamCall(const char* method, const char* name) {
    return (std::strncmp(method, "IMiniportWavePciStream::", 24) == 0 ||
            std::strncmp(method, "IMiniportWaveRTStream::", 23) == 0) &&
           endsWith(method, name);
}

bool isPortMappingCall(const char* method) {
    return is(method, "IPortWavePciStream::GetMapping") ||
           is(method, "IPortWavePciStream::ReleaseMapping") ||
           is(method, "IPortWavePciStream::TerminatePacket");
}

std::string hexText(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

Verifier::NameInfo Verifier::classify(const char* name) {
    NameInfo info;
    info.maxIrql = maxIrqlFor(name);
    info.portMappingCall = isPortMappingCall(name);
    if (is(name, "IPortWavePciStream::GetMapping")) {
        info.method = Method::GetMapping;
    } else if (is(name, "IPortWavePciStream::ReleaseMapping")) {
        info.method = Method::ReleaseMapping;
    } else if (is(name, "IMiniportWavePciStream::RevokeMappings")) {
        info.method = Method::RevokeMappings;
    } else if (isStreamCall(name, "::SetState")) {
        info.method = Method::StreamSetState;
    } else if (isStreamCall(name, "::SetFormat")) {
        info.method = Method::StreamSetFormat;
    } else if (is(name, "IMiniportWavePciStream::GetPosition")) {
        info.method = Method::PciGetPosition;
    } else if (is(name, "IMiniportWaveRTStream::GetPosition")) {
        info.method = Method::RtGetPosition;
    } else if (is(name, "IMiniportWaveRTStream::AllocateAudioBuffer") ||
               is(name, "IMiniportWaveRTStreamNotification::AllocateBufferWithNotification")) {
        info.method = Method::AllocateBuffer;
    } else if (is(name, "IMiniportWaveRTStream::FreeAudioBuffer") ||
               is(name, "IMiniportWaveRTStreamNotification::FreeBufferWithNotification")) {
        info.method = Method::FreeBuffer;
    } else if (is(name, "IMiniportWaveRTStreamNotification::RegisterNotificationEvent")) {
        info.method = Method::RegisterEvent;
    } else if (is(name, "IMiniportWaveRTStreamNotification::UnregisterNotificationEvent")) {
        info.method = Method::UnregisterEvent;
    }
    if (is(name, "events left registered at close")) {
        info.notice = Notice::EventsLeftAtClose;
    } else if (is(name, "STOP complete")) {
        info.notice = Notice::StopComplete;
    } else if (is(name, "position register sample")) {
        info.notice = Notice::PositionRegisterSample;
    } else if (is(name, "IoDisconnectInterrupt")) {
        info.notice = Notice::InterruptDisconnected;
    }
    return info;
}

// Record names are literals or pooled strings that live as long as the run,
// so a name pointer always names the same text. The cache hit is inline
// (infoOf, Verifier.h); this is the miss.
const Verifier::NameInfo& Verifier::infoOfMiss(const char* name, CachedName& cached) {
    auto it = m_names.find(name);
    if (it == m_names.end()) {
        it = m_names.emplace(name, classify(name)).first;
    }
    cached.name = name;
    cached.info = &it->second;  // unordered_map nodes do not move
    return it->second;
}

Verifier::StreamState& Verifier::streamStateMiss(std::uint16_t streamId) {
    StreamState& s = m_streams[streamId];  // map nodes do not move
    if (streamId < kIndexedStreams) {
        if (streamId >= m_streamIndex.size()) {
            m_streamIndex.resize(std::size_t{streamId} + 1, nullptr);
        }
        m_streamIndex[streamId] = &s;
    }
    return s;
}

void Verifier::rememberEnded(StreamState& s, std::uint64_t tag) {
    s.endedTags.push_back(tag);
    if (s.endedTags.size() > kEndedTagMemory) {
        s.endedTags.pop_front();
    }
}

Verifier::Verifier(Tracer& tracer) : m_tracer(tracer) {
    // The categories onTraceRecord reads; the tracer skips the others
    // (most Dma, Dpc and Client records) without a call.
    setCategoryMask(
        traceCategoryBit(TraceCategory::DdiCall) | traceCategoryBit(TraceCategory::State) |
        traceCategoryBit(TraceCategory::Register) | traceCategoryBit(TraceCategory::Resource) |
        traceCategoryBit(TraceCategory::Interrupt) | traceCategoryBit(TraceCategory::Verifier));
    m_tracer.addSink(this);
}

Verifier::~Verifier() {
    m_tracer.removeSink(this);
}

void Verifier::onTraceRecord(const TraceRecord& r) {
    if (r.category == TraceCategory::DdiCall) {
        onDdiCall(r);
    } else {
        onOtherRecord(r);
    }
}

void Verifier::onOtherRecord(const TraceRecord& r) {
    switch (r.category) {
        case TraceCategory::State:
            if (infoOf(r.name).notice == Notice::EventsLeftAtClose) {
                // The port unregisters them itself; the client should have.
                m_streams[r.streamId].events.clear();
                report(VerifierRule::EventNeverUnregistered, r,
                       std::to_string(uintField(r, "Events")) +
                           " notification event(s) were still registered when the pin closed");
            }
            if (infoOf(r.name).notice == Notice::StopComplete && uintField(r, "HeldMappings") > 0) {
                report(VerifierRule::MappingsHeldAfterStop, r,
                       std::to_string(uintField(r, "HeldMappings")) +
                           " mappings are still held after the stream stopped");
            }
            break;
        case TraceCategory::Register:
            if (infoOf(r.name).notice == Notice::PositionRegisterSample) {
                StreamState& s = m_streams[r.streamId];
                const std::uint64_t value = uintField(r, "Value");
                if (is(textField(r, "When"), "after RUN")) {
                    s.registerSample = value;
                    s.haveRegisterSample = true;
                } else if (s.haveRegisterSample && value != s.registerSample) {
                    report(VerifierRule::PositionRegisterMovedWhileStopped, r,
                           "the position register went from " + std::to_string(s.registerSample) +
                               " to " + std::to_string(value) +
                               " while the stream was not running");
                }
            }
            break;
        case TraceCategory::Resource:
            onResource(r);
            break;
        case TraceCategory::Interrupt:
            if (infoOf(r.name).notice == Notice::InterruptDisconnected) {
                onResourceDeleted(r, uintField(r, "InterruptId"), "interrupt disconnected");
            }
            break;
        case TraceCategory::Verifier:
            if (is(r.source, "kernel")) {
                Violation v{VerifierRule::KernelCheck,
                            r.index,
                            r.index,
                            r.timeNs,
                            r.streamId,
                            std::string(r.name) + ": " + textField(r, "Message")};
                m_violations.push_back(v);
                ++m_counts[static_cast<std::size_t>(VerifierRule::KernelCheck)];
            }
            break;
        default:
            break;
    }
}

void Verifier::checkIrql(const TraceRecord& r, int maxIrql) {
    const TraceField* f = callField(r, "Irql");
    const char* irqlText = f != nullptr && f->kind == TraceValueKind::Text ? f->text : "";
    const int irql = irqlFromName(irqlText);
    if (irql > maxIrql) {
        report(VerifierRule::WrongIrql, r,
               std::string(r.name) + " called at " + irqlText + "; the highest allowed is " +
                   irqlName(static_cast<KIRQL>(maxIrql)));
    }
}

void Verifier::onResource(const TraceRecord& r) {
    if (is(r.source, "kernel")) {
        if (is(r.name, "PsTerminateSystemThread")) {
            onResourceDeleted(r, uintField(r, "ThreadId"), "thread ended");
        }
        return;
    }
    if (is(r.name, "stream resource left registered")) {
        onResourceDeleted(r, uintField(r, "ResourceId"), "device removed");
        return;
    }
    if (r.field("Irql") == nullptr) {
        return;  // not a call record
    }
    checkIrql(r, infoOf(r.name).maxIrql);
    const bool ok = r.hasStatus ? r.status >= 0 : true;
    const std::string name = r.name;
    const std::uint64_t handle = uintField(r, "Handle");
    if (name.find("AddStreamResource") != std::string::npos && ok) {
        m_registeredResources[uintField(r, "ResourceId")] = handle;
        m_reportedDeleted.erase(uintField(r, "ResourceId"));
        const TraceField* owned = r.field("DriverOwned");
        if (owned != nullptr && owned->kind == TraceValueKind::Bool && owned->u == 0) {
            report(VerifierRule::CurrentThreadRegistered, r,
                   "thread " + std::to_string(uintField(r, "ResourceId")) +
                       " was registered but not created by the driver (PsCreateSystemThread)");
        }
        if (is(textField(r, "PowerState"), "D3")) {
            report(VerifierRule::ResourceRegisteredInD3, r,
                   std::string(textField(r, "Type")) + " registered while the adapter is in D3");
        }
    } else if (name.find("RemoveStreamResource") != std::string::npos) {
        if (ok) {
            m_registeredResources.erase(uintField(r, "ResourceId"));
            m_removedHandles[handle] = true;
        } else if (m_removedHandles.count(handle) != 0 ||
                   is(textField(r, "Reason"), "already removed")) {
            report(VerifierRule::ResourceRemovedTwice, r,
                   "handle " + hexText(handle) + " was already removed");
        }
    }
}

void Verifier::onResourceDeleted(const TraceRecord& r, std::uint64_t resource, const char* what) {
    const auto it = m_registeredResources.find(resource);
    if (it == m_registeredResources.end() || m_reportedDeleted.count(resource) != 0) {
        return;
    }
    m_reportedDeleted[resource] = true;
    report(VerifierRule::ResourceRegisteredAtDelete, r,
           std::string(what) + " while object " + std::to_string(resource) +
               " is still registered (handle " + hexText(it->second) + ")");
    m_registeredResources.erase(it);
}

void Verifier::onDdiCall(const TraceRecord& r) {
    StreamState& s = streamState(r.streamId);
    const NameInfo& info = infoOf(r.name);
    if (!onDdiCallQuick(r, info, s)) {
        onDdiCallChecked(r, info, s);
    }
}

bool Verifier::onDdiCallQuick(const TraceRecord& r, const NameInfo& info, StreamState& s) {
    // Nothing may change before every check that could report has passed.
    if (info.maxIrql < HIGH_LEVEL && !irqlLiteralAllowed(r, info.maxIrql)) {
        return false;
    }
    if (info.portMappingCall) {
        const TraceField* locks = callField(r, "SpinLocksHeld");
        if (locks != nullptr &&
            (locks->kind == TraceValueKind::Int ? locks->i != 0 : locks->u != 0)) {
            return false;
        }
    }
    const bool ok = r.hasStatus ? r.status >= 0 : true;
    switch (info.method) {
        case Method::Other:
            return true;
        case Method::GetMapping:
            if (ok) {
                s.heldTags.push_back(leadingUIntField(r, "Tag"));
            }
            return true;
        case Method::ReleaseMapping: {
            const std::uint64_t tag = leadingUIntField(r, "Tag");
            if (s.heldTags.empty() || s.heldTags.front() != tag) {
                return false;
            }
            s.heldTags.pop_front();
            rememberEnded(s, tag);
            return true;
        }
        case Method::PciGetPosition: {
            if (!ok) {
                return true;
            }
            const std::uint64_t position = uintField(r, "Position");
            if (s.running && s.havePosition && position < s.lastPosition) {
                return false;
            }
            s.lastPosition = position;
            s.havePosition = true;
            return true;
        }
        default:
            return false;
    }
}

void Verifier::onDdiCallChecked(const TraceRecord& r, const NameInfo& info, StreamState& s) {
    const bool ok = r.hasStatus ? r.status >= 0 : true;
    checkIrql(r, info.maxIrql);
    const TraceField* locks = info.portMappingCall ? callField(r, "SpinLocksHeld") : nullptr;
    const std::uint64_t locksHeld = locks == nullptr ? 0
                                                     : (locks->kind == TraceValueKind::Int
                                                            ? static_cast<std::uint64_t>(locks->i)
                                                            : locks->u);
    if (locksHeld > 0) {
        report(VerifierRule::PortCallHoldingSpinLock, r,
               std::string(r.name) + " called while the caller holds " + std::to_string(locksHeld) +
                   " spin lock(s) (bug check 0xC4)");
    }

    if (info.method == Method::GetMapping) {
        if (ok) {
            s.heldTags.push_back(uintField(r, "Tag"));
        }
    } else if (info.method == Method::ReleaseMapping) {
        const std::uint64_t tag = uintField(r, "Tag");
        auto it = std::find(s.heldTags.begin(), s.heldTags.end(), tag);
        if (it != s.heldTags.end()) {
            if (it != s.heldTags.begin()) {
                report(VerifierRule::ReleaseOutOfOrder, r,
                       "tag " + hexText(tag) + " released while the older tag " +
                           hexText(s.heldTags.front()) + " is still held");
            }
            s.heldTags.erase(it);
            rememberEnded(s, tag);
        } else if (std::find(s.endedTags.begin(), s.endedTags.end(), tag) != s.endedTags.end()) {
            report(VerifierRule::ReleaseEndedTag, r,
                   "tag " + hexText(tag) + " was already released or revoked");
        } else {
            report(VerifierRule::ReleaseUnknownTag, r,
                   "tag " + hexText(tag) + " was never handed out by GetMapping");
        }
    } else if (info.method == Method::RevokeMappings && ok) {
        const std::uint64_t first = uintField(r, "FirstTag");
        const std::uint64_t last = uintField(r, "LastTag");
        auto a = std::find(s.heldTags.begin(), s.heldTags.end(), first);
        auto b = std::find(s.heldTags.begin(), s.heldTags.end(), last);
        if (a != s.heldTags.end() && b != s.heldTags.end() && a <= b) {
            for (auto it = a; it <= b; ++it) {
                rememberEnded(s, *it);
            }
            s.heldTags.erase(a, b + 1);
        }
    } else if (info.method == Method::StreamSetState && ok) {
        const char* from = textField(r, "From");
        const char* to = textField(r, "State");
        const int a = stateOrder(from);
        const int b = stateOrder(to);
        if (a >= 0 && b >= 0 && std::abs(a - b) > 1) {
            report(VerifierRule::StateSkipped, r,
                   std::string("SetState went from ") + from + " to " + to + " in one step");
        }
        s.running = b == 3;
        if (b == 0) {
            // STOP resets the position (DDI.md §14 rule 2), the register too.
            s.havePosition = false;
            s.haveRegisterSample = false;
        }
    } else if (info.method == Method::StreamSetFormat && ok &&
               is(textField(r, "State"), "KSSTATE_RUN")) {
        report(VerifierRule::SetFormatWhileRunning, r,
               std::string("the miniport accepted SetFormat(") + textField(r, "DataFormat") +
                   ") while the stream was running");
    } else if (info.method == Method::PciGetPosition && ok) {
        const std::uint64_t position = uintField(r, "Position");
        if (s.running && s.havePosition && position < s.lastPosition) {
            report(VerifierRule::PositionBackwards, r,
                   "position went from " + std::to_string(s.lastPosition) + " to " +
                       std::to_string(position) + " bytes while running");
        }
        s.lastPosition = position;
        s.havePosition = true;
    } else {
        onWaveRtCall(r, s, ok, info.method);
    }
}

void Verifier::onWaveRtCall(const TraceRecord& r, StreamState& s, bool ok, Method method) {
    if (method == Method::RtGetPosition && ok) {
        const std::uint64_t size = uintField(r, "BufferSize");
        const std::uint64_t play = uintField(r, "PlayOffset");
        const std::uint64_t write = uintField(r, "WriteOffset");
        if (size > 0 && (play >= size || write >= size)) {
            report(VerifierRule::PositionOutsideBuffer, r,
                   "GetPosition returned PlayOffset " + std::to_string(play) + ", WriteOffset " +
                       std::to_string(write) + " for a " + std::to_string(size) + "-byte buffer");
        }
    } else if (method == Method::AllocateBuffer && ok) {
        s.bufferAllocated = true;
        const TraceField* count = r.field("NotificationCount");
        if (count != nullptr && count->u != 1 && count->u != 2) {
            report(VerifierRule::NotificationCountUnusual, r,
                   "buffer allocated with " + std::to_string(count->u) + " notifications");
        }
    } else if (method == Method::FreeBuffer) {
        if (is(textField(r, "State"), "KSSTATE_RUN")) {
            report(VerifierRule::BufferFreedWhileRunning, r,
                   "the cyclic buffer was freed in KSSTATE_RUN");
        }
        s.bufferAllocated = false;
    } else if (method == Method::RegisterEvent) {
        const std::uint64_t event = uintField(r, "NotificationEvent");
        if (std::find(s.events.begin(), s.events.end(), event) != s.events.end()) {
            report(VerifierRule::EventRegisteredTwice, r,
                   "event " + hexText(event) + " is already registered");
        } else if (ok) {
            s.events.push_back(event);
        }
    } else if (method == Method::UnregisterEvent && ok) {
        const std::uint64_t event = uintField(r, "NotificationEvent");
        s.events.erase(std::remove(s.events.begin(), s.events.end(), event), s.events.end());
    }
}

void Verifier::finish() {
    for (auto& [stream, s] : m_streams) {
        if (s.bufferAllocated) {
            reportAt(VerifierRule::BufferNeverFreed, stream,
                     "the cyclic buffer is still allocated");
            s.bufferAllocated = false;
        }
        if (!s.events.empty()) {
            reportAt(VerifierRule::EventNeverUnregistered, stream,
                     std::to_string(s.events.size()) + " notification event(s) still registered");
            s.events.clear();
        }
    }
}

void Verifier::reportAt(VerifierRule rule, std::uint16_t streamId, const std::string& message) {
    TraceRecord cause(TraceCategory::Verifier, "verifier", "end of run", streamId);
    cause.index = m_tracer.recordCount();
    report(rule, cause, message);
}

void Verifier::report(VerifierRule rule, const TraceRecord& cause, const std::string& message) {
    const VerifierRuleInfo& info = verifierRuleInfo(rule);
    const char* text = m_tracer.strings().intern(message);
    const std::uint64_t index =
        m_tracer.record(TraceRecord(TraceCategory::Verifier, "verifier", info.name, cause.streamId)
                            .addText("Rule", info.id)
                            .addText("Message", text)
                            .addUInt("Cause", cause.index));
    m_violations.push_back(
        Violation{rule, index, cause.index, cause.timeNs, cause.streamId, message});
    ++m_counts[static_cast<std::size_t>(rule)];
}

}  // namespace ps
