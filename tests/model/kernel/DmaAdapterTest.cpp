#include "model/kernel/DmaAdapter.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace ps {
namespace {

DEVICE_DESCRIPTION pciMaster32() {
    DEVICE_DESCRIPTION d;
    d.Version = DEVICE_DESCRIPTION_VERSION2;
    d.Master = TRUE;
    d.ScatterGather = TRUE;
    d.Dma32BitAddresses = TRUE;
    d.InterfaceType = PCIBus;
    d.MaximumLength = 0x1FFFE;  // AC97 RT
    return d;
}

class DmaAdapterTest : public ::testing::Test {
  protected:
    explicit DmaAdapterTest(std::uint64_t frames = 1024, std::uint64_t high = 0)
        : memory(makeConfig(frames, high)), space(memory) {}

    static PhysicalMemoryConfig makeConfig(std::uint64_t frames, std::uint64_t high) {
        PhysicalMemoryConfig c;
        c.frameCount = frames;
        c.framesAbove4GiB = high;
        c.seed = 9;
        return c;
    }

    std::unique_ptr<DmaAdapter> makeAdapter(const DEVICE_DESCRIPTION& d) {
        DmaAdapterCreation created = DmaAdapter::create(d, space);
        EXPECT_EQ(created.status, STATUS_SUCCESS);
        return std::move(created.adapter);
    }

    static ULONG totalLength(const SCATTER_GATHER_LIST& list) {
        ULONG sum = 0;
        for (const auto& e : list.Elements) {
            sum += e.Length;
        }
        return sum;
    }

    PhysicalMemory memory;
    SystemAddressSpace space;
};

class DmaAdapterHighMemoryTest : public DmaAdapterTest {
  protected:
    DmaAdapterHighMemoryTest() : DmaAdapterTest(64, 64) {}  // every frame above 4 GiB
};

TEST_F(DmaAdapterTest, FactoryRefusesInconsistentDescriptions) {
    DEVICE_DESCRIPTION slave = pciMaster32();
    slave.Master = FALSE;
    EXPECT_EQ(DmaAdapter::create(slave, space).status, STATUS_NOT_SUPPORTED);
    EXPECT_EQ(DmaAdapter::create(slave, space).adapter, nullptr);
    DEVICE_DESCRIPTION future = pciMaster32();
    future.Version = 3;
    EXPECT_EQ(DmaAdapter::create(future, space).status, STATUS_INVALID_PARAMETER);
    DEVICE_DESCRIPTION oddBoundary = pciMaster32();
    oddBoundary.boundaryBytes = 3000;
    EXPECT_EQ(DmaAdapter::create(oddBoundary, space).status, STATUS_INVALID_PARAMETER);
    const auto adapter = makeAdapter(pciMaster32());
    ASSERT_NE(adapter, nullptr);
    EXPECT_EQ(adapter->addressLimit(), kMax32BitAddress);
}

TEST_F(DmaAdapterTest, NonContiguousPagesGiveOneElementPerPage) {
    const auto adapter = makeAdapter(pciMaster32());
    const auto mdl = buildMdl(memory, 65536);
    ASSERT_TRUE(mdl);
    const ScatterGatherResult sg = adapter->BuildScatterGatherList(*mdl, 0, 65536, TRUE);
    ASSERT_EQ(sg.status, STATUS_SUCCESS);
    ASSERT_EQ(sg.list.NumberOfElements, 16u);
    ASSERT_EQ(sg.list.Elements.size(), 16u);
    for (std::size_t i = 0; i < 16; ++i) {
        EXPECT_EQ(sg.list.Elements[i].Address, pfnToAddress(mdl->pages[i]));
        EXPECT_EQ(sg.list.Elements[i].Length, PAGE_SIZE);
    }
    EXPECT_EQ(adapter->outstandingScatterGatherLists(), 1u);
}

TEST_F(DmaAdapterTest, ContiguousPagesMergeIntoOneElement) {
    const auto adapter = makeAdapter(pciMaster32());
    const auto mdl = buildContiguousMdl(memory, 4 * PAGE_SIZE - 10, 10);
    ASSERT_TRUE(mdl);
    const ScatterGatherResult sg = adapter->BuildScatterGatherList(*mdl, 0, 4 * PAGE_SIZE - 10, 0);
    ASSERT_EQ(sg.status, STATUS_SUCCESS);
    ASSERT_EQ(sg.list.NumberOfElements, 1u);
    EXPECT_EQ(sg.list.Elements[0].Address, pfnToAddress(mdl->pages[0]) + 10);
    EXPECT_EQ(sg.list.Elements[0].Length, 4 * PAGE_SIZE - 10);
}

TEST_F(DmaAdapterTest, SubRangeStartsAndEndsInsidePages) {
    const auto adapter = makeAdapter(pciMaster32());
    const auto mdl = buildMdl(memory, 8 * PAGE_SIZE, 100);
    ASSERT_TRUE(mdl);
    // Buffer bytes 5000..10999 are span bytes 5100..11099: page 1 from 1004, page 2 up to 2907.
    const ScatterGatherResult sg = adapter->BuildScatterGatherList(*mdl, 5000, 6000, TRUE);
    ASSERT_EQ(sg.status, STATUS_SUCCESS);
    ASSERT_EQ(sg.list.NumberOfElements, 2u);
    EXPECT_EQ(sg.list.Elements[0].Address, *physicalAddressAt(*mdl, 5000));
    EXPECT_EQ(sg.list.Elements[0].Address, pfnToAddress(mdl->pages[1]) + 1004);
    EXPECT_EQ(sg.list.Elements[0].Length, 3092u);
    EXPECT_EQ(sg.list.Elements[1].Address, pfnToAddress(mdl->pages[2]));
    EXPECT_EQ(sg.list.Elements[1].Length, 2908u);
    EXPECT_EQ(totalLength(sg.list), 6000u);
}

TEST_F(DmaAdapterTest, MaxSegmentSplitsMergedRuns) {
    DEVICE_DESCRIPTION d = pciMaster32();
    d.maxSegmentBytes = 6000;
    const auto adapter = makeAdapter(d);
    const auto mdl = buildContiguousMdl(memory, 4 * PAGE_SIZE);
    ASSERT_TRUE(mdl);
    const ScatterGatherResult sg = adapter->BuildScatterGatherList(*mdl, 0, 4 * PAGE_SIZE, TRUE);
    ASSERT_EQ(sg.status, STATUS_SUCCESS);
    ASSERT_EQ(sg.list.NumberOfElements, 3u);
    const PHYSICAL_ADDRESS base = pfnToAddress(mdl->pages[0]);
    EXPECT_EQ(sg.list.Elements[0].Address, base);
    EXPECT_EQ(sg.list.Elements[0].Length, 6000u);
    EXPECT_EQ(sg.list.Elements[1].Address, base + 6000);
    EXPECT_EQ(sg.list.Elements[1].Length, 6000u);
    EXPECT_EQ(sg.list.Elements[2].Address, base + 12000);
    EXPECT_EQ(sg.list.Elements[2].Length, 4384u);
}

TEST_F(DmaAdapterTest, ElementsNeverCrossTheBoundary) {
    DEVICE_DESCRIPTION d = pciMaster32();
    d.boundaryBytes = 8192;
    const auto adapter = makeAdapter(d);
    const auto mdl =
        buildContiguousMdl(memory, 4 * PAGE_SIZE);  // first fit: PFN 0x100, 8 KiB aligned
    ASSERT_TRUE(mdl);
    const PHYSICAL_ADDRESS base = pfnToAddress(mdl->pages[0]);
    ASSERT_EQ(base % 8192, 0u);
    const ScatterGatherResult sg = adapter->BuildScatterGatherList(*mdl, 2048, 12288, TRUE);
    ASSERT_EQ(sg.status, STATUS_SUCCESS);
    ASSERT_EQ(sg.list.NumberOfElements, 2u);
    EXPECT_EQ(sg.list.Elements[0].Address, base + 2048);
    EXPECT_EQ(sg.list.Elements[0].Length, 6144u);
    EXPECT_EQ(sg.list.Elements[1].Address, base + 8192);
    EXPECT_EQ(sg.list.Elements[1].Length, 6144u);

    // With both limits the tighter one wins at each point.
    d.maxSegmentBytes = 5000;
    const auto both = makeAdapter(d);
    const ScatterGatherResult sg2 = both->BuildScatterGatherList(*mdl, 2048, 12288, TRUE);
    ASSERT_EQ(sg2.status, STATUS_SUCCESS);
    std::vector<ULONG> lengths;
    for (const auto& e : sg2.list.Elements) {
        lengths.push_back(e.Length);
        EXPECT_EQ(e.Address / 8192, (e.Address + e.Length - 1) / 8192);
    }
    EXPECT_EQ(lengths, (std::vector<ULONG>{5000, 1144, 5000, 1144}));
}

TEST_F(DmaAdapterTest, RefusesBadRanges) {
    const auto adapter = makeAdapter(pciMaster32());
    const auto mdl = buildMdl(memory, 3 * PAGE_SIZE);
    ASSERT_TRUE(mdl);
    EXPECT_EQ(adapter->BuildScatterGatherList(*mdl, 0, 0, TRUE).status, STATUS_INVALID_PARAMETER);
    const ScatterGatherResult past =
        adapter->BuildScatterGatherList(*mdl, 100, 3 * PAGE_SIZE, TRUE);
    EXPECT_EQ(past.status, STATUS_INVALID_PARAMETER);
    EXPECT_TRUE(past.list.Elements.empty());
    EXPECT_EQ(adapter->BuildScatterGatherList(*mdl, 0xFFFFFFFFu, 2, TRUE).status,
              STATUS_INVALID_PARAMETER);
    MDL shortMdl = *mdl;
    shortMdl.pages.pop_back();
    EXPECT_EQ(adapter->BuildScatterGatherList(shortMdl, 0, 16, TRUE).status,
              STATUS_INVALID_PARAMETER);
    MDL garbage = *mdl;
    garbage.pages[0] = ~PFN_NUMBER{0};
    EXPECT_EQ(adapter->BuildScatterGatherList(garbage, 0, 16, TRUE).status,
              STATUS_INVALID_PARAMETER);
    DEVICE_DESCRIPTION small = pciMaster32();
    small.MaximumLength = PAGE_SIZE;
    const auto limited = makeAdapter(small);
    EXPECT_EQ(limited->BuildScatterGatherList(*mdl, 0, PAGE_SIZE + 1, TRUE).status,
              STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(adapter->outstandingScatterGatherLists(), 0u);
}

TEST_F(DmaAdapterTest, AdapterWithoutScatterGatherTakesOnlyOneElement) {
    DEVICE_DESCRIPTION d = pciMaster32();
    d.ScatterGather = FALSE;
    const auto adapter = makeAdapter(d);
    const auto contiguous = buildContiguousMdl(memory, 3 * PAGE_SIZE);
    const auto scattered = buildMdl(memory, 3 * PAGE_SIZE);
    ASSERT_TRUE(contiguous && scattered);
    EXPECT_EQ(adapter->BuildScatterGatherList(*contiguous, 0, 3 * PAGE_SIZE, TRUE).status,
              STATUS_SUCCESS);
    EXPECT_EQ(adapter->BuildScatterGatherList(*scattered, 0, 3 * PAGE_SIZE, TRUE).status,
              STATUS_NOT_SUPPORTED);
    EXPECT_EQ(adapter->BuildScatterGatherList(*scattered, 10, 100, TRUE).status, STATUS_SUCCESS);
}

TEST_F(DmaAdapterTest, PutScatterGatherListReturnsEachListOnce) {
    const auto adapter = makeAdapter(pciMaster32());
    const auto mdl = buildMdl(memory, PAGE_SIZE);
    ASSERT_TRUE(mdl);
    const ScatterGatherResult a = adapter->BuildScatterGatherList(*mdl, 0, 16, TRUE);
    const ScatterGatherResult b = adapter->BuildScatterGatherList(*mdl, 16, 16, TRUE);
    EXPECT_NE(a.list.Reserved, b.list.Reserved);
    EXPECT_EQ(adapter->outstandingScatterGatherLists(), 2u);
    EXPECT_EQ(adapter->PutScatterGatherList(a.list, TRUE), STATUS_SUCCESS);
    EXPECT_EQ(adapter->PutScatterGatherList(a.list, TRUE), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(adapter->PutScatterGatherList(SCATTER_GATHER_LIST{}, TRUE), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(adapter->outstandingScatterGatherLists(), 1u);
}

TEST_F(DmaAdapterHighMemoryTest, ThirtyTwoBitAdapterRefusesHighFrames) {
    const auto adapter32 = makeAdapter(pciMaster32());
    DEVICE_DESCRIPTION d64 = pciMaster32();
    d64.Dma64BitAddresses = TRUE;
    const auto adapter64 = makeAdapter(d64);
    const auto mdl = buildMdl(memory, 2 * PAGE_SIZE);
    ASSERT_TRUE(mdl);
    const ScatterGatherResult refused = adapter32->BuildScatterGatherList(*mdl, 0, 64, TRUE);
    EXPECT_EQ(refused.status, STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(refused.list.NumberOfElements, 0u);
    const ScatterGatherResult accepted = adapter64->BuildScatterGatherList(*mdl, 0, 64, TRUE);
    ASSERT_EQ(accepted.status, STATUS_SUCCESS);
    EXPECT_GE(accepted.list.Elements[0].Address, 0x100000000ull);
    // No low memory for a 32-bit common buffer either.
    EXPECT_FALSE(adapter32->AllocateCommonBuffer(PAGE_SIZE).has_value());
    const auto high = adapter64->AllocateCommonBuffer(PAGE_SIZE);
    ASSERT_TRUE(high.has_value());
    EXPECT_GE(high->LogicalAddress, 0x100000000ull);
}

TEST_F(DmaAdapterTest, CommonBufferIsContiguousMappedAndFreedExactly) {
    const auto adapter = makeAdapter(pciMaster32());
    EXPECT_FALSE(adapter->AllocateCommonBuffer(0).has_value());
    const auto buffer = adapter->AllocateCommonBuffer(10000);
    ASSERT_TRUE(buffer.has_value());
    EXPECT_EQ(buffer->Length, 10000u);
    EXPECT_EQ(BYTE_OFFSET(buffer->LogicalAddress), 0u);
    EXPECT_LE(buffer->LogicalAddress + 3 * PAGE_SIZE - 1, kMax32BitAddress);
    for (ULONG page = 0; page < 3; ++page) {
        EXPECT_TRUE(memory.isAllocated(addressToPfn(buffer->LogicalAddress) + page));
        EXPECT_EQ(space.translate(buffer->VirtualAddress + page * PAGE_SIZE),
                  buffer->LogicalAddress + page * PAGE_SIZE);
    }
    EXPECT_EQ(memory.readU64(buffer->LogicalAddress + 4096), 0u);  // zero-filled
    ASSERT_TRUE(space.writeU32(buffer->VirtualAddress + 9000, 0xFEEDu).ok());
    EXPECT_EQ(memory.readU32(buffer->LogicalAddress + 9000), 0xFEEDu);

    EXPECT_EQ(adapter->outstandingCommonBuffers().size(), 1u);
    EXPECT_EQ(adapter->FreeCommonBuffer(9999, buffer->LogicalAddress, buffer->VirtualAddress),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(adapter->FreeCommonBuffer(10000, buffer->LogicalAddress + PAGE_SIZE,
                                        buffer->VirtualAddress),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(adapter->FreeCommonBuffer(10000, buffer->LogicalAddress, buffer->VirtualAddress),
              STATUS_SUCCESS);
    EXPECT_EQ(adapter->FreeCommonBuffer(10000, buffer->LogicalAddress, buffer->VirtualAddress),
              STATUS_INVALID_PARAMETER);
    EXPECT_FALSE(space.translate(buffer->VirtualAddress).has_value());
    EXPECT_EQ(memory.allocatedFrameCount(), 0u);
}

TEST_F(DmaAdapterTest, CommonBufferExhaustionAndCleanupOnDestruction) {
    auto adapter = makeAdapter(pciMaster32());
    EXPECT_FALSE(adapter->AllocateCommonBuffer(0xFFFFFFFFu).has_value());  // > 1024 frames
    ASSERT_TRUE(adapter->AllocateCommonBuffer(PAGE_SIZE).has_value());
    ASSERT_TRUE(adapter->AllocateCommonBuffer(3 * PAGE_SIZE).has_value());
    EXPECT_EQ(memory.allocatedFrameCount(), 4u);
    EXPECT_EQ(space.mappings().size(), 2u);
    adapter.reset();
    EXPECT_EQ(memory.allocatedFrameCount(), 0u);
    EXPECT_TRUE(space.mappings().empty());
}

}  // namespace
}  // namespace ps
