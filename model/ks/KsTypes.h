// Scalar type names as the DDI spells them, for the structures in model/ks:
// the kernel's (ULONG, LONG, ULONGLONG ...) plus the byte-sized Win32 names the
// wave-format structures use. Widths are the Windows (LLP64) ones on every
// host: ULONG and DWORD are 32 bits, not the host's long.
#pragma once

#include "model/kernel/KernelTypes.h"

#include <cstdint>

namespace ps {

using BYTE = std::uint8_t;
using WORD = std::uint16_t;
using DWORD = std::uint32_t;

}  // namespace ps
