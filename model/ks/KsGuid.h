// A GUID with the DDI's field layout, small enough for model/ks to stand
// alone. Values are constexpr aggregates written the way the WDK's
// DEFINE_GUID / STATIC_... macros spell them:
//     constexpr KsGuid X{0x00000001, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, ...}};
// On the wire (inside KSDATAFORMAT or WAVEFORMATEXTENSIBLE) a GUID is 16 bytes:
// Data1, Data2 and Data3 little-endian, then Data4 in order; see LittleEndian.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ps {

struct KsGuid {
    std::uint32_t Data1;
    std::uint16_t Data2;
    std::uint16_t Data3;
    std::uint8_t Data4[8];

    // Registry form with braces and lower-case hex:
    // "{00000001-0000-0010-8000-00aa00389b71}".
    std::string toString() const;
};

constexpr std::size_t kKsGuidBytes = 16;

constexpr bool operator==(const KsGuid& a, const KsGuid& b) {
    if (a.Data1 != b.Data1 || a.Data2 != b.Data2 || a.Data3 != b.Data3) {
        return false;
    }
    for (int i = 0; i < 8; ++i) {
        if (a.Data4[i] != b.Data4[i]) {
            return false;
        }
    }
    return true;
}

constexpr bool operator!=(const KsGuid& a, const KsGuid& b) {
    return !(a == b);
}

}  // namespace ps
