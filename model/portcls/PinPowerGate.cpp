#include "model/portcls/PinPowerGate.h"

namespace ps {

PinPowerGate::PinPowerGate(Kernel& kernel, std::uint16_t streamId)
    : m_kernel(kernel), m_streamId(streamId) {}

PinPowerGate::~PinPowerGate() {
    // The pin closes first (cancel and release); this only keeps a forgotten
    // wait from calling into a dead pin.
    if (m_waitingOn != nullptr) {
        m_waitingOn->cancelD0Wait(m_waitId);
    }
}

void PinPowerGate::beginRequest(KSSTATE target) {
    cancel("superseded");
    m_target = target;
}

bool PinPowerGate::admit(AdapterPowerManager* power, std::function<void()> resume) {
    if (power == nullptr || power->requestD0()) {
        return true;
    }
    if (!m_pending) {
        m_pending = true;
        m_pendingSinceNs = m_kernel.scheduler().now();
    }
    m_waitingOn = power;
    m_waitId = power->waitForD0([this, resume = std::move(resume)](bool inD0) {
        m_waitingOn = nullptr;
        m_waitId = 0;
        if (inD0) {
            resume();
        } else {
            finish(STATUS_CANCELLED, "state request cancelled", "device removed");
        }
    });
    m_kernel.tracer().record(
        TraceRecord(TraceCategory::Resource, "port", "state request pending", m_streamId)
            .addText("State", ksStateName(m_target))
            .addInt("ReadyAtNs", power->d0ReadyAtNs())
            .addText("ExitLatency", pcExitLatencyName(power->exitLatency()))
            .setStatus(STATUS_PENDING));
    return false;
}

void PinPowerGate::complete(NTSTATUS status) {
    if (!m_pending || status == STATUS_PENDING) {
        return;
    }
    finish(status, "state request completed", nullptr);
}

void PinPowerGate::cancel(const char* reason) {
    if (!m_pending) {
        return;
    }
    if (m_waitingOn != nullptr) {
        m_waitingOn->cancelD0Wait(m_waitId);
        m_waitingOn = nullptr;
        m_waitId = 0;
    }
    finish(STATUS_CANCELLED, "state request cancelled", reason);
}

void PinPowerGate::finish(NTSTATUS status, const char* record, const char* reason) {
    m_pending = false;
    TraceRecord r(TraceCategory::Resource, "port", record, m_streamId);
    r.addText("State", ksStateName(m_target))
        .addInt("WaitedNs", m_kernel.scheduler().now() - m_pendingSinceNs);
    if (reason != nullptr) {
        r.addText("Reason", reason);
    }
    m_kernel.tracer().record(r.setStatus(status));
    // Last: the routine may send the pin a new request.
    if (m_completion) {
        m_completion(m_target, status);
    }
}

void PinPowerGate::activate(AdapterPowerManager* power) {
    if (power != nullptr && !m_active) {
        m_active = true;
        power->streamActivated();
    }
}

void PinPowerGate::deactivate(AdapterPowerManager* power) {
    if (m_active) {
        m_active = false;
        if (power != nullptr) {
            power->streamDeactivated();
        }
    }
}

void PinPowerGate::setLowLatency(bool lowLatency) {
    if (lowLatency == m_lowLatency) {
        return;
    }
    m_lowLatency = lowLatency;
    if (lowLatency) {
        m_kernel.lowLatencyStreamStarted();
    } else {
        m_kernel.lowLatencyStreamStopped();
    }
}

void PinPowerGate::release(AdapterPowerManager* power) {
    setLowLatency(false);
    deactivate(power);
}

}  // namespace ps
