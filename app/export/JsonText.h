// JSON text helpers for the streaming exporters (no DOM: records are written
// as they arrive).
//
// appendJsonString writes a complete JSON string literal, quotes included,
// for any byte sequence: '"' and '\\' are escaped, control characters become
// \n, \t, ... or \u00XX, valid UTF-8 is copied as is, and every byte that is
// not part of a valid UTF-8 sequence (stray continuation bytes, overlong
// forms, surrogates, truncated sequences) becomes U+FFFD, so the output is
// always valid UTF-8 JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ps {

void appendJsonString(std::string& out, std::string_view text);

// Nanoseconds as microseconds with three decimals ("1234.567"), exact.
void appendMicrosFromNs(std::string& out, std::int64_t ns);

void appendInt(std::string& out, std::int64_t value);
void appendUInt(std::string& out, std::uint64_t value);
// "0x" and upper-case hex digits, as formatFieldValue prints Hex fields.
void appendHex(std::string& out, std::uint64_t value);

}  // namespace ps
