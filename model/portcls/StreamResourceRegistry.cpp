#include "model/portcls/StreamResourceRegistry.h"

#include "model/portcls/DdiTrace.h"

#include <algorithm>

namespace ps {

namespace {

PCSTREAMRESOURCE toHandle(ULONG_PTR value) {
    return reinterpret_cast<PCSTREAMRESOURCE>(static_cast<std::uintptr_t>(value));
}

ULONG_PTR fromHandle(PCSTREAMRESOURCE handle) {
    return static_cast<ULONG_PTR>(reinterpret_cast<std::uintptr_t>(handle));
}

const void* resourceOf(const PCSTREAMRESOURCE_DESCRIPTOR& d) {
    switch (d.Type) {
        case ePcStreamResourceInterrupt:
            return d.Resource.Interrupt.Generic;
        case ePcStreamResourceThread:
            return d.Resource.Thread;
        default:
            return nullptr;
    }
}

}  // namespace

const char* pcStreamResourceTypeName(PcStreamResourceType type) {
    switch (type) {
        case ePcStreamResourceInterrupt:
            return "ePcStreamResourceInterrupt";
        case ePcStreamResourceThread:
            return "ePcStreamResourceThread";
        case ePcStreamResourceSet:
            return "ePcStreamResourceSet";
    }
    return "unknown";
}

StreamResourceRegistry::StreamResourceRegistry(Kernel& kernel, PDEVICE_OBJECT pdo)
    : m_kernel(kernel), m_pdo(pdo) {}

StreamResourceRegistry::~StreamResourceRegistry() {
    std::size_t left = 0;
    for (Entry& e : m_entries) {
        if (!e.removed) {
            ++left;
            m_kernel.setStreamResourceShielded(e.resource, false);
            m_kernel.tracer().record(
                TraceRecord(TraceCategory::Resource, "portcls", "stream resource left registered")
                    .addHex("Handle", e.handle)
                    .addText("Type", pcStreamResourceTypeName(e.type))
                    .addUInt("ResourceId", e.resourceId));
            e.removed = true;
        }
    }
    if (left > 0) {
        m_kernel.tracer().record(
            TraceRecord(TraceCategory::Resource, "portcls", "stream resources left registered")
                .addUInt("Count", left)
                .addText("Pdo", m_pdo != nullptr ? m_pdo->name : "(none)"));
    }
    m_kernel.releaseObjectHandles(this);
}

std::size_t StreamResourceRegistry::registeredCount() const {
    return static_cast<std::size_t>(std::count_if(m_entries.begin(), m_entries.end(),
                                                  [](const Entry& e) { return !e.removed; }));
}

bool StreamResourceRegistry::isRegistered(const void* resource) const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [&](const Entry& e) { return !e.removed && e.resource == resource; });
}

StreamResourceRegistry::Entry* StreamResourceRegistry::find(ULONG_PTR handle) {
    for (Entry& e : m_entries) {
        if (e.handle == handle) {
            return &e;
        }
    }
    return nullptr;
}

NTSTATUS StreamResourceRegistry::add(const char* method, bool pdoArgument,
                                     PDEVICE_OBJECT explicitPdo, PVOID ResourceSet,
                                     PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                                     PCSTREAMRESOURCE* ResourceHandle) {
    DdiCall call(m_kernel, TraceCategory::Resource, "driver", method, kNoStream);
    call.text("PowerState", devicePowerStateName(m_powerState));
    if (ResourceHandle != nullptr) {
        *ResourceHandle = nullptr;
    }
    auto refuse = [&](const char* reason) {
        call.text("Reason", reason).done(STATUS_INVALID_PARAMETER);
        return STATUS_INVALID_PARAMETER;
    };
    if (ResourceDescriptor == nullptr || ResourceHandle == nullptr) {
        return refuse("null descriptor or handle pointer");
    }
    const PCSTREAMRESOURCE_DESCRIPTOR& d = *ResourceDescriptor;
    call.text("Type", pcStreamResourceTypeName(d.Type))
        .text("Pdo", d.Pdo != nullptr ? d.Pdo->name : "(none)");
    if (d.Size != sizeof(PCSTREAMRESOURCE_DESCRIPTOR)) {
        return refuse("wrong Size");
    }
    if (d.Flags != 0) {
        return refuse("non-zero Flags");
    }
    if (ResourceSet != nullptr) {
        return refuse("non-NULL ResourceSet");
    }
    if (d.Type == ePcStreamResourceSet) {
        return refuse("resource sets are reserved");
    }
    if (d.Type != ePcStreamResourceInterrupt && d.Type != ePcStreamResourceThread) {
        return refuse("unknown Type");
    }
    const void* resource = resourceOf(d);
    if (resource == nullptr) {
        return refuse("missing resource");
    }
    const std::uint64_t resourceId = m_kernel.kernelObjectId(resource);
    call.uint("ResourceId", resourceId);
    if (resourceId == 0) {
        return refuse("not a connected interrupt or a thread");
    }
    if (d.Pdo == nullptr || (pdoArgument && explicitPdo == nullptr)) {
        return refuse("missing PDO");
    }
    if (d.Pdo != m_pdo || (pdoArgument && explicitPdo != d.Pdo)) {
        return refuse("PDO of another stack");
    }
    if (isRegistered(resource)) {
        return refuse("duplicate registration");
    }
    if (d.Type == ePcStreamResourceThread) {
        const ETHREAD* thread = d.Resource.Thread;
        call.flag("DriverOwned", thread->driverOwned)
            .flag("CurrentThread", thread == m_kernel.PsGetCurrentThread());
    }
    Entry entry;
    entry.handle = m_kernel.allocateObjectHandle(this);
    entry.type = d.Type;
    entry.resource = resource;
    entry.resourceId = resourceId;
    entry.addedAtNs = m_kernel.scheduler().now();
    entry.method = method != nullptr ? method : "";
    entry.owner = d.Type == ePcStreamResourceThread
                      ? d.Resource.Thread->name
                      : static_cast<const KINTERRUPT*>(resource)->name;
    m_entries.push_back(entry);
    ++m_adds;
    m_kernel.setStreamResourceShielded(resource, true);
    *ResourceHandle = toHandle(entry.handle);
    call.hex("Handle", entry.handle).done(STATUS_SUCCESS);
    return STATUS_SUCCESS;
}

NTSTATUS StreamResourceRegistry::remove(const char* method, PCSTREAMRESOURCE ResourceHandle) {
    DdiCall call(m_kernel, TraceCategory::Resource, "driver", method, kNoStream);
    const ULONG_PTR handle = fromHandle(ResourceHandle);
    call.hex("Handle", handle).text("PowerState", devicePowerStateName(m_powerState));
    Entry* entry = m_kernel.objectHandleOwner(handle) == this ? find(handle) : nullptr;
    if (entry == nullptr) {
        call.text("Reason", "unknown handle").done(STATUS_INVALID_PARAMETER);
        return STATUS_INVALID_PARAMETER;
    }
    call.text("Type", pcStreamResourceTypeName(entry->type)).uint("ResourceId", entry->resourceId);
    if (entry->removed) {
        call.text("Reason", "already removed").done(STATUS_INVALID_PARAMETER);
        return STATUS_INVALID_PARAMETER;
    }
    entry->removed = true;
    entry->removedAtNs = m_kernel.scheduler().now();
    ++m_removes;
    m_kernel.setStreamResourceShielded(entry->resource, false);
    call.done(STATUS_SUCCESS);
    return STATUS_SUCCESS;
}

}  // namespace ps
