// Scalar type names as the WDK spells them (LLP64 widths on every host), used
// by the DDI-shaped surfaces of model/kernel, model/portcls and the miniports.
// Redeclaring an alias with the same type elsewhere in namespace ps is legal.
#pragma once

#include <cstdint>

namespace ps {

using BOOLEAN = bool;
using UCHAR = std::uint8_t;
using USHORT = std::uint16_t;
using ULONG = std::uint32_t;
using LONG = std::int32_t;
using ULONGLONG = std::uint64_t;
using LONGLONG = std::int64_t;
using ULONG_PTR = std::uint64_t;
using PVOID = void*;
using PULONG = ULONG*;
using PLONG = LONG*;
using PULONGLONG = ULONGLONG*;
using PLONGLONG = LONGLONG*;
using SIZE_T = std::uint64_t;

constexpr BOOLEAN TRUE = true;
constexpr BOOLEAN FALSE = false;

}  // namespace ps
