#include "model/portcls/PortClsDevice.h"

namespace ps {

PortClsDevice::PortClsDevice(Kernel& kernel, DEVICE_OBJECT& fdo, const AdapterPowerConfig& power)
    : m_fdo(fdo), m_registry(kernel, fdo.physicalDeviceObject), m_power(kernel, m_registry, power) {
    m_fdo.streamResources = &m_registry;
    m_fdo.adapterPower = &m_power;
    if (m_fdo.physicalDeviceObject != nullptr) {
        m_fdo.physicalDeviceObject->streamResources = &m_registry;
        m_fdo.physicalDeviceObject->adapterPower = &m_power;
    }
}

PortClsDevice::~PortClsDevice() {
    m_power.unregisterAdapter();
    m_fdo.streamResources = nullptr;
    m_fdo.adapterPower = nullptr;
    if (m_fdo.physicalDeviceObject != nullptr) {
        m_fdo.physicalDeviceObject->streamResources = nullptr;
        m_fdo.physicalDeviceObject->adapterPower = nullptr;
    }
}

NTSTATUS PcRegisterAdapterPowerManagement(PUNKNOWN Unknown, PDEVICE_OBJECT DeviceObject) {
    if (Unknown == nullptr || DeviceObject == nullptr || DeviceObject->adapterPower == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    return DeviceObject->adapterPower->registerAdapter(Unknown);
}

}  // namespace ps
