// How a pin tells its client that a KSPROPERTY_CONNECTION_STATE request it
// answered with STATUS_PENDING has finished (the IRP's completion, as an
// overlapped DeviceIoControl sees it).
//
// A pin pends a state request that leaves KSSTATE_STOP while its adapter is
// not in D0 (AdapterPowerManager.h): PortCls holds the request until the
// device is back in D0, exactly the PC_EXIT_LATENCY's time later, and then
// carries it out through every intermediate state. The routine is called
// once per pending request, on the simulation thread, with the state the
// request asked for and its final status: STATUS_SUCCESS (the pin is in
// `target` now), the miniport's failure, or STATUS_CANCELLED (a newer state
// request, the pin's close, or device removal came first). Requests that do
// not pend never call it.
#pragma once

#include "model/kernel/ComPtr.h"
#include "model/kernel/NtStatus.h"
#include "model/ks/KsState.h"

#include <functional>

namespace ps {

using StateCompletionRoutine = std::function<void(KSSTATE target, NTSTATUS status)>;

template <typename Pin>
using PinCreationRoutine = std::function<void(NTSTATUS status, ComPtr<Pin> pin)>;

}  // namespace ps
