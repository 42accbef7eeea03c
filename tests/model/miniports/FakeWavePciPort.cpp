#include "FakeWavePciPort.h"

#include <algorithm>

namespace ps::test {

// ------------------------------------------------------------ port

FakePortWavePci::FakePortWavePci(Kernel& kernel)
    : CUnknownImpl(nullptr, "FakePortWavePci"), m_kernel(kernel) {}

NTSTATUS FakePortWavePci::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown || iid == IID_IPort) {
        return grantInterface<IPort>(this, object);
    }
    if (iid == IID_IPortWavePci) {
        return grantInterface<IPortWavePci>(this, object);
    }
    return refuseInterface(object);
}

void FakePortWavePci::Notify(PSERVICEGROUP ServiceGroup) {
    ++notifyCount;
    notifyIrqls.push_back(m_kernel.KeGetCurrentIrql());
    ServiceGroup->RequestService();
}

NTSTATUS FakePortWavePci::NewMasterDmaChannel(PDMACHANNEL* DmaChannel, PUNKNOWN, POOL_TYPE,
                                              PRESOURCELIST, BOOLEAN ScatterGather,
                                              BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses,
                                              BOOLEAN IgnoreCount, DMA_WIDTH DmaWidth,
                                              DMA_SPEED DmaSpeed, ULONG MaximumLength,
                                              ULONG DmaPort) {
    dmaChannelCalls.push_back({ScatterGather, Dma32BitAddresses, Dma64BitAddresses, IgnoreCount,
                               DmaWidth, DmaSpeed, MaximumLength});
    DEVICE_DESCRIPTION description;
    description.Version = DEVICE_DESCRIPTION_VERSION1;
    description.Master = TRUE;
    description.ScatterGather = ScatterGather;
    description.Dma32BitAddresses = Dma32BitAddresses;
    description.Dma64BitAddresses = Dma64BitAddresses;
    description.IgnoreCount = IgnoreCount;
    description.InterfaceType = PCIBus;
    description.DmaWidth = DmaWidth;
    description.DmaSpeed = DmaSpeed;
    description.MaximumLength = MaximumLength;
    description.DmaPort = DmaPort;
    return newMasterDmaChannel(m_kernel, description, DmaChannel);
}

// ------------------------------------------------------------ stream

FakePortWavePciStream::FakePortWavePciStream(Kernel& kernel, bool answerPreFetchOffset)
    : CUnknownImpl(nullptr, "FakePortWavePciStream"),
      m_kernel(kernel),
      m_answerPreFetchOffset(answerPreFetchOffset) {}

FakePortWavePciStream::~FakePortWavePciStream() {
    for (Packet& p : m_packets) {
        m_kernel.systemSpace().unmap(p.mappingVa);
        m_kernel.memory().freePages(p.pages);
    }
}

NTSTATUS FakePortWavePciStream::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown || iid == IID_IPortWavePciStream) {
        return grantInterface<IPortWavePciStream>(this, object);
    }
    if (iid == IID_IPreFetchOffset && m_answerPreFetchOffset) {
        return grantInterface<IPreFetchOffset>(this, object);
    }
    if (iid == IID_IServiceSink) {
        return grantInterface<IServiceSink>(this, object);
    }
    return refuseInterface(object);
}

std::size_t FakePortWavePciStream::addPacket(const std::vector<std::uint8_t>& data,
                                             ULONG firstPageOffset, bool callMappingAvailable) {
    Packet p;
    p.bytes = static_cast<ULONG>(data.size());
    const std::uint64_t pageCount = (firstPageOffset + p.bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    p.pages = *m_kernel.memory().allocatePages(pageCount, kMax32BitAddress);
    p.mappingVa = *m_kernel.systemSpace().map(p.pages);
    p.dataVa = p.mappingVa + firstPageOffset;
    m_kernel.systemSpace().write(p.dataVa, data.data(), data.size());
    m_packets.push_back(std::move(p));
    if (callMappingAvailable && lastGetMappingFailed && m_stream != nullptr) {
        lastGetMappingFailed = false;
        ++mappingAvailableCalls;
        m_stream->MappingAvailable();
    }
    return m_packets.size() - 1;
}

std::vector<std::uint8_t> FakePortWavePciStream::packetBytes(std::size_t packet) {
    const Packet& p = m_packets.at(packet);
    std::vector<std::uint8_t> out(p.bytes);
    m_kernel.systemSpace().read(p.dataVa, out.data(), out.size());
    return out;
}

bool FakePortWavePciStream::packetReleased(std::size_t packet) const {
    const Packet& p = m_packets.at(packet);
    if (!p.lastHandedOut) {
        return false;
    }
    return std::all_of(p.tags.begin(), p.tags.end(), [&](ULONG tag) {
        auto it = m_released.find(tag);
        return it != m_released.end() && it->second;
    });
}

NTSTATUS FakePortWavePciStream::GetMapping(PVOID Tag, PPHYSICAL_ADDRESS PhysicalAddress,
                                           PVOID* VirtualAddress, PULONG ByteCount, PULONG Flags) {
    GetMappingCall call;
    call.tag = pointerToTag(Tag);
    call.irql = m_kernel.KeGetCurrentIrql();
    call.locksHeld = m_kernel.heldSpinLocks().size();
    call.timeNs = m_kernel.scheduler().now();
    while (m_current < m_packets.size() && m_packets[m_current].lastHandedOut) {
        ++m_current;
    }
    if (m_current >= m_packets.size()) {
        call.status = STATUS_NOT_FOUND;
        getMappingCalls.push_back(call);
        lastGetMappingFailed = true;
        return STATUS_NOT_FOUND;
    }
    Packet& p = m_packets[m_current];
    const std::uint64_t va = p.dataVa + p.mappedBytes;
    const ULONG toPageEnd = PAGE_SIZE - static_cast<ULONG>(va % PAGE_SIZE);
    const ULONG bytes = std::min(toPageEnd, p.bytes - p.mappedBytes);
    call.physicalAddress = *m_kernel.systemSpace().translate(va);
    call.virtualAddress = va;
    call.byteCount = bytes;
    call.packet = m_current;
    call.offsetInPacket = p.mappedBytes;
    p.mappedBytes += bytes;
    p.lastHandedOut = p.mappedBytes == p.bytes;
    call.flags = p.lastHandedOut ? 1 : 0;
    p.tags.push_back(call.tag);
    m_tagPacket[call.tag] = m_current;
    m_outstanding.push_back(call.tag);
    getMappingCalls.push_back(call);

    *PhysicalAddress = call.physicalAddress;
    *VirtualAddress = simVaToPointer(va);
    *ByteCount = bytes;
    *Flags = call.flags;
    lastGetMappingFailed = false;
    return STATUS_SUCCESS;
}

NTSTATUS FakePortWavePciStream::ReleaseMapping(PVOID Tag) {
    ReleaseMappingCall call;
    call.tag = pointerToTag(Tag);
    call.irql = m_kernel.KeGetCurrentIrql();
    call.locksHeld = m_kernel.heldSpinLocks().size();
    call.timeNs = m_kernel.scheduler().now();
    NTSTATUS status = STATUS_SUCCESS;
    auto released = m_released.find(call.tag);
    if (released != m_released.end()) {
        call.kind = released->second ? ReleaseKind::DoubleRelease : ReleaseKind::RevokedTag;
        status = STATUS_NOT_FOUND;
    } else if (m_tagPacket.find(call.tag) == m_tagPacket.end()) {
        call.kind = ReleaseKind::UnknownTag;
        status = STATUS_NOT_FOUND;
    } else {
        call.kind =
            m_outstanding.front() == call.tag ? ReleaseKind::InOrder : ReleaseKind::OutOfOrder;
        m_outstanding.erase(std::find(m_outstanding.begin(), m_outstanding.end(), call.tag));
        m_released[call.tag] = true;
    }
    releaseCalls.push_back(call);
    m_kernel.tracer().record(TraceRecord(TraceCategory::DdiCall, "fake port", "ReleaseMapping")
                                 .addUInt("Tag", call.tag)
                                 .setStatus(status));
    return status;
}

NTSTATUS FakePortWavePciStream::TerminatePacket() {
    ++terminatePacketCount;
    return STATUS_SUCCESS;
}

void FakePortWavePciStream::RequestService() {
    if (m_running && m_stream != nullptr) {
        m_stream->Service();
    }
}

void FakePortWavePciStream::markRevoked(ULONG firstTag, ULONG lastTag) {
    auto first = std::find(m_outstanding.begin(), m_outstanding.end(), firstTag);
    auto last = std::find(m_outstanding.begin(), m_outstanding.end(), lastTag);
    if (first == m_outstanding.end() || last == m_outstanding.end()) {
        return;
    }
    for (auto it = first; it <= last; ++it) {
        m_released[*it] = false;
    }
    m_outstanding.erase(first, last + 1);
}

std::vector<ULONG> FakePortWavePciStream::successfulTags() const {
    std::vector<ULONG> tags;
    for (const GetMappingCall& c : getMappingCalls) {
        if (NT_SUCCESS(c.status)) {
            tags.push_back(c.tag);
        }
    }
    return tags;
}

}  // namespace ps::test
