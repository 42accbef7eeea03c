// Small PortCls/WDM types shared by the port drivers and miniports: device
// objects, pool types, the placeholder IRP, and the simulated-address helpers.
//
// Simulated addresses: a VirtualAddress or Tag that the DDI declares as PVOID
// carries a simulated kernel virtual address (or an opaque tag value) in the
// pointer's bits. Nothing may dereference it; memory behind a simulated VA is
// reached through Kernel::systemSpace().
#pragma once

#include "model/kernel/KernelTypes.h"

#include <cstdint>

namespace ps {

class Kernel;
class StreamResourceRegistry;
class AdapterPowerManager;

enum POOL_TYPE { NonPagedPool = 0, PagedPool = 1, NonPagedPoolNx = 512 };

// The functional device object of one emulated adapter. PortCls objects find
// the simulated system through it. PortCls's per-device state (PortClsDevice.h)
// is reached from both the FDO and its PDO: the stream resource registry
// and the adapter power manager (null when PortCls does not manage the stack).
struct DEVICE_OBJECT {
    const char* name = "device";
    Kernel* kernel = nullptr;
    DEVICE_OBJECT* physicalDeviceObject = nullptr;  // the PDO below it (stream resources)
    StreamResourceRegistry* streamResources = nullptr;
    AdapterPowerManager* adapterPower = nullptr;
};
using PDEVICE_OBJECT = DEVICE_OBJECT*;

struct IRP;  // never dereferenced by the model: Init's Irp argument is passed through
using PIRP = IRP*;

inline PVOID simVaToPointer(std::uint64_t va) {
    return reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(va));
}
inline std::uint64_t pointerToSimVa(const void* p) {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
}
inline PVOID tagToPointer(ULONG tag) {
    return reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(tag));
}
inline ULONG pointerToTag(const void* p) {
    return static_cast<ULONG>(reinterpret_cast<std::uintptr_t>(p));
}

}  // namespace ps
