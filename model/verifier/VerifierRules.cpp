#include "model/verifier/VerifierRules.h"

namespace ps {
namespace {

constexpr VerifierRuleInfo kRules[kVerifierRuleCount] = {
    {VerifierRule::ReleaseUnknownTag, false, "wavepci.release-unknown-tag",
     "ReleaseMapping of an unknown tag",
     "The miniport released a tag the port never handed out; the mapping it meant is still "
     "held and its packet never completes."},
    {VerifierRule::ReleaseEndedTag, false, "wavepci.release-ended-tag",
     "ReleaseMapping of a released or revoked tag",
     "The miniport released a mapping twice, or one the port had already revoked."},
    {VerifierRule::ReleaseOutOfOrder, false, "wavepci.release-out-of-order",
     "ReleaseMapping out of order",
     "Mappings must be released in the order GetMapping handed them out."},
    {VerifierRule::PortCallHoldingSpinLock, false, "wavepci.port-call-holding-spinlock",
     "Port call while holding a spin lock",
     "GetMapping, ReleaseMapping and TerminatePacket must not be called while the miniport "
     "holds a spin lock of its own: Driver Verifier bug-checks with 0xC4."},
    {VerifierRule::MappingsHeldAfterStop, false, "wavepci.mappings-held-after-stop",
     "Mappings still held after STOP",
     "After the stream reached KSSTATE_STOP the miniport still holds mappings the port could "
     "not revoke; their packets cannot complete."},
    {VerifierRule::StateSkipped, false, "ks.state-skipped", "SetState skipped a state",
     "The port must step STOP, ACQUIRE, PAUSE, RUN one at a time in either direction."},
    {VerifierRule::SetFormatWhileRunning, false, "ks.setformat-while-run",
     "SetFormat accepted while RUN",
     "The miniport accepted a format change while the stream was running."},
    {VerifierRule::PositionBackwards, false, "ks.position-backwards",
     "Position went backwards while RUN",
     "A stream-relative position may only grow while the stream runs."},
    {VerifierRule::WrongIrql, false, "ddi.wrong-irql", "Call at the wrong IRQL",
     "A DDI method was called above the highest IRQL its documentation allows."},
    {VerifierRule::KernelCheck, false, "kernel.check", "Kernel check",
     "The kernel detected misuse that would bug-check Windows (IRQL, spin locks, interrupts)."},
    {VerifierRule::BufferFreedWhileRunning, false, "wavert.buffer-freed-while-run",
     "Cyclic buffer freed while RUN",
     "The WaveRT buffer was freed while the stream was running: the DMA engine may still read it."},
    {VerifierRule::BufferNeverFreed, false, "wavert.buffer-never-freed",
     "Cyclic buffer never freed",
     "A WaveRT buffer was still allocated when the run ended or the pin closed."},
    {VerifierRule::NotificationCountUnusual, true, "wavert.notification-count",
     "Notification count other than 1 or 2",
     "The Docs allow one notification per buffer (end) or two (midpoint and end); sysvad accepts "
     "any divisor, clients should not rely on it."},
    {VerifierRule::EventRegisteredTwice, false, "wavert.event-registered-twice",
     "Notification event registered twice",
     "The same KEVENT was registered again without being unregistered first."},
    {VerifierRule::EventNeverUnregistered, false, "wavert.event-never-unregistered",
     "Notification event never unregistered",
     "Events must be unregistered after stop and before the pin closes."},
    {VerifierRule::PositionRegisterMovedWhileStopped, false, "wavert.position-register-not-running",
     "Position register advanced while not RUN",
     "The mapped position register moved while the stream was paused or stopped: the DMA engine "
     "kept running."},
    {VerifierRule::PositionOutsideBuffer, false, "wavert.position-outside-buffer",
     "GetPosition outside the buffer",
     "WaveRT positions are byte offsets into the cyclic buffer and must be smaller than its size."},
    {VerifierRule::ResourceRegisteredAtDelete, false, "resources.registered-at-delete",
     "Stream resource still registered when deleted",
     "An interrupt was disconnected, a thread ended or the device removed while still registered "
     "as a stream resource: unregister before deleting."},
    {VerifierRule::ResourceRemovedTwice, false, "resources.removed-twice",
     "Stream resource removed twice",
     "RemoveStreamResource was called again for a handle already removed."},
    {VerifierRule::CurrentThreadRegistered, false, "resources.current-thread",
     "Registered a thread the driver does not own",
     "Only interrupts and driver-owned threads may be registered; the current (caller's) thread "
     "belongs to someone else."},
    {VerifierRule::ResourceRegisteredInD3, false, "resources.registered-in-d3",
     "Stream resource registered in D3",
     "Resources are registered after the interrupt is reconnected in D0, not while the adapter "
     "is powered down."},
};

}  // namespace

const VerifierRuleInfo& verifierRuleInfo(VerifierRule rule) {
    return kRules[static_cast<std::size_t>(rule)];
}

}  // namespace ps
