#include "model/snapshot/ComInterfaceTable.h"

#include "model/portcls/PcStreamResource.h"

#include <cstring>

namespace ps {
namespace {

// A row's condition: when the class answers the interface.
enum class When { Always, StreamResourceManager, StreamResourceManager2 };

struct Row {
    const char* className;
    const char* interfaceName;
    When when;
};

// Kept in the order of each class's NonDelegatingQueryInterface.
constexpr Row kRows[] = {
    {"CPortWavePci", "IUnknown", When::Always},
    {"CPortWavePci", "IPort", When::Always},
    {"CPortWavePci", "IPortWavePci", When::Always},
    {"CPortWavePci", "IServiceSink", When::Always},
    {"CPortPinWavePci", "IUnknown", When::Always},
    {"CPortPinWavePci", "IPortWavePciStream", When::Always},
    {"CPortPinWavePci", "IServiceSink", When::Always},
    {"CPortPinWavePci", "IPreFetchOffset", When::Always},
    {"CMiniportWaveAc97", "IUnknown", When::Always},
    {"CMiniportWaveAc97", "IMiniport", When::Always},
    {"CMiniportWaveAc97", "IMiniportWavePci", When::Always},
    {"CMiniportWaveAc97", "IAdapterPowerManagement3", When::Always},
    {"CMiniportWaveAc97Stream", "IUnknown", When::Always},
    {"CMiniportWaveAc97Stream", "IMiniportWavePciStream", When::Always},
    {"CPortWaveRT", "IUnknown", When::Always},
    {"CPortWaveRT", "IPort", When::Always},
    {"CPortWaveRT", "IPortWaveRT", When::Always},
    {"CPortWaveRT", "IPortClsStreamResourceManager", When::StreamResourceManager},
    {"CPortWaveRT", "IPortClsStreamResourceManager2", When::StreamResourceManager2},
    {"CPortPinWaveRT", "IUnknown", When::Always},
    {"CPortPinWaveRT", "IPortWaveRTStream", When::Always},
    {"CMiniportWaveRtHda", "IUnknown", When::Always},
    {"CMiniportWaveRtHda", "IMiniport", When::Always},
    {"CMiniportWaveRtHda", "IMiniportWaveRT", When::Always},
    {"CMiniportWaveRtHda", "IAdapterPowerManagement3", When::Always},
    {"CMiniportWaveRtHdaStream", "IUnknown", When::Always},
    {"CMiniportWaveRtHdaStream", "IMiniportWaveRTStream", When::Always},
    {"CMiniportWaveRtHdaStream", "IMiniportWaveRTStreamNotification", When::Always},
};

bool applies(When when, const ComQueryContext& context) {
    switch (when) {
        case When::Always:
            return true;
        case When::StreamResourceManager:
            return context.portHasDeviceState && osHasStreamResourceManager(context.osVersion);
        case When::StreamResourceManager2:
            return context.portHasDeviceState && osHasStreamResourceManager2(context.osVersion);
    }
    return false;
}

}  // namespace

std::vector<std::string> comInterfacesOf(const char* className, const ComQueryContext& context) {
    std::vector<std::string> out;
    if (className == nullptr) {
        return out;
    }
    for (const Row& row : kRows) {
        if (std::strcmp(row.className, className) == 0 && applies(row.when, context)) {
            out.emplace_back(row.interfaceName);
        }
    }
    return out;
}

std::vector<std::string> comInterfaceTableClasses() {
    std::vector<std::string> out;
    for (const Row& row : kRows) {
        if (out.empty() || out.back() != row.className) {
            out.emplace_back(row.className);
        }
    }
    return out;
}

}  // namespace ps
