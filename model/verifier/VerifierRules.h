// The rules PortScope's verifier applies, each with a stable id (used in
// scenario expectations and tests), a short name and what it means. They
// mirror what Driver Verifier and the port drivers' own checks would flag.
#pragma once

#include <cstddef>

namespace ps {

enum class VerifierRule : unsigned char {
    // WavePci mapping discipline (IPortWavePciStream).
    ReleaseUnknownTag,
    ReleaseEndedTag,
    ReleaseOutOfOrder,
    PortCallHoldingSpinLock,
    MappingsHeldAfterStop,
    // Streams in general.
    StateSkipped,
    SetFormatWhileRunning,
    PositionBackwards,
    WrongIrql,
    // Raised by the kernel itself (IRQL misuse, spin locks, interrupt storms).
    KernelCheck,
    // WaveRT buffers, events and registers.
    BufferFreedWhileRunning,
    BufferNeverFreed,
    NotificationCountUnusual,  // a warning: the Docs allow 1 or 2
    EventRegisteredTwice,
    EventNeverUnregistered,
    PositionRegisterMovedWhileStopped,
    PositionOutsideBuffer,
    // Stream resources (IPortClsStreamResourceManager, DDI.md §13).
    ResourceRegisteredAtDelete,
    ResourceRemovedTwice,
    CurrentThreadRegistered,
    ResourceRegisteredInD3,
};
constexpr std::size_t kVerifierRuleCount = 21;

struct VerifierRuleInfo {
    VerifierRule rule;
    bool warning;             // true: worth knowing, not a bug on its own
    const char* id;           // "wavepci.release-out-of-order"
    const char* name;         // "ReleaseMapping out of order"
    const char* description;  // one sentence: what went wrong and why it matters
};

const VerifierRuleInfo& verifierRuleInfo(VerifierRule rule);

}  // namespace ps
