// NTSTATUS: the result type of every DDI call, with the values PortScope's port
// drivers, miniports and kernel model return (reference/DDI.md §16, ntstatus.h).
//
// Bits 31..30 are the severity: 00 success, 01 informational, 10 warning,
// 11 error. NT_SUCCESS is true for success and informational values (the
// 32-bit value, read as signed, is >= 0), so STATUS_PENDING "succeeds" and
// STATUS_BUFFER_OVERFLOW (a warning) does not.
//
// Names: ntStatusName() returns a static string for every value declared here
// and nullptr for any other value; ntStatusToString() never fails and spells an
// unknown value "0x%08X" (e.g. "0xC0001234"). Both are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace ps {

using NTSTATUS = std::int32_t;

// §16 table.
constexpr NTSTATUS STATUS_SUCCESS = static_cast<NTSTATUS>(0x00000000u);
constexpr NTSTATUS STATUS_PENDING = static_cast<NTSTATUS>(0x00000103u);
constexpr NTSTATUS STATUS_MORE_ENTRIES = static_cast<NTSTATUS>(0x00000105u);
constexpr NTSTATUS STATUS_BUFFER_OVERFLOW = static_cast<NTSTATUS>(0x80000005u);
constexpr NTSTATUS STATUS_UNSUCCESSFUL = static_cast<NTSTATUS>(0xC0000001u);
constexpr NTSTATUS STATUS_NOT_IMPLEMENTED = static_cast<NTSTATUS>(0xC0000002u);
constexpr NTSTATUS STATUS_INVALID_PARAMETER = static_cast<NTSTATUS>(0xC000000Du);
constexpr NTSTATUS STATUS_INVALID_DEVICE_REQUEST = static_cast<NTSTATUS>(0xC0000010u);
constexpr NTSTATUS STATUS_NO_MEMORY = static_cast<NTSTATUS>(0xC0000017u);
constexpr NTSTATUS STATUS_BUFFER_TOO_SMALL = static_cast<NTSTATUS>(0xC0000023u);
constexpr NTSTATUS STATUS_DATA_OVERRUN = static_cast<NTSTATUS>(0xC000003Cu);
constexpr NTSTATUS STATUS_DATA_LATE_ERROR = static_cast<NTSTATUS>(0xC000003Du);
constexpr NTSTATUS STATUS_INSUFFICIENT_RESOURCES = static_cast<NTSTATUS>(0xC000009Au);
constexpr NTSTATUS STATUS_DEVICE_NOT_READY = static_cast<NTSTATUS>(0xC00000A3u);
constexpr NTSTATUS STATUS_NOT_SUPPORTED = static_cast<NTSTATUS>(0xC00000BBu);
constexpr NTSTATUS STATUS_CANCELLED = static_cast<NTSTATUS>(0xC0000120u);
constexpr NTSTATUS STATUS_DEVICE_CONFIGURATION_ERROR = static_cast<NTSTATUS>(0xC0000182u);
constexpr NTSTATUS STATUS_INVALID_DEVICE_STATE = static_cast<NTSTATUS>(0xC0000184u);
constexpr NTSTATUS STATUS_NOT_FOUND = static_cast<NTSTATUS>(0xC0000225u);
constexpr NTSTATUS STATUS_NO_MATCH = static_cast<NTSTATUS>(0xC0000272u);

// Not in §16, used by the kernel model (values from ntstatus.h).
constexpr NTSTATUS STATUS_TIMEOUT = static_cast<NTSTATUS>(0x00000102u);           // KeWaitFor*
constexpr NTSTATUS STATUS_ACCESS_VIOLATION = static_cast<NTSTATUS>(0xC0000005u);  // memory fault
constexpr NTSTATUS STATUS_NOINTERFACE = static_cast<NTSTATUS>(0xC00002B9u);

constexpr bool NT_SUCCESS(NTSTATUS status) {
    return status >= 0;
}
constexpr bool NT_INFORMATION(NTSTATUS status) {
    return (static_cast<std::uint32_t>(status) >> 30) == 1u;
}
constexpr bool NT_WARNING(NTSTATUS status) {
    return (static_cast<std::uint32_t>(status) >> 30) == 2u;
}
constexpr bool NT_ERROR(NTSTATUS status) {
    return (static_cast<std::uint32_t>(status) >> 30) == 3u;
}

// "STATUS_NOT_FOUND" for the values above; nullptr for any other value.
const char* ntStatusName(NTSTATUS status);

// ntStatusName(status) if known, else "0x" + eight upper-case hex digits.
std::string ntStatusToString(NTSTATUS status);

}  // namespace ps
