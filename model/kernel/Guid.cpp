#include "model/kernel/Guid.h"

#include <cstdio>

namespace ps {

namespace {

// Value of one hex digit, or -1.
int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Reads `digits` hex digits at text[pos...]; false if any is not a hex digit.
bool readHex(std::string_view text, std::size_t pos, std::size_t digits, std::uint64_t& out) {
    out = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const int v = hexValue(text[pos + i]);
        if (v < 0) {
            return false;
        }
        out = (out << 4) | static_cast<std::uint64_t>(v);
    }
    return true;
}

}  // namespace

std::string GUID::toString() const {
    char text[40];
    std::snprintf(text, sizeof text, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
                  static_cast<unsigned>(Data1), static_cast<unsigned>(Data2),
                  static_cast<unsigned>(Data3), Data4[0], Data4[1], Data4[2], Data4[3], Data4[4],
                  Data4[5], Data4[6], Data4[7]);
    return text;
}

std::optional<GUID> GUID::parse(std::string_view text) {
    constexpr std::size_t kBareLength = 36;
    if (text.size() == kBareLength + 2) {
        if (text.front() != '{' || text.back() != '}') {
            return std::nullopt;
        }
        text = text.substr(1, kBareLength);
    }
    if (text.size() != kBareLength) {
        return std::nullopt;
    }
    if (text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') {
        return std::nullopt;
    }
    GUID guid{};
    std::uint64_t value = 0;
    if (!readHex(text, 0, 8, value)) {
        return std::nullopt;
    }
    guid.Data1 = static_cast<std::uint32_t>(value);
    if (!readHex(text, 9, 4, value)) {
        return std::nullopt;
    }
    guid.Data2 = static_cast<std::uint16_t>(value);
    if (!readHex(text, 14, 4, value)) {
        return std::nullopt;
    }
    guid.Data3 = static_cast<std::uint16_t>(value);
    // Data4: two bytes before the last dash, six after it.
    static constexpr std::size_t kData4Pos[8] = {19, 21, 24, 26, 28, 30, 32, 34};
    for (std::size_t i = 0; i < 8; ++i) {
        if (!readHex(text, kData4Pos[i], 2, value)) {
            return std::nullopt;
        }
        guid.Data4[i] = static_cast<std::uint8_t>(value);
    }
    return guid;
}

std::size_t GuidHash::operator()(const GUID& guid) const {
    // FNV-1a over the fields; stable across hosts.
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint64_t byte) {
        h ^= byte;
        h *= 1099511628211ull;
    };
    for (int shift = 0; shift < 32; shift += 8) {
        mix((guid.Data1 >> shift) & 0xFFu);
    }
    mix(guid.Data2 & 0xFFu);
    mix(guid.Data2 >> 8);
    mix(guid.Data3 & 0xFFu);
    mix(guid.Data3 >> 8);
    for (std::uint8_t b : guid.Data4) {
        mix(b);
    }
    return static_cast<std::size_t>(h);
}

}  // namespace ps
