// The MMIO register space and mapped register VAs (Kernel::mmioSpace,
// MmMapIoSpace, readMappedRegisterULONG).
#include "model/kernel/Kernel.h"

#include <gtest/gtest.h>

#include <cstring>

namespace ps {
namespace {

struct CountingRegisters : IoDevice {
    std::uint32_t reads = 0;
    std::uint32_t lastWrite = 0;
    std::uint32_t ioRead(std::uint32_t offset, unsigned width) override {
        ++reads;
        const std::uint32_t v = 0xA0000000u + offset;
        return width == 4 ? v : v & ((1u << (8 * width)) - 1);
    }
    void ioWrite(std::uint32_t offset, unsigned, std::uint32_t value) override {
        lastWrite = offset << 16 ^ value;
    }
};

std::uint64_t va(PVOID p) {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
}

class Mmio : public ::testing::Test {
  protected:
    Scheduler scheduler;
    Tracer tracer{scheduler, 1024};
    Kernel kernel{scheduler, tracer};
    CountingRegisters device;
    void SetUp() override {
        ASSERT_TRUE(kernel.mmioSpace().registerDevice(0xFEBF0000, 0x4000, &device));
    }
    std::size_t verifierRecords() {
        std::size_t n = 0;
        tracer.ring().forEachFrom(
            0, [&](const TraceRecord& r) { n += r.category == TraceCategory::Verifier ? 1 : 0; });
        return n;
    }
};

TEST_F(Mmio, RegisterSpellingsDecodeLikePortsAndStaySeparateFromIoSpace) {
    IoSpace& mmio = kernel.mmioSpace();
    EXPECT_EQ(mmio.READ_REGISTER_ULONG(0xFEBF0030), 0xA0000030u);
    EXPECT_EQ(mmio.READ_REGISTER_USHORT(0xFEBF0012), 0x0012u);
    EXPECT_EQ(mmio.READ_REGISTER_UCHAR(0xFEBF0083), 0x83u);
    mmio.WRITE_REGISTER_ULONG(0xFEBF0020, 0x80000001u);
    EXPECT_EQ(device.lastWrite, (0x20u << 16) ^ 0x80000001u);
    mmio.WRITE_REGISTER_USHORT(0xFEBF0012, 0x11);
    mmio.WRITE_REGISTER_UCHAR(0xFEBF0003, 0x1C);
    EXPECT_EQ(device.lastWrite, (0x03u << 16) ^ 0x1Cu);
    EXPECT_EQ(mmio.unclaimedAccesses(), 0u);
    // The port space does not see the MMIO window.
    EXPECT_EQ(kernel.ioSpace().READ_PORT_ULONG(0xFEBF0030), 0xFFFFFFFFu);
    EXPECT_EQ(mmio.READ_REGISTER_ULONG(0xFEC00000), 0xFFFFFFFFu);
    EXPECT_EQ(mmio.unclaimedAccesses(), 1u);
}

TEST_F(Mmio, MappedRegisterReadsGoThroughTheMmioSpace) {
    PVOID wallClock = kernel.MmMapIoSpace(0xFEBF0030, 4);
    PVOID lpib = kernel.MmMapIoSpace(0xFEBF2124, 4);
    ASSERT_NE(wallClock, nullptr);
    ASSERT_NE(lpib, nullptr);
    EXPECT_GE(va(wallClock), MmioMappings::kMmioVaBase);
    EXPECT_EQ(va(wallClock) % PAGE_SIZE, 0x030u);  // page offset kept
    EXPECT_EQ(va(lpib) % PAGE_SIZE, 0x124u);
    EXPECT_NE(va(wallClock) & ~std::uint64_t{PAGE_SIZE - 1},
              va(lpib) & ~std::uint64_t{PAGE_SIZE - 1});
    EXPECT_EQ(kernel.readMappedRegisterULONG(va(wallClock)), 0xA0000030u);
    EXPECT_EQ(kernel.readMappedRegisterULONG(va(lpib)), 0xA0002124u);
    EXPECT_EQ(device.reads, 2u);
    EXPECT_EQ(kernel.mappedRegisterFaults(), 0u);
    EXPECT_EQ(verifierRecords(), 0u);
}

TEST_F(Mmio, UnmappedOrStraddlingVaReadsAllOnesAndIsAFault) {
    PVOID reg = kernel.MmMapIoSpace(0xFEBF0030, 4);
    EXPECT_EQ(kernel.readMappedRegisterULONG(va(reg) + 4), 0xFFFFFFFFu);  // past the mapping
    EXPECT_EQ(kernel.readMappedRegisterULONG(va(reg) + 2), 0xFFFFFFFFu);  // straddles its end
    EXPECT_EQ(kernel.readMappedRegisterULONG(0), 0xFFFFFFFFu);
    EXPECT_EQ(kernel.readMappedRegisterULONG(0xFFFF800000001000ull), 0xFFFFFFFFu);
    EXPECT_EQ(kernel.mappedRegisterFaults(), 4u);
    EXPECT_EQ(device.reads, 0u);
    kernel.MmUnmapIoSpace(reg, 4);
    EXPECT_EQ(kernel.readMappedRegisterULONG(va(reg)), 0xFFFFFFFFu);  // use after unmap
    EXPECT_EQ(kernel.mappedRegisterFaults(), 5u);
    kernel.MmUnmapIoSpace(reg, 4);  // double unmap: a Verifier record, no crash
    EXPECT_EQ(verifierRecords(), 6u);
    EXPECT_EQ(kernel.mmioMappings().mappingCount(), 0u);
}

TEST_F(Mmio, BadMapRequestsReturnNullAndVasAreNeverReused) {
    EXPECT_EQ(kernel.MmMapIoSpace(0xFEBF0000, 0), nullptr);
    EXPECT_EQ(kernel.MmMapIoSpace(0x1'0000'0000ull, 4), nullptr);
    EXPECT_EQ(kernel.MmMapIoSpace(0xFFFFFFFEull, 4), nullptr);  // leaves the 32-bit bus
    PVOID a = kernel.MmMapIoSpace(0xFEBF0000, 0x4000);
    kernel.MmUnmapIoSpace(a, 0x4000);
    PVOID b = kernel.MmMapIoSpace(0xFEBF0000, 0x4000);
    EXPECT_NE(a, b);
    EXPECT_EQ(kernel.readMappedRegisterULONG(va(b) + 0x3FFC), 0xA0003FFCu);
}

}  // namespace
}  // namespace ps
