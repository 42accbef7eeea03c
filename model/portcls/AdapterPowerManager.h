// PortCls's power policy for one adapter (the part of its device extension
// that idles the device and brings it back): D0 / D3, an idle timeout, and
// the PC_EXIT_LATENCY that says how long D3 -> D0 takes (AdapterPower.h).
//
// - The adapter registers IAdapterPowerManagement3 with registerAdapter()
//   (PcRegisterAdapterPowerManagement: the object is QI'd for
//   IID_IAdapterPowerManagement3; without it the device never leaves D0).
//   PortCls then announces the configured exit latency (D3ExitLatencyChanged).
// - Port pins call streamActivated() when a stream leaves KSSTATE_STOP and
//   streamDeactivated() when it returns there (or closes). With none active
//   for idleTimeoutNs (> 0) the adapter goes to D3 — unless the exit latency
//   is PcExitLatencyInstant ("do not power down").
// - requestD0() (a pin that must leave STOP, or a new pin, while the device is
//   not in D0) starts the return to D0 if it has not started, and returns
//   false: the device is in D0 exactly exitLatencyNs() later (d0ReadyAtNs).
//   PortCls holds such a request meanwhile: the port pends it (STATUS_PENDING)
//   and waitForD0() calls it back once the device is in D0, after the
//   miniport's PowerChangeState3(D0), in registration order, in the same
//   simulated instant. A retry does not restart the exit latency.
// - Order of a transition: the device state (and the stream resource
//   registry's) changes first, then PowerChangeState3(new state) is called,
//   at PASSIVE_LEVEL. The miniport unregisters its resources and disconnects
//   its interrupt on D3, and reconnects and registers them again on D0.
// Every transition is a Resource trace record "power transition" (From, To,
// ExitLatency, ExitLatencyMs, Reason); the power-up request is "D0 requested"
// (ReadyAtNs).
#pragma once

#include "model/kernel/ComBase.h"
#include "model/kernel/Kernel.h"
#include "model/portcls/AdapterPower.h"

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace ps {

class StreamResourceRegistry;

class AdapterPowerManager {
  public:
    AdapterPowerManager(Kernel& kernel, StreamResourceRegistry& registry,
                        const AdapterPowerConfig& config);
    ~AdapterPowerManager();
    AdapterPowerManager(const AdapterPowerManager&) = delete;
    AdapterPowerManager& operator=(const AdapterPowerManager&) = delete;

    // PcRegisterAdapterPowerManagement: STATUS_INVALID_PARAMETER for null;
    // otherwise STATUS_SUCCESS, and an object without IAdapterPowerManagement3
    // is simply never powered down.
    NTSTATUS registerAdapter(PUNKNOWN Unknown);
    // Device removal: drops the interface and the idle timer; the adapter
    // stays in whatever state it is.
    void unregisterAdapter();

    DEVICE_POWER_STATE state() const { return m_state; }
    bool poweringUp() const { return m_poweringUp; }
    TimeNs d0ReadyAtNs() const { return m_readyAtNs; }
    PC_EXIT_LATENCY exitLatency() const { return m_exitLatency; }
    // The D3 -> D0 time for a latency value (Instant: 0).
    TimeNs exitLatencyNs(PC_EXIT_LATENCY latency) const;
    // Changes the latency and tells the adapter (D3ExitLatencyChanged).
    void setExitLatency(PC_EXIT_LATENCY latency);
    const AdapterPowerConfig& config() const { return m_config; }

    void streamActivated();
    void streamDeactivated();
    std::uint32_t activeStreams() const { return m_activeStreams; }
    // True when in D0 now; else starts (or continues) the return to D0.
    bool requestD0();
    // Goes to D3 now; false (nothing happens) while streams are active, the
    // exit latency is Instant, no adapter is registered, or not in D0.
    bool enterD3(const char* reason);

    // Called once: with true when the device has reached D0, or with false
    // when the adapter is unregistered (device removal) before that. Only
    // while poweringUp(); returns a wait id (> 0) for cancelD0Wait, or 0 (and
    // the waiter is not kept) when not powering up.
    using D0Waiter = std::function<void(bool inD0)>;
    std::uint64_t waitForD0(D0Waiter waiter);
    // Forgets a wait (the request went away); unknown ids are ignored.
    void cancelD0Wait(std::uint64_t waitId);
    std::size_t d0Waiters() const { return m_d0Waiters.size(); }

    std::uint64_t transitions() const { return m_transitions; }

  private:
    void releaseD0Waiters(bool inD0);

    void armIdleTimer();
    void onIdleTimeout();
    void completePowerUp();
    void changeState(DEVICE_POWER_STATE to, const char* reason);

    Kernel& m_kernel;
    StreamResourceRegistry& m_registry;
    AdapterPowerConfig m_config;
    ComPtr<IAdapterPowerManagement3> m_adapter;
    DEVICE_POWER_STATE m_state = PowerDeviceD0;
    PC_EXIT_LATENCY m_exitLatency;
    std::uint32_t m_activeStreams = 0;
    bool m_poweringUp = false;
    TimeNs m_readyAtNs = 0;
    EventId m_idleTimer;
    EventId m_powerUp;
    std::uint64_t m_transitions = 0;
    std::vector<std::pair<std::uint64_t, D0Waiter>> m_d0Waiters;
    std::uint64_t m_nextWaitId = 0;
};

}  // namespace ps
