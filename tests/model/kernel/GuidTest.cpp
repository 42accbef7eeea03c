#include "model/kernel/Guid.h"
#include "model/kernel/InterfaceIds.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace ps {
namespace {

TEST(Guid, FormatsUpperCaseRegistryFormWithoutBraces) {
    EXPECT_EQ(IID_IPortWavePciStream.toString(), "B4C90A51-5791-11D0-86F9-00A0C911B544");
    EXPECT_EQ(IID_IUnknown.toString(), "00000000-0000-0000-C000-000000000046");
    EXPECT_EQ(IID_IMiniportWaveRT.toString(), "0F9FC4D6-6061-4F3C-B1FC-075E35F7960A");
}

TEST(Guid, ParsesWithOrWithoutBracesInAnyCase) {
    const auto bare = GUID::parse("b4c90a50-5791-11d0-86f9-00a0c911b544");
    ASSERT_TRUE(bare.has_value());
    EXPECT_EQ(*bare, IID_IPortWavePci);
    const auto braced = GUID::parse("{B4C90A50-5791-11D0-86F9-00A0C911B544}");
    ASSERT_TRUE(braced.has_value());
    EXPECT_EQ(*braced, IID_IPortWavePci);
    const auto mixed = GUID::parse("{e1CD9915-cab1-4103-BB2F-7dc09c9be942}");
    ASSERT_TRUE(mixed.has_value());
    EXPECT_EQ(*mixed, IID_IPortClsStreamResourceManager);
}

TEST(Guid, RoundTripsEveryKnownIdentifier) {
    for (std::size_t i = 0; i < knownInterfaceCount(); ++i) {
        const GUID& iid = *knownInterfaces()[i].iid;
        const auto parsed = GUID::parse(iid.toString());
        ASSERT_TRUE(parsed.has_value()) << knownInterfaces()[i].name;
        EXPECT_EQ(*parsed, iid);
        EXPECT_EQ(parsed->toString(), iid.toString());
        EXPECT_EQ(GUID::parse("{" + iid.toString() + "}"), parsed);
    }
}

TEST(Guid, RefusesMalformedText) {
    const char* bad[] = {
        "",
        "B4C90A51-5791-11D0-86F9-00A0C911B54",     // one digit short
        "B4C90A51-5791-11D0-86F9-00A0C911B5444",   // one digit long
        "B4C90A51-5791-11D0-86F900A0C911B5444",    // missing dash
        "B4C90A515791-11D0-86F9-00A0C911B544-",    // dash moved
        "G4C90A51-5791-11D0-86F9-00A0C911B544",    // non-hex digit
        "B4C90A51-5791-11D0-86F9-00A0C911B54 ",    // space
        " B4C90A51-5791-11D0-86F9-00A0C911B544",   // leading space
        "{B4C90A51-5791-11D0-86F9-00A0C911B544",   // lone brace
        "B4C90A51-5791-11D0-86F9-00A0C911B544}",   // lone brace
        "(B4C90A51-5791-11D0-86F9-00A0C911B544)",  // wrong brackets
        "{{B4C90A51-5791-11D0-86F9-00A0C911B54}}",
        "+4C90A51-5791-11D0-86F9-00A0C911B544",
        "0xC90A51-5791-11D0-86F9-00A0C911B544",
    };
    for (const char* text : bad) {
        EXPECT_FALSE(GUID::parse(text).has_value()) << '"' << text << '"';
    }
}

TEST(Guid, ComparesAndOrders) {
    static_assert(IID_IPortWavePci == IID_IPortWavePci);
    static_assert(IID_IPortWavePci != IID_IPortWavePciStream);
    static_assert(IID_IPortWavePci < IID_IPortWavePciStream);
    static_assert(!(IID_IPortWavePciStream < IID_IPortWavePci));
    static_assert(IsEqualGUIDAligned(IID_IUnknown, IID_IUnknown));
    GUID a = IID_IResourceList;
    GUID b = a;
    b.Data4[7] = static_cast<std::uint8_t>(b.Data4[7] + 1);
    EXPECT_NE(a, b);
    EXPECT_TRUE(a < b);
    EXPECT_FALSE(b < a);
    EXPECT_FALSE(a < a);
    std::map<GUID, int> byGuid{{a, 1}, {b, 2}};
    EXPECT_EQ(byGuid.size(), 2u);
    EXPECT_NE(GuidHash{}(a), GuidHash{}(b));
}

TEST(InterfaceIds, MatchTheDdiReference) {
    EXPECT_EQ(IID_IMiniport.toString(), "B4C90A24-5791-11D0-86F9-00A0C911B544");
    EXPECT_EQ(CLSID_PortWavePci.toString(), "B4C90A54-5791-11D0-86F9-00A0C911B544");
    EXPECT_EQ(IID_IServiceGroup.toString(), "22C6AC65-851B-11D0-9A7F-00AA0038ACFE");
    EXPECT_EQ(IID_IDmaChannelSlave.toString(), "22C6AC62-851B-11D0-9A7F-00AA0038ACFE");
    EXPECT_EQ(IID_IPortWaveRT.toString(), "339FF909-68A9-4310-B09B-274E96EE4CBD");
    EXPECT_EQ(CLSID_PortWaveRT.toString(), "CC9BE57A-EB9E-42B4-94FC-0CAD3DBCE7FA");
    EXPECT_EQ(IID_IPortWaveRTStream.toString(), "1809CE5A-64BC-4E62-BD7D-95BCE43DE393");
    EXPECT_EQ(IID_IMiniportWaveRTStream.toString(), "000AC9AB-FAAB-4F3D-9455-6FF8306A74A0");
    EXPECT_EQ(IID_IMiniportWaveRTStreamNotification.toString(),
              "23759128-96F1-423B-AB4D-81635BCF8CA1");
    EXPECT_EQ(IID_IPreFetchOffset.toString(), "7000F480-ED44-4E8B-B38A-412F8D7A504D");
    EXPECT_EQ(IID_IPortClsStreamResourceManager.toString(), "E1CD9915-CAB1-4103-BB2F-7DC09C9BE942");
    EXPECT_EQ(IID_IPortClsStreamResourceManager2.toString(),
              "0D500BAE-D565-469D-A0E2-F283760D7148");
}

TEST(InterfaceIds, NamesAreUniqueAndLookedUp) {
    std::set<GUID> seen;
    for (std::size_t i = 0; i < knownInterfaceCount(); ++i) {
        EXPECT_TRUE(seen.insert(*knownInterfaces()[i].iid).second) << knownInterfaces()[i].name;
        EXPECT_STREQ(interfaceName(*knownInterfaces()[i].iid), knownInterfaces()[i].name);
    }
    EXPECT_EQ(knownInterfaceCount(), 24u);
    EXPECT_STREQ(interfaceName(IID_IPortWavePciStream), "IPortWavePciStream");
    EXPECT_STREQ(interfaceName(IID_IUnknown), "IUnknown");
    EXPECT_STREQ(interfaceName(CLSID_PortWaveRT), "CLSID_PortWaveRT");
    EXPECT_EQ(interfaceName(GUID_NULL), nullptr);
    EXPECT_EQ(interfaceName(*GUID::parse("12345678-1234-1234-1234-123456789ABC")), nullptr);
}

}  // namespace
}  // namespace ps
