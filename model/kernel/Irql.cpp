#include "model/kernel/Irql.h"

namespace ps {

const char* irqlName(KIRQL irql) {
    static const char* const kNames[] = {
        "PASSIVE_LEVEL", "APC_LEVEL",   "DISPATCH_LEVEL", "DIRQL 3",   "DIRQL 4",  "DIRQL 5",
        "DIRQL 6",       "DIRQL 7",     "DIRQL 8",        "DIRQL 9",   "DIRQL 10", "DIRQL 11",
        "DIRQL 12",      "CLOCK_LEVEL", "IPI_LEVEL",      "HIGH_LEVEL"};
    return irql < sizeof kNames / sizeof kNames[0] ? kNames[irql] : "invalid IRQL";
}

}  // namespace ps
