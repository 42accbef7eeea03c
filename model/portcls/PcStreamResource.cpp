#include "model/portcls/PcStreamResource.h"

#include "model/portcls/DdiTrace.h"
#include "model/portcls/StreamResourceRegistry.h"

namespace ps {

namespace {

NTSTATUS refuse(Kernel& kernel, const char* method, const char* reason, NTSTATUS status) {
    DdiCall(kernel, TraceCategory::Resource, "driver", method, kNoStream)
        .text("Reason", reason)
        .done(status);
    return status;
}

}  // namespace

bool osHasStreamResourceManager(OsVersion version) {
    return version != OsVersion::Windows81;
}

bool osHasStreamResourceManager2(OsVersion version) {
    return version == OsVersion::Windows10V1511;
}

NTSTATUS PcAddStreamResource(Kernel& kernel, PDEVICE_OBJECT Pdo, PVOID ResourceSet,
                             PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                             PCSTREAMRESOURCE* ResourceHandle) {
    constexpr const char* kMethod = "PcAddStreamResource";
    if (!osHasStreamResourceManager(kernel.config().osVersion)) {
        return refuse(kernel, kMethod, "absent before Windows 10", STATUS_NOT_IMPLEMENTED);
    }
    if (Pdo == nullptr || Pdo->streamResources == nullptr) {
        if (ResourceHandle != nullptr) {
            *ResourceHandle = nullptr;
        }
        return refuse(kernel, kMethod, Pdo == nullptr ? "missing PDO" : "no PortCls device on PDO",
                      STATUS_INVALID_PARAMETER);
    }
    return Pdo->streamResources->add(kMethod, true, Pdo, ResourceSet, ResourceDescriptor,
                                     ResourceHandle);
}

NTSTATUS PcRemoveStreamResource(Kernel& kernel, PCSTREAMRESOURCE ResourceHandle) {
    constexpr const char* kMethod = "PcRemoveStreamResource";
    if (!osHasStreamResourceManager(kernel.config().osVersion)) {
        return refuse(kernel, kMethod, "absent before Windows 10", STATUS_NOT_IMPLEMENTED);
    }
    // Registries are the only owners of object handles so far.
    auto* registry = static_cast<StreamResourceRegistry*>(kernel.objectHandleOwner(
        static_cast<ULONG_PTR>(reinterpret_cast<std::uintptr_t>(ResourceHandle))));
    if (registry == nullptr) {
        return refuse(kernel, kMethod, "unknown handle", STATUS_INVALID_PARAMETER);
    }
    return registry->remove(kMethod, ResourceHandle);
}

}  // namespace ps
