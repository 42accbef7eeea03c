// The units the transport steps by, and which trace records mark one.
//
// Stepping by a unit runs events until one of them emits a record of that
// unit, and stops after that event (Event: exactly one event). The record
// kinds:
//   DmaBurst     Dma "DMA burst" (one per burst: sessions never coalesce)
//   Descriptor   Dma "descriptor complete" (AC'97) or "BCIS set" (HD Audio
//                IOC entry complete)
//   Interrupt    Interrupt "ISR" (the kernel calls a connected ISR)
//   DdiCall      any DdiCall record
// Pure functions; any thread.
#pragma once

#include "model/sim/TraceRecord.h"

#include <cstdint>

namespace ps {

enum class StepUnit : std::uint8_t { Event, DmaBurst, Descriptor, Interrupt, DdiCall };
constexpr int kStepUnitCount = 5;

const char* stepUnitName(StepUnit unit);  // "event", "DMA burst", ...
// "event", "burst", "descriptor", "interrupt", "ddi"; false when unknown.
bool stepUnitFromKey(const char* key, StepUnit* unit);
const char* stepUnitKey(StepUnit unit);

// Does the record mark one step of `unit`? (Event: every record.)
bool recordMarksStep(const TraceRecord& record, StepUnit unit);

}  // namespace ps
