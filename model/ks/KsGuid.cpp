#include "model/ks/KsGuid.h"

#include <cstdio>

namespace ps {

std::string KsGuid::toString() const {
    char text[40];
    std::snprintf(text, sizeof text, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
                  static_cast<unsigned>(Data1), static_cast<unsigned>(Data2),
                  static_cast<unsigned>(Data3), Data4[0], Data4[1], Data4[2], Data4[3], Data4[4],
                  Data4[5], Data4[6], Data4[7]);
    return text;
}

}  // namespace ps
