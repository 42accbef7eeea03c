#include "model/kernel/NtStatus.h"

#include <cstdio>

namespace ps {

const char* ntStatusName(NTSTATUS status) {
    // A switch rather than a table: the compiler rejects a duplicated value.
    switch (status) {
#define PS_STATUS_CASE(name) \
    case name:               \
        return #name
        PS_STATUS_CASE(STATUS_SUCCESS);
        PS_STATUS_CASE(STATUS_PENDING);
        PS_STATUS_CASE(STATUS_MORE_ENTRIES);
        PS_STATUS_CASE(STATUS_BUFFER_OVERFLOW);
        PS_STATUS_CASE(STATUS_UNSUCCESSFUL);
        PS_STATUS_CASE(STATUS_NOT_IMPLEMENTED);
        PS_STATUS_CASE(STATUS_INVALID_PARAMETER);
        PS_STATUS_CASE(STATUS_INVALID_DEVICE_REQUEST);
        PS_STATUS_CASE(STATUS_NO_MEMORY);
        PS_STATUS_CASE(STATUS_BUFFER_TOO_SMALL);
        PS_STATUS_CASE(STATUS_DATA_OVERRUN);
        PS_STATUS_CASE(STATUS_DATA_LATE_ERROR);
        PS_STATUS_CASE(STATUS_INSUFFICIENT_RESOURCES);
        PS_STATUS_CASE(STATUS_DEVICE_NOT_READY);
        PS_STATUS_CASE(STATUS_NOT_SUPPORTED);
        PS_STATUS_CASE(STATUS_CANCELLED);
        PS_STATUS_CASE(STATUS_DEVICE_CONFIGURATION_ERROR);
        PS_STATUS_CASE(STATUS_INVALID_DEVICE_STATE);
        PS_STATUS_CASE(STATUS_NOT_FOUND);
        PS_STATUS_CASE(STATUS_NO_MATCH);
        PS_STATUS_CASE(STATUS_TIMEOUT);
        PS_STATUS_CASE(STATUS_ACCESS_VIOLATION);
        PS_STATUS_CASE(STATUS_NOINTERFACE);
#undef PS_STATUS_CASE
        default:
            return nullptr;
    }
}

std::string ntStatusToString(NTSTATUS status) {
    if (const char* name = ntStatusName(status)) {
        return name;
    }
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X",
                  static_cast<unsigned>(static_cast<std::uint32_t>(status)));
    return text;
}

}  // namespace ps
