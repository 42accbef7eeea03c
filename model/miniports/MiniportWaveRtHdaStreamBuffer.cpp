// The cyclic buffer of a WaveRT stream: allocation through the port's page
// helpers, the BDL that describes it to the stream descriptor, and its
// release (DDI.md §8 AllocateAudioBuffer, §9 AllocateBufferWithNotification,
// §12 IPortWaveRTStream helpers; HARDWARE.md §2.5, §2.7).
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/miniports/MiniportWaveRtHdaStream.h"
#include "model/miniports/WaveRtHdaBdl.h"

namespace ps {

namespace {

// sysvad and AC97 RT ask for pages below 4 GiB (DDI.md §8): every BDL
// address then fits BDPL and a 32-bit-only controller can reach it.
constexpr PHYSICAL_ADDRESS kHighestBufferAddress = kMax32BitAddress;

}  // namespace

NTSTATUS CMiniportWaveRtHdaStream::AllocateAudioBuffer(ULONG RequestedSize, PMDL* AudioBufferMdl,
                                                       ULONG* ActualSize,
                                                       ULONG* OffsetFromFirstPage,
                                                       MEMORY_CACHING_TYPE* CacheType) {
    // Polling mode: no notification points, no IOC.
    return allocateBuffer(0, RequestedSize, AudioBufferMdl, ActualSize, OffsetFromFirstPage,
                          CacheType, "AllocateAudioBuffer");
}

NTSTATUS CMiniportWaveRtHdaStream::AllocateBufferWithNotification(
    ULONG NotificationCount, ULONG RequestedSize, PMDL* AudioBufferMdl, ULONG* ActualSize,
    ULONG* OffsetFromFirstPage, MEMORY_CACHING_TYPE* CacheType) {
    if (AudioBufferMdl != nullptr) {
        *AudioBufferMdl = nullptr;
    }
    const NTSTATUS status = checkNotificationCount(NotificationCount, RequestedSize);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return allocateBuffer(NotificationCount, RequestedSize, AudioBufferMdl, ActualSize,
                          OffsetFromFirstPage, CacheType, "AllocateBufferWithNotification");
}

NTSTATUS CMiniportWaveRtHdaStream::checkNotificationCount(ULONG NotificationCount,
                                                          ULONG RequestedSize) const {
    const WaveRtMiniportOptions& options = m_miniport.options();
    if (options.acceptNotificationCountAny) {
        return NotificationCount >= 1 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    }
    switch (options.notificationPolicy) {
        case WaveRtNotificationPolicy::Strict:
            // The Docs allow 1 (end of buffer) and 2 (midpoint and end), §9.
            return NotificationCount == 1 || NotificationCount == 2 ? STATUS_SUCCESS
                                                                    : STATUS_INVALID_PARAMETER;
        case WaveRtNotificationPolicy::SampleDivisors:
            // sysvad: any count that divides the requested size.
            return NotificationCount != 0 && RequestedSize % NotificationCount == 0
                       ? STATUS_SUCCESS
                       : STATUS_INVALID_PARAMETER;
    }
    return STATUS_INVALID_PARAMETER;
}

ULONG CMiniportWaveRtHdaStream::actualBufferBytes(ULONG RequestedSize) const {
    const ULONGLONG frameBytes = m_format.bytesPerFrame();
    switch (m_miniport.options().bufferSizePolicy) {
        case WaveRtBufferSizePolicy::RoundUpToPages: {
            // Whole frames covering the request, then every whole frame of the
            // pages that hold them: >= RequestedSize, as the Docs require.
            const ULONGLONG frames = (ULONGLONG{RequestedSize} + frameBytes - 1) / frameBytes;
            const ULONGLONG pageBytes = ROUND_TO_PAGES(frames * frameBytes);
            const ULONGLONG actual = pageBytes / frameBytes * frameBytes;
            return actual <= 0xFFFFFFFFull ? static_cast<ULONG>(actual) : 0;
        }
        case WaveRtBufferSizePolicy::RoundDownToFrames:
            // sysvad / AC97 RT: may fall below the request (DDI.md §19 row 2).
            return static_cast<ULONG>(RequestedSize / frameBytes * frameBytes);
    }
    return 0;
}

NTSTATUS CMiniportWaveRtHdaStream::allocateBuffer(ULONG NotificationCount, ULONG RequestedSize,
                                                  PMDL* AudioBufferMdl, ULONG* ActualSize,
                                                  ULONG* OffsetFromFirstPage,
                                                  MEMORY_CACHING_TYPE* CacheType,
                                                  const char* method) {
    if (AudioBufferMdl == nullptr || ActualSize == nullptr || OffsetFromFirstPage == nullptr ||
        CacheType == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *AudioBufferMdl = nullptr;
    *ActualSize = 0;
    *OffsetFromFirstPage = 0;
    if (m_BufferMdl != nullptr) {
        return STATUS_UNSUCCESSFUL;  // one buffer per stream: free the old one first
    }
    if (m_ksState == KSSTATE_RUN) {
        return STATUS_DEVICE_NOT_READY;  // the Docs' status for a device that cannot now
    }
    // 0 or less than a frame is refused (sysvad; PortAudio #761), as is a
    // buffer that cannot make the two BDL entries the controller needs.
    const ULONG frameBytes = m_format.bytesPerFrame();
    if (RequestedSize == 0 || RequestedSize < frameBytes) {
        return STATUS_UNSUCCESSFUL;
    }
    const ULONG bytes = actualBufferBytes(RequestedSize);
    if (bytes == 0) {
        return STATUS_INSUFFICIENT_RESOURCES;  // does not fit a ULONG once rounded up
    }
    if (bytes < hda::kMinBdlEntries) {
        return STATUS_UNSUCCESSFUL;
    }

    NTSTATUS status = allocatePagesAndLayout(bytes, NotificationCount);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = allocateBdlPage();
    if (!NT_SUCCESS(status)) {
        m_PortStream->FreePagesFromMdl(m_BufferMdl);
        m_BufferMdl = nullptr;
        m_bdlEntries.clear();
        return status;
    }
    writeBdl();

    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    m_bufferBytes = bytes;
    m_notificationCount = NotificationCount;
    resetAndProgramDescriptor();
    releasePositionLock(oldIrql);

    ULONG iocEntries = 0;
    for (const hda::BdlEntry& entry : m_bdlEntries) {
        iocEntries += entry.ioc ? 1 : 0;
    }
    m_kernel.tracer().record(trace(TraceCategory::Dma, "cyclic buffer allocated")
                                 .addText("Method", method)
                                 .addUInt("RequestedSize", RequestedSize)
                                 .addUInt("ActualSize", bytes)
                                 .addUInt("NotificationCount", NotificationCount)
                                 .addUInt("BdlEntries", m_bdlEntries.size())
                                 .addUInt("IocEntries", iocEntries)
                                 .addHex("BDL", m_bdlPhysical)
                                 .addBool("Contiguous", m_bufferContiguous));
    if (bytes < RequestedSize) {
        // WASAPI does not use such a buffer (DDI.md §8); flag it (§19 row 2).
        m_kernel.tracer().record(trace(TraceCategory::Dma, "ActualSize below RequestedSize")
                                     .addUInt("RequestedSize", RequestedSize)
                                     .addUInt("ActualSize", bytes));
    }
    *AudioBufferMdl = m_BufferMdl;
    *ActualSize = bytes;
    *OffsetFromFirstPage = 0;
    *CacheType = MmWriteCombined;  // the Docs: Intel HDA miniports must
    return STATUS_SUCCESS;
}

NTSTATUS CMiniportWaveRtHdaStream::allocatePagesAndLayout(ULONG bytes, ULONG NotificationCount) {
    const ULONG frameBytes = m_format.bytesPerFrame();
    const std::vector<ULONG> points = hdaNotificationPoints(bytes, frameBytes, NotificationCount);
    auto pageAddresses = [this](PMDL mdl) {
        std::vector<PHYSICAL_ADDRESS> addresses(m_PortStream->GetPhysicalPagesCount(mdl));
        for (ULONG i = 0; i < addresses.size(); ++i) {
            addresses[i] = m_PortStream->GetPhysicalPageAddress(mdl, i);
        }
        return addresses;
    };

    // Non-contiguous pages first (sysvad): one BDL entry per page.
    PMDL mdl = m_PortStream->AllocatePagesForMdl(kHighestBufferAddress, bytes);
    if (mdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (MmGetMdlByteCount(mdl) < bytes) {
        // The helper may hand out less than asked (DDI.md §12).
        m_PortStream->FreePagesFromMdl(mdl);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto entries =
        hdaBuildBdl(hdaBufferFragments(pageAddresses(mdl), bytes, false), points, frameBytes);
    bool contiguous = false;
    if (!entries) {
        // More than 256 pages: one physically contiguous block needs only an
        // entry per notification packet (the AC97 RT sample's allocation).
        m_PortStream->FreePagesFromMdl(mdl);
        mdl = m_PortStream->AllocateContiguousPagesForMdl(0, kHighestBufferAddress, bytes);
        if (mdl == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        entries =
            hdaBuildBdl(hdaBufferFragments(pageAddresses(mdl), bytes, true), points, frameBytes);
        contiguous = true;
        if (!entries || MmGetMdlByteCount(mdl) < bytes) {
            m_PortStream->FreePagesFromMdl(mdl);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    m_BufferMdl = mdl;
    m_bufferContiguous = contiguous;
    m_bdlEntries = std::move(*entries);
    return STATUS_SUCCESS;
}

NTSTATUS CMiniportWaveRtHdaStream::allocateBdlPage() {
    // 256 entries x 16 bytes fill exactly one page, and a page is 128-byte
    // aligned as SDnBDPL requires (HARDWARE.md §2.5). Uncached: the
    // controller reads it behind the CPU's back (as AC97's BDL).
    m_BdlMdl = m_PortStream->AllocateContiguousPagesForMdl(0, kHighestBufferAddress, PAGE_SIZE);
    if (m_BdlMdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_BdlVa = m_PortStream->MapAllocatedPages(m_BdlMdl, MmNonCached);
    if (m_BdlVa == nullptr) {
        m_PortStream->FreePagesFromMdl(m_BdlMdl);
        m_BdlMdl = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_bdlPhysical = m_PortStream->GetPhysicalPageAddress(m_BdlMdl, 0);
    return STATUS_SUCCESS;
}

void CMiniportWaveRtHdaStream::writeBdl() {
    const std::uint64_t va = pointerToSimVa(m_BdlVa);
    for (std::size_t i = 0; i < m_bdlEntries.size(); ++i) {
        const auto bytes = hda::encodeBdlEntry(m_bdlEntries[i]);
        m_kernel.systemSpace().write(va + i * hda::kBdlEntryBytes, bytes.data(), bytes.size());
    }
}

void CMiniportWaveRtHdaStream::FreeAudioBuffer(PMDL AudioBufferMdl, ULONG /*BufferSize*/) {
    freeBuffer(AudioBufferMdl, "FreeAudioBuffer");
}

void CMiniportWaveRtHdaStream::FreeBufferWithNotification(PMDL AudioBufferMdl,
                                                          ULONG /*BufferSize*/) {
    freeBuffer(AudioBufferMdl, "FreeBufferWithNotification");
}

void CMiniportWaveRtHdaStream::freeBuffer(PMDL AudioBufferMdl, const char* method) {
    if (AudioBufferMdl == nullptr || AudioBufferMdl != m_BufferMdl) {
        m_kernel.tracer().record(trace(TraceCategory::Dma, "free of an unknown buffer")
                                     .addText("Method", method)
                                     // Not dereferenced: an unknown MDL may be one already freed.
                                     .addBool("NullMdl", AudioBufferMdl == nullptr));
        return;
    }
    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    if (m_runSet) {
        // The port frees a buffer the DMA still reads or writes: stop it first
        // so that the controller never touches pages that are gone.
        m_kernel.tracer().record(trace(TraceCategory::Dma, "buffer freed while the DMA runs")
                                     .addText("Method", method)
                                     .addText("State", ksStateName(m_ksState)));
    }
    m_BufferMdl = nullptr;
    m_bufferBytes = 0;
    m_notificationCount = 0;
    m_bdlEntries.clear();
    resetAndProgramDescriptor();  // clears RUN; no CBL, LVI or BDL now
    releasePositionLock(oldIrql);
    // The port's helpers are called with no lock of ours held.
    releaseBufferPages(AudioBufferMdl);
    m_kernel.tracer().record(
        trace(TraceCategory::Dma, "cyclic buffer freed").addText("Method", method));
}

void CMiniportWaveRtHdaStream::releaseBufferPages(PMDL bufferMdl) {
    if (m_BdlMdl != nullptr) {
        m_PortStream->UnmapAllocatedPages(m_BdlVa, m_BdlMdl);
        m_PortStream->FreePagesFromMdl(m_BdlMdl);
        m_BdlMdl = nullptr;
        m_BdlVa = nullptr;
        m_bdlPhysical = 0;
    }
    m_bufferContiguous = false;
    m_PortStream->FreePagesFromMdl(bufferMdl);
}

}  // namespace ps
