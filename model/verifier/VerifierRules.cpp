#include "model/verifier/VerifierRules.h"

namespace ps {
namespace {

constexpr VerifierRuleInfo kRules[kVerifierRuleCount] = {
    {VerifierRule::ReleaseUnknownTag, "wavepci.release-unknown-tag",
     "ReleaseMapping of an unknown tag",
     "The miniport released a tag the port never handed out; the mapping it meant is still "
     "held and its packet never completes."},
    {VerifierRule::ReleaseEndedTag, "wavepci.release-ended-tag",
     "ReleaseMapping of a released or revoked tag",
     "The miniport released a mapping twice, or one the port had already revoked."},
    {VerifierRule::ReleaseOutOfOrder, "wavepci.release-out-of-order", "ReleaseMapping out of order",
     "Mappings must be released in the order GetMapping handed them out."},
    {VerifierRule::PortCallHoldingSpinLock, "wavepci.port-call-holding-spinlock",
     "Port call while holding a spin lock",
     "GetMapping, ReleaseMapping and TerminatePacket must not be called while the miniport "
     "holds a spin lock of its own: Driver Verifier bug-checks with 0xC4."},
    {VerifierRule::MappingsHeldAfterStop, "wavepci.mappings-held-after-stop",
     "Mappings still held after STOP",
     "After the stream reached KSSTATE_STOP the miniport still holds mappings the port could "
     "not revoke; their packets cannot complete."},
    {VerifierRule::StateSkipped, "ks.state-skipped", "SetState skipped a state",
     "The port must step STOP, ACQUIRE, PAUSE, RUN one at a time in either direction."},
    {VerifierRule::SetFormatWhileRunning, "ks.setformat-while-run", "SetFormat accepted while RUN",
     "The miniport accepted a format change while the stream was running."},
    {VerifierRule::PositionBackwards, "ks.position-backwards", "Position went backwards while RUN",
     "A stream-relative position may only grow while the stream runs."},
    {VerifierRule::WrongIrql, "ddi.wrong-irql", "Call at the wrong IRQL",
     "A DDI method was called above the highest IRQL its documentation allows."},
    {VerifierRule::KernelCheck, "kernel.check", "Kernel check",
     "The kernel detected misuse that would bug-check Windows (IRQL, spin locks, interrupts)."},
};

}  // namespace

const VerifierRuleInfo& verifierRuleInfo(VerifierRule rule) {
    return kRules[static_cast<std::size_t>(rule)];
}

}  // namespace ps
