#include "model/kernel/OsVersion.h"

#include <cstring>
#include <initializer_list>

namespace ps {

const char* osVersionName(OsVersion version) {
    switch (version) {
        case OsVersion::Windows81:
            return "windows-8.1";
        case OsVersion::Windows10Rtm:
            return "windows-10-rtm";
        case OsVersion::Windows10V1511:
            return "windows-10-1511";
    }
    return "?";
}

std::uint32_t ntddiVersionOf(OsVersion version) {
    switch (version) {
        case OsVersion::Windows81:
            return NTDDI_WINBLUE;
        case OsVersion::Windows10Rtm:
            return NTDDI_WIN10;
        case OsVersion::Windows10V1511:
            return NTDDI_WIN10_TH2;
    }
    return NTDDI_WINBLUE;
}

bool osVersionFromName(const char* name, OsVersion* version) {
    for (OsVersion v : {OsVersion::Windows81, OsVersion::Windows10Rtm, OsVersion::Windows10V1511}) {
        if (std::strcmp(name, osVersionName(v)) == 0) {
            *version = v;
            return true;
        }
    }
    return false;
}

}  // namespace ps
