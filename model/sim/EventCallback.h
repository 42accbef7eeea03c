// The callable the Scheduler stores per pending event: a move-only void()
// with 64 bytes of inline storage (InlineFunction.h). Callables that fit (a
// lambda capturing a few pointers and integers, or a std::function and a
// small struct, as the WavePci port's packet completion does, or a kernel
// WaitContinuation and a status) are stored without touching the heap, which
// keeps schedule + run allocation-free on the simulation's hot path; larger
// ones are boxed on the heap transparently.
#pragma once

#include "model/sim/InlineFunction.h"

namespace ps {

using EventCallback = InlineFunction<void(), 64>;

}  // namespace ps
