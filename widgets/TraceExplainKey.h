// Which explanation page belongs to a trace record (the explain key scheme is
// described in ExplainCatalog.h):
// - a register record: "ac97/<Register>" or "hda/<Register>" from its
//   Register field (or the register named in "<REG> write"), the device told
//   by the record's source ("AC97#0 ...", "HDA#1 ...");
// - a record whose name has a page (DDI calls, kernel routines, KSSTATE,
//   ISR ...): the name itself;
// - otherwise the concept of its category (a DMA burst, a descriptor, an
//   interrupt, a DPC, a state change, a glitch, stream resources and power).
// Always returns a key; it may name no page (the pane then says so).
#pragma once

#include "model/sim/TraceRecord.h"

#include <QString>

namespace ps {

class ExplainCatalog;

QString explainKeyFor(const TraceRecord& record, const ExplainCatalog& catalog);

}  // namespace ps
