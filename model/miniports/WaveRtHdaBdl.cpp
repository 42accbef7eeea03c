#include "model/miniports/WaveRtHdaBdl.h"

#include "model/kernel/Mdl.h"

#include <algorithm>

namespace ps {

std::vector<HdaBufferFragment> hdaBufferFragments(
    const std::vector<PHYSICAL_ADDRESS>& pageAddresses, ULONG bufferBytes, bool mergeContiguous) {
    std::vector<HdaBufferFragment> fragments;
    ULONG offset = 0;
    for (std::size_t page = 0; page < pageAddresses.size() && offset < bufferBytes; ++page) {
        const ULONG bytes = std::min<ULONG>(PAGE_SIZE, bufferBytes - offset);
        const PHYSICAL_ADDRESS address = pageAddresses[page];
        if (mergeContiguous && !fragments.empty() &&
            fragments.back().address + fragments.back().bytes == address) {
            fragments.back().bytes += bytes;
        } else {
            fragments.push_back({address, bytes});
        }
        offset += bytes;
    }
    return fragments;
}

std::vector<ULONG> hdaNotificationPoints(ULONG bufferBytes, ULONG bytesPerFrame,
                                         ULONG notificationCount) {
    std::vector<ULONG> points;
    if (notificationCount == 0 || bytesPerFrame == 0) {
        return points;
    }
    const ULONGLONG frames = bufferBytes / bytesPerFrame;
    for (ULONG k = 1; k <= notificationCount; ++k) {
        // 64-bit: k * frames overflows 32 bits for large buffers and counts.
        const ULONGLONG point = (ULONGLONG{k} * frames / notificationCount) * bytesPerFrame;
        if (point > 0 && (points.empty() || point > points.back())) {
            points.push_back(static_cast<ULONG>(point));
        }
    }
    return points;
}

std::optional<std::vector<hda::BdlEntry>> hdaBuildBdl(
    const std::vector<HdaBufferFragment>& fragments, const std::vector<ULONG>& notificationPoints,
    ULONG bytesPerFrame) {
    std::vector<hda::BdlEntry> entries;
    ULONGLONG bufferOffset = 0;  // of the fragment's first byte
    std::size_t nextPoint = 0;
    for (const HdaBufferFragment& fragment : fragments) {
        ULONG done = 0;  // bytes of this fragment already in entries
        while (done < fragment.bytes) {
            const ULONGLONG entryStart = bufferOffset + done;
            ULONG length = fragment.bytes - done;
            bool ioc = false;
            while (nextPoint < notificationPoints.size() &&
                   notificationPoints[nextPoint] <= entryStart) {
                ++nextPoint;  // a point at an entry start ended the previous entry
            }
            if (nextPoint < notificationPoints.size() &&
                notificationPoints[nextPoint] <= entryStart + length) {
                length = static_cast<ULONG>(notificationPoints[nextPoint] - entryStart);
                ioc = true;
                ++nextPoint;
            }
            entries.push_back({fragment.address + done, length, ioc});
            if (entries.size() > hda::kMaxBdlEntries) {
                return std::nullopt;
            }
            done += length;
        }
        bufferOffset += fragment.bytes;
    }
    if (entries.size() == 1) {
        // SDnLVI must be >= 1: cut the only entry at its middle frame; the
        // first half never carries the IOC (the only point is the end).
        hda::BdlEntry& only = entries.front();
        const ULONG frames = bytesPerFrame != 0 ? only.lengthBytes / bytesPerFrame : 0;
        const ULONG firstBytes = frames >= 2 ? (frames / 2) * bytesPerFrame : only.lengthBytes / 2;
        if (firstBytes == 0) {
            return std::nullopt;
        }
        const hda::BdlEntry second{only.address + firstBytes, only.lengthBytes - firstBytes,
                                   only.ioc};
        only.lengthBytes = firstBytes;
        only.ioc = false;
        entries.push_back(second);
    }
    if (entries.size() < hda::kMinBdlEntries) {
        return std::nullopt;
    }
    return entries;
}

}  // namespace ps
