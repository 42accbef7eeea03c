// KSSTATE and the transition rule the port applies (DDI.md §14).
//
// A KS pin is in one of four states. The Windows port never skips one: a
// client's request to go from STOP to RUN reaches the miniport's SetState as
// ACQUIRE, then PAUSE, then RUN, and RUN to STOP comes down the same ladder.
// ksStatePath() gives the sequence of SetState calls the port makes.
#pragma once

#include <optional>
#include <vector>

#include "model/ks/KsTypes.h"

namespace ps {

// The fixed underlying type makes any int a valid KSSTATE object, so a value
// cast from an untrusted property buffer is not undefined behaviour.
enum KSSTATE : int {
    KSSTATE_STOP = 0,  // minimum resources; position reset to 0
    KSSTATE_ACQUIRE,   // resources acquired
    KSSTATE_PAUSE,     // ready for an instant RUN; position frozen
    KSSTATE_RUN        // streaming
};

// "KSSTATE_STOP" ... "KSSTATE_RUN"; "KSSTATE_<invalid>" for any other value.
const char* ksStateName(KSSTATE state);

// The KSSTATE a raw property value (ULONG) stands for; nullopt outside 0..3.
std::optional<KSSTATE> ksStateFromValue(ULONG value);

// The states the port passes through, in order, to get from `from` to `to`:
// every intermediate state and then `to` itself. Empty when from == to.
//   STOP -> RUN  gives ACQUIRE, PAUSE, RUN
//   RUN  -> STOP gives PAUSE, ACQUIRE, STOP
std::vector<KSSTATE> ksStatePath(KSSTATE from, KSSTATE to);

// True when `to` is exactly one step from `from` (the only transition a
// sequencing port hands to the miniport). False for from == to.
bool isSingleStep(KSSTATE from, KSSTATE to);

}  // namespace ps
