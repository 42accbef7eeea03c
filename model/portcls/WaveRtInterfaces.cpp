#include "model/portcls/WaveRtInterfaces.h"

namespace ps {

const char* memoryCachingTypeName(MEMORY_CACHING_TYPE type) {
    switch (type) {
        case MmNonCached:
            return "MmNonCached";
        case MmCached:
            return "MmCached";
        case MmWriteCombined:
            return "MmWriteCombined";
    }
    return "MEMORY_CACHING_TYPE(?)";
}

}  // namespace ps
