#include "WaveRtFakePort.h"

#include <algorithm>
#include <cstring>

namespace ps::test {

NTSTATUS FakePortWaveRT::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown) {
        return grantInterface<IUnknown>(static_cast<IPortWaveRT*>(this), object);
    }
    if (iid == IID_IPort) {
        return grantInterface<IPort>(this, object);
    }
    if (iid == IID_IPortWaveRT) {
        return grantInterface<IPortWaveRT>(this, object);
    }
    return refuseInterface(object);
}

FakePortWaveRTStream::FakePortWaveRTStream(Kernel& kernel)
    : CUnknownImpl(nullptr, "FakePortWaveRTStream"), m_kernel(kernel) {}

FakePortWaveRTStream::~FakePortWaveRTStream() {
    for (auto& mdl : m_mdls) {
        if (mdl->MappedSystemVa != 0) {
            m_kernel.systemSpace().unmapMdl(*mdl);
        }
        freeMdlPages(m_kernel.memory(), *mdl);
    }
}

NTSTATUS FakePortWaveRTStream::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown) {
        return grantInterface<IUnknown>(static_cast<IPortWaveRTStream*>(this), object);
    }
    if (iid == IID_IPortWaveRTStream) {
        return grantInterface<IPortWaveRTStream>(this, object);
    }
    return refuseInterface(object);
}

void FakePortWaveRTStream::record(WaveRtHelperCall call) {
    call.irql = m_kernel.KeGetCurrentIrql();
    call.locksHeld = m_kernel.heldSpinLocks().size();
    calls.push_back(call);
}

std::size_t FakePortWaveRTStream::callCount(const char* method) const {
    return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [&](const auto& c) {
        return std::strcmp(c.method, method) == 0;
    }));
}

bool FakePortWaveRTStream::owns(PMDL mdl) const {
    return std::any_of(m_mdls.begin(), m_mdls.end(), [&](const auto& p) { return p.get() == mdl; });
}

PMDL FakePortWaveRTStream::keep(MDL mdl) {
    m_mdls.push_back(std::make_unique<MDL>(std::move(mdl)));
    return m_mdls.back().get();
}

PMDL FakePortWaveRTStream::AllocatePagesForMdl(PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes) {
    WaveRtHelperCall call;
    call.method = "AllocatePagesForMdl";
    call.highAddress = HighAddress;
    call.totalBytes = TotalBytes;
    if (!failPages && TotalBytes > shortPagesBytes && TotalBytes <= 0xFFFFFFFFu) {
        const auto bytes = static_cast<ULONG>(TotalBytes - shortPagesBytes);
        if (auto mdl = buildMdl(m_kernel.memory(), bytes, 0, HighAddress)) {
            call.mdl = keep(std::move(*mdl));
        }
    }
    record(call);
    return call.mdl;
}

PMDL FakePortWaveRTStream::AllocateContiguousPagesForMdl(PHYSICAL_ADDRESS LowAddress,
                                                         PHYSICAL_ADDRESS HighAddress,
                                                         SIZE_T TotalBytes) {
    WaveRtHelperCall call;
    call.method = "AllocateContiguousPagesForMdl";
    call.lowAddress = LowAddress;
    call.highAddress = HighAddress;
    call.totalBytes = TotalBytes;
    if (!failContiguous && TotalBytes > 0 && TotalBytes <= 0xFFFFFFFFu) {
        if (auto mdl = buildContiguousMdl(m_kernel.memory(), static_cast<ULONG>(TotalBytes), 0,
                                          HighAddress, LowAddress)) {
            call.mdl = keep(std::move(*mdl));
        }
    }
    record(call);
    return call.mdl;
}

PVOID FakePortWaveRTStream::MapAllocatedPages(PMDL MemoryDescriptorList,
                                              MEMORY_CACHING_TYPE CacheType) {
    WaveRtHelperCall call;
    call.method = "MapAllocatedPages";
    call.mdl = MemoryDescriptorList;
    call.cacheType = CacheType;
    record(call);
    if (MemoryDescriptorList == nullptr || !owns(MemoryDescriptorList)) {
        return nullptr;
    }
    const auto va = m_kernel.systemSpace().mapMdl(*MemoryDescriptorList);
    return va ? simVaToPointer(*va) : nullptr;
}

void FakePortWaveRTStream::UnmapAllocatedPages(PVOID /*BaseAddress*/, PMDL MemoryDescriptorList) {
    WaveRtHelperCall call;
    call.method = "UnmapAllocatedPages";
    call.mdl = MemoryDescriptorList;
    record(call);
    if (MemoryDescriptorList != nullptr && owns(MemoryDescriptorList)) {
        m_kernel.systemSpace().unmapMdl(*MemoryDescriptorList);
    }
}

void FakePortWaveRTStream::FreePagesFromMdl(PMDL MemoryDescriptorList) {
    WaveRtHelperCall call;
    call.method = "FreePagesFromMdl";
    call.mdl = MemoryDescriptorList;
    record(call);
    auto it = std::find_if(m_mdls.begin(), m_mdls.end(),
                           [&](const auto& p) { return p.get() == MemoryDescriptorList; });
    if (it == m_mdls.end()) {
        ++unknownFrees;
        return;
    }
    if ((*it)->MappedSystemVa != 0) {
        m_kernel.systemSpace().unmapMdl(**it);
    }
    freeMdlPages(m_kernel.memory(), **it);
    m_mdls.erase(it);
}

ULONG FakePortWaveRTStream::GetPhysicalPagesCount(PMDL MemoryDescriptorList) {
    return MemoryDescriptorList != nullptr ? static_cast<ULONG>(mdlSpanPages(*MemoryDescriptorList))
                                           : 0;
}

PHYSICAL_ADDRESS FakePortWaveRTStream::GetPhysicalPageAddress(PMDL MemoryDescriptorList,
                                                              ULONG Index) {
    if (MemoryDescriptorList == nullptr || Index >= MemoryDescriptorList->pages.size()) {
        return 0;
    }
    return pfnToAddress(MemoryDescriptorList->pages[Index]);
}

}  // namespace ps::test
