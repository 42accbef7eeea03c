// GUIDs in model/ks are the kernel's GUID (model/kernel/Guid.h). On the wire
// (inside KSDATAFORMAT or WAVEFORMATEXTENSIBLE) a GUID is 16 bytes: Data1,
// Data2 and Data3 little-endian, then Data4 in order; see LittleEndian.h.
#pragma once

#include "model/kernel/Guid.h"

#include <cstddef>

namespace ps {

constexpr std::size_t kKsGuidBytes = 16;

}  // namespace ps
