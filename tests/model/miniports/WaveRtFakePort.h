// A scripted stand-in for the WaveRT port driver, for the HD Audio WaveRT
// miniport tests.
//
// FakePortWaveRT implements IPortWaveRT (Init does nothing).
//
// FakePortWaveRTStream implements IPortWaveRTStream's page helpers over the
// kernel's real PhysicalMemory and SystemAddressSpace: AllocatePagesForMdl
// hands out non-contiguous frames (MmAllocatePagesForMdl),
// AllocateContiguousPagesForMdl consecutive ones, MapAllocatedPages maps an
// MDL at a system VA, FreePagesFromMdl unmaps (if still mapped), frees the
// frames and deletes the MDL. Every call is recorded with its arguments, the
// IRQL and the spin locks held. MDLs still outstanding when the fake goes away
// are freed then (tests check outstandingMdls() before that).
//
// Script knobs make a helper fail: failPages (AllocatePagesForMdl returns
// nullptr), shortPagesBytes (it describes that many bytes fewer),
// failContiguous (AllocateContiguousPagesForMdl returns nullptr).
#pragma once

#include "model/kernel/Kernel.h"
#include "model/portcls/WaveRtInterfaces.h"

#include <memory>
#include <vector>

namespace ps::test {

class FakePortWaveRT final : public CUnknownImpl<IPortWaveRT> {
  public:
    FakePortWaveRT() : CUnknownImpl(nullptr, "FakePortWaveRT") {}
    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;
    NTSTATUS Init(PDEVICE_OBJECT, PIRP, PUNKNOWN, PUNKNOWN, PRESOURCELIST) override {
        return STATUS_SUCCESS;
    }
};

struct WaveRtHelperCall {
    const char* method = "";
    PHYSICAL_ADDRESS lowAddress = 0;
    PHYSICAL_ADDRESS highAddress = 0;
    SIZE_T totalBytes = 0;
    MEMORY_CACHING_TYPE cacheType = MmCached;
    PMDL mdl = nullptr;
    KIRQL irql = PASSIVE_LEVEL;
    std::size_t locksHeld = 0;
};

class FakePortWaveRTStream final : public CUnknownImpl<IPortWaveRTStream> {
  public:
    explicit FakePortWaveRTStream(Kernel& kernel);
    ~FakePortWaveRTStream() override;
    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    PMDL AllocatePagesForMdl(PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes) override;
    PMDL AllocateContiguousPagesForMdl(PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
                                       SIZE_T TotalBytes) override;
    PVOID MapAllocatedPages(PMDL MemoryDescriptorList, MEMORY_CACHING_TYPE CacheType) override;
    void UnmapAllocatedPages(PVOID BaseAddress, PMDL MemoryDescriptorList) override;
    void FreePagesFromMdl(PMDL MemoryDescriptorList) override;
    ULONG GetPhysicalPagesCount(PMDL MemoryDescriptorList) override;
    PHYSICAL_ADDRESS GetPhysicalPageAddress(PMDL MemoryDescriptorList, ULONG Index) override;

    // ---- script
    bool failPages = false;
    ULONG shortPagesBytes = 0;
    bool failContiguous = false;

    // ---- records
    std::vector<WaveRtHelperCall> calls;
    std::size_t callCount(const char* method) const;
    std::size_t outstandingMdls() const { return m_mdls.size(); }
    bool owns(PMDL mdl) const;
    std::size_t unknownFrees = 0;

  private:
    PMDL keep(MDL mdl);
    void record(WaveRtHelperCall call);

    Kernel& m_kernel;
    std::vector<std::unique_ptr<MDL>> m_mdls;
};

}  // namespace ps::test
