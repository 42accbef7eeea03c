#include "model/session/StepUnit.h"

#include <cstring>

namespace ps {
namespace {

struct UnitNames {
    const char* name;
    const char* key;
};
constexpr UnitNames kNames[kStepUnitCount] = {
    {"event", "event"},         {"DMA burst", "burst"}, {"descriptor", "descriptor"},
    {"interrupt", "interrupt"}, {"DDI call", "ddi"},
};

bool nameIs(const TraceRecord& record, const char* name) {
    return record.name != nullptr && std::strcmp(record.name, name) == 0;
}

}  // namespace

const char* stepUnitName(StepUnit unit) {
    return kNames[static_cast<int>(unit)].name;
}

const char* stepUnitKey(StepUnit unit) {
    return kNames[static_cast<int>(unit)].key;
}

bool stepUnitFromKey(const char* key, StepUnit* unit) {
    for (int i = 0; i < kStepUnitCount; ++i) {
        if (key != nullptr && std::strcmp(key, kNames[i].key) == 0) {
            *unit = static_cast<StepUnit>(i);
            return true;
        }
    }
    return false;
}

bool recordMarksStep(const TraceRecord& record, StepUnit unit) {
    switch (unit) {
        case StepUnit::Event:
            return true;
        case StepUnit::DmaBurst:
            return record.category == TraceCategory::Dma && nameIs(record, "DMA burst");
        case StepUnit::Descriptor:
            return record.category == TraceCategory::Dma &&
                   (nameIs(record, "descriptor complete") || nameIs(record, "BCIS set"));
        case StepUnit::Interrupt:
            return record.category == TraceCategory::Interrupt && nameIs(record, "ISR");
        case StepUnit::DdiCall:
            return record.category == TraceCategory::DdiCall;
    }
    return false;
}

}  // namespace ps
