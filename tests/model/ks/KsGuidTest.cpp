#include "model/ks/KsGuid.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "model/ks/KsMediaGuids.h"
#include "model/ks/LittleEndian.h"

namespace ps {
namespace {

TEST(KsMediaGuids, HaveTheDocumentedValues) {
    EXPECT_EQ(KSDATAFORMAT_SUBTYPE_PCM.toString(), "00000001-0000-0010-8000-00AA00389B71");
    EXPECT_EQ(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT.toString(), "00000003-0000-0010-8000-00AA00389B71");
    EXPECT_EQ(KSDATAFORMAT_TYPE_AUDIO.toString(), "73647561-0000-0010-8000-00AA00389B71");
    EXPECT_EQ(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX.toString(),
              "05589F81-C356-11CE-BF01-00AA0055595A");
}

TEST(KsGuid, EqualityComparesEveryField) {
    constexpr GUID a{0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
    static_assert(a == a, "constexpr equality");
    GUID b = a;
    EXPECT_EQ(a, b);
    b.Data4[7] = 9;
    EXPECT_NE(a, b);
    b = a;
    b.Data3 = 0;
    EXPECT_NE(a, b);
    b = a;
    b.Data1 = 0;
    EXPECT_NE(a, b);
    EXPECT_NE(KSDATAFORMAT_SUBTYPE_PCM, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
}

TEST(KsGuid, WaveFormatExGuidFamily) {
    static_assert(defineWaveFormatExGuid(1) == KSDATAFORMAT_SUBTYPE_PCM, "PCM is tag 1");
    EXPECT_EQ(waveFormatTagOfSubType(KSDATAFORMAT_SUBTYPE_PCM), std::optional<WORD>(1));
    EXPECT_EQ(waveFormatTagOfSubType(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT), std::optional<WORD>(3));
    EXPECT_EQ(waveFormatTagOfSubType(defineWaveFormatExGuid(0x0092)), std::optional<WORD>(0x92));
    EXPECT_FALSE(waveFormatTagOfSubType(KSDATAFORMAT_TYPE_AUDIO).has_value());
    EXPECT_FALSE(waveFormatTagOfSubType(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX).has_value());
}

TEST(KsGuid, WireImageIsMixedEndian) {
    std::vector<std::uint8_t> bytes;
    LittleEndianWriter(bytes).guid(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX);
    const std::vector<std::uint8_t> expected{0x81, 0x9f, 0x58, 0x05, 0x56, 0xc3, 0xce, 0x11,
                                             0xbf, 0x01, 0x00, 0xaa, 0x00, 0x55, 0x59, 0x5a};
    EXPECT_EQ(bytes, expected);
    LittleEndianReader r(bytes.data(), bytes.size());
    EXPECT_EQ(r.guid(), KSDATAFORMAT_SPECIFIER_WAVEFORMATEX);
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remainingBytes(), 0u);
}

TEST(LittleEndianReader, ReadPastEndFailsWithoutReading) {
    const std::uint8_t bytes[3] = {0x01, 0x02, 0x03};
    LittleEndianReader r(bytes, sizeof bytes);
    EXPECT_EQ(r.u16(), 0x0201);
    EXPECT_EQ(r.u32(), 0u);  // only one byte left
    EXPECT_TRUE(r.failed());
    EXPECT_EQ(r.remainingBytes(), 0u);

    LittleEndianReader empty(nullptr, 100);  // a null buffer holds nothing
    EXPECT_EQ(empty.u8(), 0);
    EXPECT_TRUE(empty.failed());
}

TEST(LittleEndianWriter, WritesLeastSignificantByteFirst) {
    std::vector<std::uint8_t> bytes;
    LittleEndianWriter w(bytes);
    w.u16(0x1234);
    w.u32(0xA1B2C3D4);
    w.u64(0x0102030405060708ull);
    const std::vector<std::uint8_t> expected{0x34, 0x12, 0xD4, 0xC3, 0xB2, 0xA1, 0x08,
                                             0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01};
    EXPECT_EQ(bytes, expected);
}

}  // namespace
}  // namespace ps
