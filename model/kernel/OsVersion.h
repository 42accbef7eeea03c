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

// NTDDI_* values (sdkddkver.h) of the releases above, for
// Kernel::RtlIsNtDdiVersionAvailable: a driver that must also load on older
// systems asks before it uses a newer export (PcAddStreamResource).
constexpr std::uint32_t NTDDI_WINBLUE = 0x06030000u;    // Windows 8.1
constexpr std::uint32_t NTDDI_WIN10 = 0x0A000000u;      // Windows 10 RTM (THRESHOLD)
constexpr std::uint32_t NTDDI_WIN10_TH2 = 0x0A000001u;  // Windows 10 1511
// The NTDDI value of an emulated release.
std::uint32_t ntddiVersionOf(OsVersion version);

}  // namespace ps
