#include "model/kernel/InterfaceIds.h"

namespace ps {

namespace {

constexpr InterfaceIdEntry kInterfaces[] = {
    {&IID_IUnknown, "IUnknown"},
    {&IID_IMiniport, "IMiniport"},
    {&IID_IPort, "IPort"},
    {&IID_IPortWavePci, "IPortWavePci"},
    {&IID_IPortWavePciStream, "IPortWavePciStream"},
    {&IID_IMiniportWavePci, "IMiniportWavePci"},
    {&IID_IMiniportWavePciStream, "IMiniportWavePciStream"},
    {&CLSID_PortWavePci, "CLSID_PortWavePci"},
    {&IID_IResourceList, "IResourceList"},
    {&IID_IDmaChannel, "IDmaChannel"},
    {&IID_IDmaChannelSlave, "IDmaChannelSlave"},
    {&IID_IInterruptSync, "IInterruptSync"},
    {&IID_IServiceSink, "IServiceSink"},
    {&IID_IServiceGroup, "IServiceGroup"},
    {&IID_IPortWaveRT, "IPortWaveRT"},
    {&CLSID_PortWaveRT, "CLSID_PortWaveRT"},
    {&IID_IPortWaveRTStream, "IPortWaveRTStream"},
    {&IID_IMiniportWaveRT, "IMiniportWaveRT"},
    {&IID_IMiniportWaveRTStream, "IMiniportWaveRTStream"},
    {&IID_IMiniportWaveRTStreamNotification, "IMiniportWaveRTStreamNotification"},
    {&IID_IPreFetchOffset, "IPreFetchOffset"},
    {&IID_IPortClsStreamResourceManager, "IPortClsStreamResourceManager"},
    {&IID_IPortClsStreamResourceManager2, "IPortClsStreamResourceManager2"},
    {&IID_IAdapterPowerManagement3, "IAdapterPowerManagement3"},
};

}  // namespace

const char* interfaceName(REFIID iid) {
    for (const InterfaceIdEntry& entry : kInterfaces) {
        if (*entry.iid == iid) {
            return entry.name;
        }
    }
    return nullptr;
}

const InterfaceIdEntry* knownInterfaces() {
    return kInterfaces;
}

std::size_t knownInterfaceCount() {
    return sizeof kInterfaces / sizeof kInterfaces[0];
}

}  // namespace ps
