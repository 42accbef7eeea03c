#include "model/scenario/AdapterDeviceStack.h"

namespace ps {

AdapterDeviceStack::AdapterDeviceStack(Kernel& kernel, const char* pdoName, const char* fdoName,
                                       const AdapterPowerConfig& power) {
    m_pdo.name = pdoName;
    m_pdo.kernel = &kernel;
    m_fdo.name = fdoName;
    m_fdo.kernel = &kernel;
    m_fdo.physicalDeviceObject = &m_pdo;
    m_portClsDevice = std::make_unique<PortClsDevice>(kernel, m_fdo, power);
}

AdapterDeviceStack::~AdapterDeviceStack() {
    m_portClsDevice.reset();
}

NTSTATUS AdapterDeviceStack::registerPowerManagement(PUNKNOWN adapterObject) {
    return PcRegisterAdapterPowerManagement(adapterObject, &m_fdo);
}

void AdapterDeviceStack::unregisterPowerManagement() {
    m_portClsDevice->power().unregisterAdapter();
}

}  // namespace ps
