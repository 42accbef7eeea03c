// GUID as the WDK declares it (guiddef.h), usable in constant expressions:
//   constexpr GUID IID_IFoo{0xB4C90A51, 0x5791, 0x11D0, {0x86, 0xF9, 0x00, ...}};
// IIDs and CLSIDs are GUIDs; REFIID/REFCLSID/REFGUID pass them by reference.
//
// Text form (registry form): "B4C90A51-5791-11D0-86F9-00A0C911B544", 8-4-4-4-12
// hex digits. toString() writes it upper-case without braces. parse() accepts
// exactly that shape in any case, optionally wrapped in one pair of braces
// ("{...}"), and refuses anything else (wrong length, misplaced dashes, non-hex
// digits, a lone brace, surrounding spaces) with std::nullopt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ps {

struct GUID {
    std::uint32_t Data1;
    std::uint16_t Data2;
    std::uint16_t Data3;
    std::uint8_t Data4[8];

    std::string toString() const;
    static std::optional<GUID> parse(std::string_view text);
};

using IID = GUID;
using CLSID = GUID;
using REFGUID = const GUID&;
using REFIID = const GUID&;
using REFCLSID = const GUID&;

constexpr bool operator==(const GUID& a, const GUID& b) {
    if (a.Data1 != b.Data1 || a.Data2 != b.Data2 || a.Data3 != b.Data3) {
        return false;
    }
    for (std::size_t i = 0; i < 8; ++i) {
        if (a.Data4[i] != b.Data4[i]) {
            return false;
        }
    }
    return true;
}

constexpr bool operator!=(const GUID& a, const GUID& b) {
    return !(a == b);
}

// Orders by Data1, Data2, Data3, then Data4 bytes: a strict weak ordering for
// std::map and sorted listings (not the byte order of the in-memory layout).
constexpr bool operator<(const GUID& a, const GUID& b) {
    if (a.Data1 != b.Data1) {
        return a.Data1 < b.Data1;
    }
    if (a.Data2 != b.Data2) {
        return a.Data2 < b.Data2;
    }
    if (a.Data3 != b.Data3) {
        return a.Data3 < b.Data3;
    }
    for (std::size_t i = 0; i < 8; ++i) {
        if (a.Data4[i] != b.Data4[i]) {
            return a.Data4[i] < b.Data4[i];
        }
    }
    return false;
}

// The WDK's comparison macros, for DDI-shaped code.
constexpr bool IsEqualGUID(REFGUID a, REFGUID b) {
    return a == b;
}
constexpr bool IsEqualGUIDAligned(REFGUID a, REFGUID b) {
    return a == b;
}

constexpr GUID GUID_NULL{0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};

// For std::unordered_map<GUID, ...>.
struct GuidHash {
    std::size_t operator()(const GUID& guid) const;
};

}  // namespace ps
