// The Windows release an emulated machine runs. It decides which stream
// resource manager surface PortCls offers (DDI.md §13):
//   - before Windows 10: neither IPortClsStreamResourceManager interface, and
//     PcAddStreamResource / PcRemoveStreamResource are absent;
//   - Windows 10 RTM (1507): IPortClsStreamResourceManager and the free
//     functions;
//   - Windows 10 1511 and later: IPortClsStreamResourceManager2 as well.
#pragma once

#include <cstdint>

namespace ps {

enum class OsVersion : std::uint8_t {
    Windows81,       // the newest release before Windows 10
    Windows10Rtm,    // 1507
    Windows10V1511,  // and every later release
};

// "windows-8.1", "windows-10-rtm", "windows-10-1511": the scenario-file names.
const char* osVersionName(OsVersion version);
// Inverse of osVersionName; false when `name` is none of them.
bool osVersionFromName(const char* name, OsVersion* version);

}  // namespace ps
