#include "app/export/JsonText.h"

#include <charconv>
#include <cstdio>

namespace ps {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if there is none
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t validUtf8Length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    const std::size_t left = s.size() - i;
    const auto cont = [&](std::size_t k) { return (byte(i + k) & 0xC0) == 0x80; };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        return left >= 2 && cont(1) ? 2 : 0;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (left < 3 || !cont(1) || !cont(2)) {
            return 0;
        }
        const unsigned char b1 = byte(i + 1);
        if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0)) {
            return 0;  // overlong, or a UTF-16 surrogate
        }
        return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (left < 4 || !cont(1) || !cont(2) || !cont(3)) {
            return 0;
        }
        const unsigned char b1 = byte(i + 1);
        if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90)) {
            return 0;  // overlong, or above U+10FFFF
        }
        return 4;
    }
    return 0;
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                case '\b':
                    out += "\\b";
                    break;
                case '\f':
                    out += "\\f";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    if (c < 0x20) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\u%04X", c);
                        out += buf;
                    } else {
                        out += static_cast<char>(c);
                    }
            }
            ++i;
            continue;
        }
        const std::size_t n = validUtf8Length(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD for the one bad byte
            ++i;
        } else {
            out.append(text.data() + i, n);
            i += n;
        }
    }
    out += '"';
}

void appendMicrosFromNs(std::string& out, std::int64_t ns) {
    const bool negative = ns < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    if (negative) {
        out += '-';
    }
    appendUInt(out, magnitude / 1000);
    const auto frac = static_cast<unsigned>(magnitude % 1000);
    const char digits[4] = {'.', static_cast<char>('0' + frac / 100),
                            static_cast<char>('0' + frac / 10 % 10),
                            static_cast<char>('0' + frac % 10)};
    out.append(digits, 4);
}

// std::to_chars: no locale, no format parsing; snprintf was most of the
// exporters' cost.
void appendInt(std::string& out, std::int64_t value) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

void appendUInt(std::string& out, std::uint64_t value) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

void appendHex(std::string& out, std::uint64_t value) {
    char buf[24] = {'0', 'x'};
    auto end = std::to_chars(buf + 2, buf + sizeof buf, value, 16).ptr;
    for (char* p = buf + 2; p < end; ++p) {
        if (*p >= 'a' && *p <= 'f') {
            *p = static_cast<char>(*p - 'a' + 'A');
        }
    }
    out.append(buf, static_cast<std::size_t>(end - buf));
}

}  // namespace ps
