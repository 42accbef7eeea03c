#include "model/kernel/IoSpace.h"

#include <gtest/gtest.h>

#include <vector>

namespace ps {
namespace {

struct RecordingDevice : IoDevice {
    std::vector<std::tuple<char, std::uint32_t, unsigned, std::uint32_t>> log;
    std::uint32_t ioRead(std::uint32_t offset, unsigned width) override {
        log.emplace_back('r', offset, width, 0);
        return 0x11223344u >> (8 * (4 - width));
    }
    void ioWrite(std::uint32_t offset, unsigned width, std::uint32_t value) override {
        log.emplace_back('w', offset, width, value);
    }
};

TEST(IoSpace, RoutesAccessesToTheDecodingDeviceWithRelativeOffsets) {
    IoSpace io;
    RecordingDevice a, b;
    ASSERT_TRUE(io.registerDevice(0x1000, 0x40, &a));
    ASSERT_TRUE(io.registerDevice(0x2000, 0x100, &b));
    EXPECT_EQ(io.READ_PORT_UCHAR(0x1014), 0x11);
    EXPECT_EQ(io.READ_PORT_USHORT(0x1016), 0x1122);
    EXPECT_EQ(io.READ_PORT_ULONG(0x2010), 0x11223344u);
    io.WRITE_PORT_UCHAR(0x101B, 0x15);
    io.WRITE_PORT_ULONG(0x20FC, 0xDEADBEEF);
    ASSERT_EQ(a.log.size(), 3u);
    EXPECT_EQ(a.log[0], std::make_tuple('r', 0x14u, 1u, 0u));
    EXPECT_EQ(a.log[2], std::make_tuple('w', 0x1Bu, 1u, 0x15u));
    ASSERT_EQ(b.log.size(), 2u);
    EXPECT_EQ(b.log[1], std::make_tuple('w', 0xFCu, 4u, 0xDEADBEEFu));
    EXPECT_EQ(io.unclaimedAccesses(), 0u);
}

TEST(IoSpace, UnclaimedAndStraddlingAccessesReadAllOnesAndAreCounted) {
    IoSpace io;
    RecordingDevice a;
    ASSERT_TRUE(io.registerDevice(0x1000, 0x40, &a));
    EXPECT_EQ(io.READ_PORT_UCHAR(0x0FFF), 0xFF);
    EXPECT_EQ(io.READ_PORT_ULONG(0x103E), 0xFFFFFFFFu) << "straddles the end of the range";
    io.WRITE_PORT_USHORT(0x5000, 1);
    EXPECT_EQ(io.unclaimedAccesses(), 3u);
    EXPECT_TRUE(a.log.empty());
}

TEST(IoSpace, OverlappingOrEmptyRangesAreRefusedAndUnregisterFreesTheRange) {
    IoSpace io;
    RecordingDevice a, b;
    EXPECT_TRUE(io.registerDevice(0x1000, 0x40, &a));
    EXPECT_FALSE(io.registerDevice(0x103F, 0x10, &b));
    EXPECT_FALSE(io.registerDevice(0x0FF0, 0x11, &b));
    EXPECT_FALSE(io.registerDevice(0x3000, 0, &b));
    EXPECT_FALSE(io.registerDevice(0xFFFFFFF0u, 0x20, &b));
    io.unregisterDevice(&a);
    EXPECT_TRUE(io.registerDevice(0x1000, 0x40, &b));
}

TEST(IoSpace, RangesRegisteredInAnyOrderDecodeToTheirOwnDevice) {
    IoSpace io;
    RecordingDevice d[5];
    const std::uint32_t bases[5] = {0x5000, 0x1000, 0x3000, 0x0000, 0x4000};
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(io.registerDevice(bases[i], 0x100, &d[i]));
    }
    for (int i = 0; i < 5; ++i) {
        io.WRITE_PORT_ULONG(bases[i] + 0xFC, static_cast<std::uint32_t>(i));
        EXPECT_EQ(io.READ_PORT_UCHAR(bases[i]), 0x11);
        EXPECT_EQ(io.READ_PORT_UCHAR(bases[i] + 0x100), 0xFF) << "a gap after range " << i;
    }
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(d[i].log.size(), 2u);
        EXPECT_EQ(d[i].log[0], std::make_tuple('w', 0xFCu, 4u, static_cast<std::uint32_t>(i)));
    }
    EXPECT_EQ(io.unclaimedAccesses(), 5u) << "the port after each range is decoded by none";
    io.unregisterDevice(&d[2]);
    EXPECT_EQ(io.READ_PORT_UCHAR(0x3000), 0xFF);
    EXPECT_EQ(io.READ_PORT_UCHAR(0x4000), 0x11);
    EXPECT_EQ(d[4].log.size(), 3u);
}

}  // namespace
}  // namespace ps
