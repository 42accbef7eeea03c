// Fixed-width integer names as the DDI spells them, so that the structures in
// model/ks read like their WDK declarations. Widths are the Windows (LLP64)
// ones on every host: ULONG and DWORD are 32 bits, not the host's long.
// Redeclaring one of these aliases elsewhere in namespace ps with the same type
// is legal C++, so kernel/ may define the same names.
#pragma once

#include <cstdint>

namespace ps {

using BYTE = std::uint8_t;
using WORD = std::uint16_t;
using USHORT = std::uint16_t;
using DWORD = std::uint32_t;
using ULONG = std::uint32_t;
using LONG = std::int32_t;
using ULONGLONG = std::uint64_t;
using LONGLONG = std::int64_t;

}  // namespace ps
