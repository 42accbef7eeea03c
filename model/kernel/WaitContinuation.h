// What a simulated waiter runs when its wait ends: called once, with
// STATUS_SUCCESS when the event was signalled for it or STATUS_TIMEOUT, on the
// simulation thread (Kernel::waitForEvent, KeWaitForSingleObjectInThread).
// A lambda capturing up to 40 bytes (an object pointer, a weak_ptr and a
// counter, say) is stored inline, so a wait allocates nothing; the kernel
// moves it into the scheduler event that resumes the waiter, which then fits
// that event's inline storage too.
#pragma once

#include "model/sim/InlineFunction.h"

#include <cstdint>

namespace ps {

using WaitContinuation = InlineFunction<void(std::int32_t status), 40>;

}  // namespace ps
