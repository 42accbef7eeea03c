// The stream resources registered for one device stack (PortCls keeps them
// per device): what IPortClsStreamResourceManager(2) and
// PcAddStreamResource / PcRemoveStreamResource add and remove (DDI.md §13).
//
// add() checks, in this order, and answers STATUS_INVALID_PARAMETER with a
// Reason in the trace record for:
//   null descriptor or handle pointer; Size != sizeof(descriptor); Flags != 0;
//   ResourceSet != NULL; Type ePcStreamResourceSet (reserved) or unknown;
//   no resource (Interrupt.Generic / Thread NULL); a resource that is not a
//   connected interrupt or a thread of this kernel; no PDO (descriptor, or the
//   explicit PDO of AddStreamResource2 / PcAddStreamResource); a PDO that is
//   not this stack's (or an explicit PDO that differs from the descriptor's);
//   the same interrupt or thread already registered.
// A thread not created by PsCreateSystemThread, or registration while the
// device is in D3, succeeds (Windows does not refuse it) but the record says
// so (DriverOwned false / PowerState "D3") and the verifier flags it.
// remove(): an unknown handle, or one already removed, is
// STATUS_INVALID_PARAMETER ("already removed" lets the verifier tell a double
// removal from garbage).
//
// Every call is one Resource trace record (DdiCall fields: Irql,
// SpinLocksHeld, Status) named after the method, with Handle, Type,
// ResourceId (Kernel::kernelObjectId), Pdo and PowerState; calls above PASSIVE_LEVEL are processed
// and left to the verifier's IRQL rule. A registered resource is shielded from system interference
// (Kernel::setStreamResourceShielded) until removed.
//
// The registry outlives nothing it points at: its destructor records the
// resources still registered ("stream resources left registered"), unshields
// them and retires its handles.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/portcls/AdapterPower.h"
#include "model/portcls/StreamResource.h"

#include <string>
#include <vector>

namespace ps {

class StreamResourceRegistry {
  public:
    struct Entry {
        ULONG_PTR handle = 0;
        PcStreamResourceType type = ePcStreamResourceInterrupt;
        const void* resource = nullptr;  // the PKINTERRUPT or PETHREAD
        std::uint64_t resourceId = 0;    // its kernel object id
        bool removed = false;
        TimeNs addedAtNs = 0;
        TimeNs removedAtNs = -1;  // -1 while registered (and for removal at device removal)
        std::string method;       // the DDI that added it (the add() argument)
        std::string owner;        // the interrupt's or thread's name (KINTERRUPT / ETHREAD::name)
    };

    // pdo: the stack's physical device object; name for the trace.
    StreamResourceRegistry(Kernel& kernel, PDEVICE_OBJECT pdo);
    ~StreamResourceRegistry();
    StreamResourceRegistry(const StreamResourceRegistry&) = delete;
    StreamResourceRegistry& operator=(const StreamResourceRegistry&) = delete;

    // method: the DDI name for the trace ("IPortClsStreamResourceManager::
    // AddStreamResource", "PcAddStreamResource", ...). explicitPdo is the
    // PDO argument of AddStreamResource2 / PcAddStreamResource; pdoArgument
    // says whether the method has one.
    NTSTATUS add(const char* method, bool pdoArgument, PDEVICE_OBJECT explicitPdo,
                 PVOID ResourceSet, PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                 PCSTREAMRESOURCE* ResourceHandle);
    NTSTATUS remove(const char* method, PCSTREAMRESOURCE ResourceHandle);

    // The device's power state as the power manager sets it.
    void setPowerState(DEVICE_POWER_STATE state) { m_powerState = state; }
    DEVICE_POWER_STATE powerState() const { return m_powerState; }

    PDEVICE_OBJECT pdo() const { return m_pdo; }
    Kernel& kernel() { return m_kernel; }
    // Resources registered now, and whether a given one is.
    std::size_t registeredCount() const;
    bool isRegistered(const void* resource) const;
    // Every registration ever made (removed ones flagged), oldest first.
    const std::vector<Entry>& entries() const { return m_entries; }
    std::uint64_t addCount() const { return m_adds; }
    std::uint64_t removeCount() const { return m_removes; }

  private:
    Entry* find(ULONG_PTR handle);

    Kernel& m_kernel;
    PDEVICE_OBJECT m_pdo;
    DEVICE_POWER_STATE m_powerState = PowerDeviceD0;
    std::vector<Entry> m_entries;
    std::uint64_t m_adds = 0;
    std::uint64_t m_removes = 0;
};

}  // namespace ps
