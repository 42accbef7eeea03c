// The device objects of one emulated adapter and PortCls's state for them,
// shared by WaveRtAdapter and WavePciAdapter: the PDO (the bus's), the FDO
// above it (the adapter driver's) and the PortClsDevice (stream resource
// registry and adapter power manager, AdapterPowerConfig) attached to both
// for as long as the stack lives, as PcAddAdapterDevice sets it up.
//
// registerPowerManagement() is the adapter's PcRegisterAdapterPowerManagement
// at the end of StartDevice (the object is QI'd for IAdapterPowerManagement3;
// without it the device stays in D0); unregisterPowerManagement() is the
// first step of device removal (held power-up requests are cancelled). The
// names must outlive the stack (literals). Simulation thread only.
#pragma once

#include "model/portcls/PortClsDevice.h"

#include <memory>

namespace ps {

class AdapterDeviceStack {
  public:
    AdapterDeviceStack(Kernel& kernel, const char* pdoName, const char* fdoName,
                       const AdapterPowerConfig& power);
    ~AdapterDeviceStack();
    AdapterDeviceStack(const AdapterDeviceStack&) = delete;
    AdapterDeviceStack& operator=(const AdapterDeviceStack&) = delete;

    DEVICE_OBJECT& pdo() { return m_pdo; }
    DEVICE_OBJECT& fdo() { return m_fdo; }
    PortClsDevice& portClsDevice() { return *m_portClsDevice; }

    NTSTATUS registerPowerManagement(PUNKNOWN adapterObject);
    void unregisterPowerManagement();

  private:
    DEVICE_OBJECT m_pdo;
    DEVICE_OBJECT m_fdo;
    std::unique_ptr<PortClsDevice> m_portClsDevice;
};

}  // namespace ps
