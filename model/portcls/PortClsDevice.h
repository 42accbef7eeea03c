// PortCls's per-device state for one adapter stack: its stream resource
// registry and its adapter power manager. An adapter's AddDevice/StartDevice
// creates one (PcAddAdapterDevice's device extension); it attaches itself to
// the FDO and to the FDO's PDO (DEVICE_OBJECT::streamResources and
// ::adapterPower) and detaches on destruction, which is device removal: the
// registry then reports what is still registered.
//
// PcRegisterAdapterPowerManagement(Unknown, DeviceObject) is the adapter's
// way to hand PortCls its IAdapterPowerManagement3.
#pragma once

#include "model/portcls/AdapterPowerManager.h"
#include "model/portcls/StreamResourceRegistry.h"

namespace ps {

class PortClsDevice {
  public:
    // fdo.physicalDeviceObject must be set (the registry's stack PDO).
    PortClsDevice(Kernel& kernel, DEVICE_OBJECT& fdo, const AdapterPowerConfig& power);
    ~PortClsDevice();
    PortClsDevice(const PortClsDevice&) = delete;
    PortClsDevice& operator=(const PortClsDevice&) = delete;

    StreamResourceRegistry& streamResources() { return m_registry; }
    AdapterPowerManager& power() { return m_power; }

  private:
    DEVICE_OBJECT& m_fdo;
    StreamResourceRegistry m_registry;
    AdapterPowerManager m_power;
};

// STATUS_INVALID_PARAMETER when DeviceObject has no PortClsDevice or
// Unknown is null; else AdapterPowerManager::registerAdapter.
NTSTATUS PcRegisterAdapterPowerManagement(PUNKNOWN Unknown, PDEVICE_OBJECT DeviceObject);

}  // namespace ps
