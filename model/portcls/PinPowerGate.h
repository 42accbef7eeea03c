// A port pin's part in adapter power and low-latency shielding, shared by the
// WaveRT pin (CPortPinWaveRT) and the WavePci pin (CPortPinWavePci).
//
// Power. A pin leaving KSSTATE_STOP needs its adapter in D0. admit() is asked
// before that step: in D0 (or without an AdapterPowerManager) the step goes
// on; otherwise the gate starts the return to D0 (requestD0), records a
// Resource trace record "state request pending" (State: the request's
// target, ReadyAtNs, ExitLatency) and returns false, and the pin answers the
// request with STATUS_PENDING. When the device reaches D0 the gate calls the
// pin's resume function, which carries the request out; the pin then calls
// complete(status): a Resource record "state request completed" (State,
// WaitedNs: the time since the request, Status) and the client's
// StateCompletionRoutine (PinStateCompletion.h). A new state request, the
// pin's close or device removal while one is pending ends it with
// STATUS_CANCELLED and a "state request cancelled" record (State, Reason).
//
// Claims. activate() / deactivate() count the pin in the adapter's active
// streams (no idle power-down while one is above STOP); setLowLatency()
// brackets a low-latency RUN with Kernel::lowLatencyStreamStarted /
// ...Stopped (shielding of registered resources). Each claim is held at most
// once; release() drops both.
//
// Simulation thread only. The pin passes its port's current
// AdapterPowerManager (null once the device is gone) to each call.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/portcls/AdapterPowerManager.h"
#include "model/portcls/PinStateCompletion.h"

#include <functional>

namespace ps {

class PinPowerGate {
  public:
    PinPowerGate(Kernel& kernel, std::uint16_t streamId);
    ~PinPowerGate();
    PinPowerGate(const PinPowerGate&) = delete;
    PinPowerGate& operator=(const PinPowerGate&) = delete;

    void setCompletionRoutine(StateCompletionRoutine routine) { m_completion = std::move(routine); }

    // A new state request for `target` arrives: a pending one is cancelled
    // first (Reason "superseded").
    void beginRequest(KSSTATE target);
    KSSTATE requestTarget() const { return m_target; }
    // See the header comment. resume runs at most once, when D0 is reached.
    bool admit(AdapterPowerManager* power, std::function<void()> resume);
    bool pending() const { return m_pending; }
    // The resumed request finished with `status` (STATUS_PENDING: it waits
    // again, nothing is completed).
    void complete(NTSTATUS status);
    // Ends a pending request with STATUS_CANCELLED; nothing when none is.
    void cancel(const char* reason);

    void activate(AdapterPowerManager* power);
    void deactivate(AdapterPowerManager* power);
    bool active() const { return m_active; }
    void setLowLatency(bool lowLatency);
    bool lowLatency() const { return m_lowLatency; }
    void release(AdapterPowerManager* power);

  private:
    void finish(NTSTATUS status, const char* record, const char* reason);

    Kernel& m_kernel;
    std::uint16_t m_streamId;
    StateCompletionRoutine m_completion;
    KSSTATE m_target = KSSTATE_STOP;
    bool m_pending = false;
    TimeNs m_pendingSinceNs = 0;
    AdapterPowerManager* m_waitingOn = nullptr;
    std::uint64_t m_waitId = 0;
    bool m_active = false;
    bool m_lowLatency = false;
};

// KSCREATE_PIN on a port whose adapter is not in D0 (PinStateCompletion.h):
// with onComplete, records "pin creation pending" (Pin, ReadyAtNs), returns
// STATUS_PENDING and, when D0 is reached, calls create (which must keep the
// port alive) and then onComplete with its status and pin, after a "pin
// creation completed" record (WaitedNs, Status); device removal first gives
// STATUS_CANCELLED. Without onComplete: STATUS_DEVICE_NOT_READY. The caller
// has already started the return to D0 (power->requestD0() was false).
template <typename Pin, typename Create>
NTSTATUS holdPinCreation(Kernel& kernel, AdapterPowerManager& power, ULONG pinId,
                         std::uint16_t streamId, PinCreationRoutine<Pin> onComplete,
                         Create create) {
    if (!onComplete) {
        return STATUS_DEVICE_NOT_READY;
    }
    const TimeNs askedAtNs = kernel.scheduler().now();
    kernel.tracer().record(
        TraceRecord(TraceCategory::Resource, "port", "pin creation pending", streamId)
            .addUInt("Pin", pinId)
            .addInt("ReadyAtNs", power.d0ReadyAtNs())
            .setStatus(STATUS_PENDING));
    power.waitForD0([&kernel, pinId, streamId, askedAtNs, onComplete = std::move(onComplete),
                     create = std::move(create)](bool inD0) {
        ComPtr<Pin> created;
        const NTSTATUS status = inD0 ? create(&created) : STATUS_CANCELLED;
        kernel.tracer().record(
            TraceRecord(TraceCategory::Resource, "port", "pin creation completed", streamId)
                .addUInt("Pin", pinId)
                .addInt("WaitedNs", kernel.scheduler().now() - askedAtNs)
                .setStatus(status));
        onComplete(status, std::move(created));
    });
    return STATUS_PENDING;
}

}  // namespace ps
