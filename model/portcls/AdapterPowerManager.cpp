#include "model/portcls/AdapterPowerManager.h"

#include "model/portcls/DdiTrace.h"
#include "model/portcls/StreamResourceRegistry.h"

namespace ps {

const char* devicePowerStateName(DEVICE_POWER_STATE state) {
    switch (state) {
        case PowerDeviceUnspecified:
            return "Unspecified";
        case PowerDeviceD0:
            return "D0";
        case PowerDeviceD1:
            return "D1";
        case PowerDeviceD2:
            return "D2";
        case PowerDeviceD3:
            return "D3";
    }
    return "?";
}

const char* pcExitLatencyName(PC_EXIT_LATENCY latency) {
    switch (latency) {
        case PcExitLatencyInstant:
            return "PcExitLatencyInstant";
        case PcExitLatencyFast:
            return "PcExitLatencyFast";
        case PcExitLatencyResponsive:
            return "PcExitLatencyResponsive";
    }
    return "?";
}

AdapterPowerManager::AdapterPowerManager(Kernel& kernel, StreamResourceRegistry& registry,
                                         const AdapterPowerConfig& config)
    : m_kernel(kernel), m_registry(registry), m_config(config), m_exitLatency(config.exitLatency) {
    m_registry.setPowerState(m_state);
}

AdapterPowerManager::~AdapterPowerManager() {
    m_kernel.scheduler().cancel(m_idleTimer);
    m_kernel.scheduler().cancel(m_powerUp);
}

NTSTATUS AdapterPowerManager::registerAdapter(PUNKNOWN Unknown) {
    if (Unknown == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    IAdapterPowerManagement3* power = nullptr;
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IUnknown::QueryInterface", kNoStream);
        status =
            Unknown->QueryInterface(IID_IAdapterPowerManagement3, reinterpret_cast<void**>(&power));
        call.text("Interface", "IAdapterPowerManagement3").done(status);
    }
    if (NT_SUCCESS(status) && power != nullptr) {
        m_adapter.attach(power);
        setExitLatency(m_exitLatency);
        armIdleTimer();
    }
    return STATUS_SUCCESS;
}

void AdapterPowerManager::unregisterAdapter() {
    m_kernel.scheduler().cancel(m_idleTimer);
    m_kernel.scheduler().cancel(m_powerUp);
    m_poweringUp = false;
    m_adapter.reset();
    releaseD0Waiters(false);
}

std::uint64_t AdapterPowerManager::waitForD0(D0Waiter waiter) {
    if (!m_poweringUp || !waiter) {
        return 0;
    }
    m_d0Waiters.emplace_back(++m_nextWaitId, std::move(waiter));
    return m_nextWaitId;
}

void AdapterPowerManager::cancelD0Wait(std::uint64_t waitId) {
    for (auto it = m_d0Waiters.begin(); it != m_d0Waiters.end(); ++it) {
        if (it->first == waitId) {
            m_d0Waiters.erase(it);
            return;
        }
    }
}

void AdapterPowerManager::releaseD0Waiters(bool inD0) {
    // One at a time from the front: a waiter may cancel (or add) others.
    while (!m_d0Waiters.empty()) {
        D0Waiter waiter = std::move(m_d0Waiters.front().second);
        m_d0Waiters.erase(m_d0Waiters.begin());
        waiter(inD0);
    }
}

TimeNs AdapterPowerManager::exitLatencyNs(PC_EXIT_LATENCY latency) const {
    switch (latency) {
        case PcExitLatencyInstant:
            return 0;
        case PcExitLatencyFast:
            return msToNs(m_config.fastExitLatencyMs);
        case PcExitLatencyResponsive:
            return msToNs(m_config.responsiveExitLatencyMs);
    }
    return 0;
}

void AdapterPowerManager::setExitLatency(PC_EXIT_LATENCY latency) {
    m_exitLatency = latency;
    if (!m_adapter) {
        return;
    }
    DdiCall call(m_kernel, TraceCategory::Resource, "port",
                 "IAdapterPowerManagement3::D3ExitLatencyChanged", kNoStream);
    call.text("NewLatency", pcExitLatencyName(latency))
        .sint("ExitLatencyMs", exitLatencyNs(latency) / 1'000'000);
    m_adapter->D3ExitLatencyChanged(latency);
    call.doneVoid();
    if (latency == PcExitLatencyInstant) {
        m_kernel.scheduler().cancel(m_idleTimer);
    } else {
        armIdleTimer();
    }
}

void AdapterPowerManager::streamActivated() {
    ++m_activeStreams;
    m_kernel.scheduler().cancel(m_idleTimer);
}

void AdapterPowerManager::streamDeactivated() {
    if (m_activeStreams > 0) {
        --m_activeStreams;
    }
    armIdleTimer();
}

void AdapterPowerManager::armIdleTimer() {
    m_kernel.scheduler().cancel(m_idleTimer);
    if (!m_adapter || m_config.idleTimeoutNs <= 0 || m_activeStreams > 0 ||
        m_state != PowerDeviceD0 || m_exitLatency == PcExitLatencyInstant) {
        return;
    }
    m_idleTimer = m_kernel.scheduler().scheduleIn(
        m_config.idleTimeoutNs, [this] { onIdleTimeout(); }, "adapter idle timeout");
}

void AdapterPowerManager::onIdleTimeout() {
    enterD3("idle timeout");
}

bool AdapterPowerManager::enterD3(const char* reason) {
    if (!m_adapter || m_activeStreams > 0 || m_state != PowerDeviceD0 ||
        m_exitLatency == PcExitLatencyInstant) {
        return false;
    }
    m_kernel.scheduler().cancel(m_idleTimer);
    changeState(PowerDeviceD3, reason);
    return true;
}

bool AdapterPowerManager::requestD0() {
    if (m_state == PowerDeviceD0) {
        return true;
    }
    if (!m_poweringUp) {
        m_poweringUp = true;
        const TimeNs latencyNs = exitLatencyNs(m_exitLatency);
        m_readyAtNs = m_kernel.scheduler().now() + latencyNs;
        m_kernel.tracer().record(TraceRecord(TraceCategory::Resource, "port", "D0 requested")
                                     .addText("ExitLatency", pcExitLatencyName(m_exitLatency))
                                     .addInt("ReadyAtNs", m_readyAtNs));
        m_powerUp = m_kernel.scheduler().scheduleIn(
            latencyNs, [this] { completePowerUp(); }, "adapter D0 entry");
    }
    return false;
}

void AdapterPowerManager::completePowerUp() {
    m_poweringUp = false;
    changeState(PowerDeviceD0, "exit latency elapsed");
    // The held requests run first: a stream that leaves STOP now keeps the
    // idle timer from starting.
    releaseD0Waiters(true);
    armIdleTimer();
}

void AdapterPowerManager::changeState(DEVICE_POWER_STATE to, const char* reason) {
    const DEVICE_POWER_STATE from = m_state;
    m_state = to;
    m_registry.setPowerState(to);
    ++m_transitions;
    m_kernel.tracer().record(TraceRecord(TraceCategory::Resource, "port", "power transition")
                                 .addText("From", devicePowerStateName(from))
                                 .addText("To", devicePowerStateName(to))
                                 .addText("ExitLatency", pcExitLatencyName(m_exitLatency))
                                 .addInt("ExitLatencyMs", exitLatencyNs(m_exitLatency) / 1'000'000)
                                 .addText("Reason", reason));
    if (m_adapter) {
        DdiCall call(m_kernel, TraceCategory::Resource, "port",
                     "IAdapterPowerManagement3::PowerChangeState3", kNoStream);
        call.text("NewPowerState", devicePowerStateName(to));
        m_adapter->PowerChangeState3(to, PowerActionNone);
        call.doneVoid();
    }
}

}  // namespace ps
