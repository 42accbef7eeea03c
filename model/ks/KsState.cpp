#include "model/ks/KsState.h"

namespace ps {

const char* ksStateName(KSSTATE state) {
    switch (state) {
        case KSSTATE_STOP:
            return "KSSTATE_STOP";
        case KSSTATE_ACQUIRE:
            return "KSSTATE_ACQUIRE";
        case KSSTATE_PAUSE:
            return "KSSTATE_PAUSE";
        case KSSTATE_RUN:
            return "KSSTATE_RUN";
    }
    // A value cast from an untrusted ULONG can be outside the enumerators.
    return "KSSTATE_<invalid>";
}

std::optional<KSSTATE> ksStateFromValue(ULONG value) {
    if (value > static_cast<ULONG>(KSSTATE_RUN)) {
        return std::nullopt;
    }
    return static_cast<KSSTATE>(value);
}

std::vector<KSSTATE> ksStatePath(KSSTATE from, KSSTATE to) {
    std::vector<KSSTATE> path;
    int current = static_cast<int>(from);
    const int target = static_cast<int>(to);
    const int step = target > current ? 1 : -1;
    while (current != target) {
        current += step;
        path.push_back(static_cast<KSSTATE>(current));
    }
    return path;
}

bool isSingleStep(KSSTATE from, KSSTATE to) {
    const int distance = static_cast<int>(to) - static_cast<int>(from);
    return distance == 1 || distance == -1;
}

}  // namespace ps
