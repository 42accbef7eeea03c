// Adapter power management in the IAdapterPowerManagement3 style (Windows 8
// portcls.h, DDI.md §13): device power states, PC_EXIT_LATENCY and the
// adapter-side interface PortCls calls on a power transition.
//
// Only D0 (working) and D3 (off) are modeled. PortScope's PowerChangeState3 is
// called at PASSIVE_LEVEL with the device already in the new state (see
// AdapterPowerManager.h for the order), so a driver that registers stream
// resources in its D3 handler registers "in D3".
//
// PC_EXIT_LATENCY: how long the return from D3 to D0 may take before a
// stream can run. The Docs disagree (DDI.md §19 row 10): the enum page gives
// Fast 35 ms / Responsive 300 ms, the D3ExitLatencyChanged page 10 / 200 ms.
// PortScope defaults to the enum page's values (the enum is the definition
// the header carries; the other page describes a callback) and makes both
// configurable in AdapterPowerConfig.
#pragma once

#include "model/kernel/ComBase.h"
#include "model/kernel/KernelTypes.h"
#include "model/sim/SimTime.h"

namespace ps {

enum DEVICE_POWER_STATE {
    PowerDeviceUnspecified = 0,
    PowerDeviceD0 = 1,
    PowerDeviceD1 = 2,
    PowerDeviceD2 = 3,
    PowerDeviceD3 = 4,
};
// "D0", "D3", ...
const char* devicePowerStateName(DEVICE_POWER_STATE state);

enum POWER_ACTION { PowerActionNone = 0, PowerActionSleep = 2, PowerActionShutdown = 4 };

enum PC_EXIT_LATENCY {
    PcExitLatencyInstant = 0,     // "do not power down": the adapter stays in D0
    PcExitLatencyFast = 1,        // back in D0 within AdapterPowerConfig::fastExitLatencyMs
    PcExitLatencyResponsive = 2,  // within AdapterPowerConfig::responsiveExitLatencyMs
};
// "PcExitLatencyInstant", ...
const char* pcExitLatencyName(PC_EXIT_LATENCY latency);

// A device's power policy (who idles it and how fast it comes back).
struct AdapterPowerConfig {
    // No stream above KSSTATE_STOP for this long takes the adapter to D3;
    // 0 (the default) disables idle power-down.
    TimeNs idleTimeoutNs = 0;
    // The exit latency PortCls announces at start (D3ExitLatencyChanged).
    PC_EXIT_LATENCY exitLatency = PcExitLatencyFast;
    // The time D3 -> D0 takes for each PC_EXIT_LATENCY value, in ms (enum
    // page: 35 / 300; D3ExitLatencyChanged page: 10 / 200).
    std::uint32_t fastExitLatencyMs = 35;
    std::uint32_t responsiveExitLatencyMs = 300;
};

// IAdapterPowerManagement3's own methods (the inherited IAdapterPowerManagement
// and ...2 methods are not modeled). PASSIVE_LEVEL.
struct IAdapterPowerManagement3 : IUnknown {
    virtual void PowerChangeState3(DEVICE_POWER_STATE NewPowerState, POWER_ACTION PowerAction) = 0;
    virtual void D3ExitLatencyChanged(PC_EXIT_LATENCY NewLatency) = 0;
};
using PADAPTERPOWERMANAGEMENT3 = IAdapterPowerManagement3*;

}  // namespace ps
