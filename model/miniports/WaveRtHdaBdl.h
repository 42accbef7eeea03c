// How the HD Audio WaveRT miniport describes a cyclic buffer to a stream
// descriptor: the buffer descriptor list (BDL, HARDWARE.md §2.7) built from
// the buffer's physical fragments, with interrupt-on-completion (IOC) bits at
// the notification points. Pure functions; the stream writes the result into
// the BDL page and programs SDnCBL / SDnLVI / SDnBDPL / SDnBDPU from it.
//
// Layout rules (the miniport's documented decisions):
// - Fragments: one per page of the buffer, in buffer order, each the page's
//   part of the buffer (the last one may be short). A page is physically
//   contiguous, two pages need not be. When the buffer's pages are physically
//   contiguous (the fallback allocation for buffers too large for one entry
//   per page), consecutive pages merge into one fragment.
// - Notification points for NotificationCount n >= 1: the ends of the n
//   packets, byte offsets floor(k * frames / n) * bytesPerFrame for k = 1..n
//   (always whole frames; the last one is the buffer's end). n = 1: the end;
//   n = 2: the midpoint (rounded down to a frame) and the end. n = 0 (a
//   polling-mode buffer, AllocateAudioBuffer): no notification points and no
//   IOC anywhere; the client polls the position.
// - A fragment inside which a notification point falls is split there, so an
//   entry ends exactly at every notification point; that entry, and only
//   that one, has IOC set.
// - The controller needs at least two entries (SDnLVI >= 1, HARDWARE.md
//   §2.5): a buffer that would be one entry is split in two at its middle
//   frame (or, for a one-frame buffer, its middle byte). A one-byte buffer
//   cannot be described.
// - At most 256 entries (SDnLVI is 8 bits).
#pragma once

#include "model/hw/hda/HdaRegisters.h"
#include "model/kernel/KernelTypes.h"
#include "model/kernel/PhysicalMemory.h"

#include <optional>
#include <vector>

namespace ps {

struct HdaBufferFragment {
    PHYSICAL_ADDRESS address = 0;
    ULONG bytes = 0;
};

// The fragments of a bufferBytes-long buffer whose page i is at
// pageAddresses[i] (page aligned; at least ceil(bufferBytes / PAGE_SIZE)
// of them). mergeContiguous: merge physically consecutive pages.
std::vector<HdaBufferFragment> hdaBufferFragments(
    const std::vector<PHYSICAL_ADDRESS>& pageAddresses, ULONG bufferBytes, bool mergeContiguous);

// Byte offsets in (0, bufferBytes] where packets end, ascending; empty for
// notificationCount 0. bufferBytes must be a whole number of frames.
std::vector<ULONG> hdaNotificationPoints(ULONG bufferBytes, ULONG bytesPerFrame,
                                         ULONG notificationCount);

// The BDL for the fragments with IOC at the notification points (see the
// rules above). nullopt when it would need more than hda::kMaxBdlEntries
// entries or cannot have two (a one-byte buffer).
std::optional<std::vector<hda::BdlEntry>> hdaBuildBdl(
    const std::vector<HdaBufferFragment>& fragments, const std::vector<ULONG>& notificationPoints,
    ULONG bytesPerFrame);

}  // namespace ps
