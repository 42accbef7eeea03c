// What each emulated Windows release offers: the port's QueryInterface
// answers, the free functions, and what the sample miniport registers.
#include "ResourceFixture.h"

#include "model/miniports/MiniportWaveRtHda.h"

namespace ps {
namespace {

CMiniportWaveRtHda* miniportOf(WaveRtSystem& system) {
    return static_cast<CMiniportWaveRtHda*>(system.port()->miniport());
}

TEST(StreamResourceOsVersion, Windows81HasNeitherInterfaceNorFreeFunctions) {
    ResourceMachine m(OsVersion::Windows81);
    NTSTATUS s1 = STATUS_SUCCESS;
    NTSTATUS s2 = STATUS_SUCCESS;
    EXPECT_FALSE(m.query<IPortClsStreamResourceManager>(IID_IPortClsStreamResourceManager, &s1));
    EXPECT_FALSE(m.query<IPortClsStreamResourceManager2>(IID_IPortClsStreamResourceManager2, &s2));
    EXPECT_EQ(s1, STATUS_INVALID_PARAMETER);
    EXPECT_EQ(s2, STATUS_INVALID_PARAMETER);

    PETHREAD thread = m.newDriverThread();
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE handle = nullptr;
    EXPECT_EQ(PcAddStreamResource(m.kernel(), &m.system.pdo(), nullptr, &d, &handle),
              STATUS_NOT_IMPLEMENTED);
    EXPECT_EQ(m.lastReason("PcAddStreamResource"), "absent before Windows 10");
    EXPECT_EQ(PcRemoveStreamResource(m.kernel(), handle), STATUS_NOT_IMPLEMENTED);
    EXPECT_EQ(m.registry().registeredCount(), 0u);

    // The miniport found no interface and registered nothing, yet works.
    CMiniportWaveRtHda* miniport = miniportOf(m.system);
    EXPECT_FALSE(miniport->hasResourceManager());
    EXPECT_FALSE(miniport->hasResourceManager2());
    EXPECT_FALSE(miniport->interruptRegistered());
    EXPECT_FALSE(miniport->threadRegistered());
    EXPECT_NE(miniport->interruptObject(), nullptr);
    EXPECT_NE(miniport->workerThread(), nullptr);
}

TEST(StreamResourceOsVersion, Windows10RtmHasVersion1Only) {
    ResourceMachine m(OsVersion::Windows10Rtm);
    EXPECT_TRUE(m.query<IPortClsStreamResourceManager>(IID_IPortClsStreamResourceManager));
    NTSTATUS s2 = STATUS_SUCCESS;
    EXPECT_FALSE(m.query<IPortClsStreamResourceManager2>(IID_IPortClsStreamResourceManager2, &s2));
    EXPECT_EQ(s2, STATUS_INVALID_PARAMETER);

    // The miniport fell back to version 1 and registered both resources.
    CMiniportWaveRtHda* miniport = miniportOf(m.system);
    EXPECT_TRUE(miniport->hasResourceManager());
    EXPECT_FALSE(miniport->hasResourceManager2());
    EXPECT_TRUE(miniport->interruptRegistered());
    EXPECT_TRUE(miniport->threadRegistered());
    EXPECT_TRUE(m.registry().isRegistered(miniport->interruptObject()));
    EXPECT_TRUE(m.registry().isRegistered(miniport->workerThread()));
    EXPECT_NE(m.lastResource("IPortClsStreamResourceManager::AddStreamResource"), nullptr);
    EXPECT_EQ(m.lastResource("IPortClsStreamResourceManager2::AddStreamResource2"), nullptr);

    // The free functions exist from RTM on.
    PETHREAD thread = m.newDriverThread();
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE handle = nullptr;
    EXPECT_EQ(PcAddStreamResource(m.kernel(), &m.system.pdo(), nullptr, &d, &handle),
              STATUS_SUCCESS);
    EXPECT_EQ(PcRemoveStreamResource(m.kernel(), handle), STATUS_SUCCESS);
}

TEST(StreamResourceOsVersion, Windows10V1511HasBoth) {
    ResourceMachine m(OsVersion::Windows10V1511);
    EXPECT_TRUE(m.query<IPortClsStreamResourceManager>(IID_IPortClsStreamResourceManager));
    auto v2 = m.query<IPortClsStreamResourceManager2>(IID_IPortClsStreamResourceManager2);
    ASSERT_TRUE(v2);
    CMiniportWaveRtHda* miniport = miniportOf(m.system);
    EXPECT_TRUE(miniport->hasResourceManager2());
    EXPECT_EQ(m.registry().registeredCount(), 2u);
    EXPECT_NE(m.lastResource("IPortClsStreamResourceManager2::AddStreamResource2"), nullptr);
    // The v2 interface is also a v1 interface.
    PETHREAD thread = m.newDriverThread();
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE handle = nullptr;
    IPortClsStreamResourceManager* asV1 = v2.get();
    EXPECT_EQ(asV1->AddStreamResource(nullptr, &d, &handle), STATUS_SUCCESS);
    EXPECT_EQ(asV1->RemoveStreamResource(handle), STATUS_SUCCESS);
}

TEST(StreamResourceOsVersion, RemovalUnregistersOnEveryVersion) {
    for (OsVersion os :
         {OsVersion::Windows81, OsVersion::Windows10Rtm, OsVersion::Windows10V1511}) {
        ResourceMachine m(os);
        m.system.removeDevice();
        EXPECT_EQ(m.registry().registeredCount(), 0u) << osVersionName(os);
        EXPECT_EQ(m.registry().addCount(), m.registry().removeCount()) << osVersionName(os);
        EXPECT_EQ(m.system.verifier().total(), 0u) << osVersionName(os);
    }
}

}  // namespace
}  // namespace ps
