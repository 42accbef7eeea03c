// The stream resource registry's checks: every documented refusal gives
// STATUS_INVALID_PARAMETER, a trace record with its reason, and leaves the
// registry unchanged; valid calls register, shield and unregister.
#include "ResourceFixture.h"

namespace ps {
namespace {

class StreamResourceValidation : public ::testing::Test {
  protected:
    void SetUp() override {
        manager = m.query<IPortClsStreamResourceManager2>(IID_IPortClsStreamResourceManager2);
        ASSERT_TRUE(manager);
        thread = m.newDriverThread();
        before = m.registry().registeredCount();
    }
    // Expects an AddStreamResource2 refusal with `reason` and no change.
    void expectAdd2Refused(PDEVICE_OBJECT pdo, PVOID set, PPCSTREAMRESOURCE_DESCRIPTOR d,
                           const char* reason) {
        PCSTREAMRESOURCE handle = reinterpret_cast<PCSTREAMRESOURCE>(std::uintptr_t{0x77});
        EXPECT_EQ(manager->AddStreamResource2(pdo, set, d, &handle), STATUS_INVALID_PARAMETER);
        EXPECT_EQ(handle, nullptr);
        EXPECT_EQ(m.lastReason("IPortClsStreamResourceManager2::AddStreamResource2"), reason);
        EXPECT_EQ(m.registry().registeredCount(), before);
    }

    ResourceMachine m;
    ComPtr<IPortClsStreamResourceManager2> manager;
    PETHREAD thread = nullptr;
    std::size_t before = 0;
};

TEST_F(StreamResourceValidation, ValidThreadIsRegisteredShieldedAndRemoved) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE handle = nullptr;
    ASSERT_EQ(manager->AddStreamResource2(&m.system.pdo(), nullptr, &d, &handle), STATUS_SUCCESS);
    EXPECT_NE(handle, nullptr);
    EXPECT_TRUE(m.registry().isRegistered(thread));
    EXPECT_TRUE(m.kernel().isStreamResourceShielded(thread));
    EXPECT_EQ(m.registry().registeredCount(), before + 1);
    const TraceRecord* add = m.lastResource("IPortClsStreamResourceManager2::AddStreamResource2");
    ASSERT_NE(add, nullptr);
    EXPECT_EQ(add->status, STATUS_SUCCESS);
    EXPECT_STREQ(add->field("Type")->text, "ePcStreamResourceThread");
    EXPECT_STREQ(add->field("Irql")->text, "PASSIVE_LEVEL");

    // No RemoveStreamResource2: the inherited method takes v2 handles.
    EXPECT_EQ(manager->RemoveStreamResource(handle), STATUS_SUCCESS);
    EXPECT_FALSE(m.registry().isRegistered(thread));
    EXPECT_FALSE(m.kernel().isStreamResourceShielded(thread));
    EXPECT_EQ(m.registry().registeredCount(), before);
}

TEST_F(StreamResourceValidation, InterruptThroughVersion1) {
    auto v1 = m.query<IPortClsStreamResourceManager>(IID_IPortClsStreamResourceManager);
    ASSERT_TRUE(v1);
    // A second interrupt object of the test's own, on another vector.
    PKINTERRUPT interrupt = nullptr;
    ASSERT_EQ(
        m.kernel().IoConnectInterrupt(
            &interrupt, [](PKINTERRUPT, PVOID) -> BOOLEAN { return FALSE; }, nullptr, nullptr, 99,
            kDefaultDeviceIrql, kDefaultDeviceIrql, LevelSensitive, FALSE, 1, FALSE, "test ISR"),
        STATUS_SUCCESS);
    PCSTREAMRESOURCE_DESCRIPTOR d;
    PCSTREAMRESOURCE_DESCRIPTOR_INIT(&d);
    d.Pdo = &m.system.pdo();
    d.Type = ePcStreamResourceInterrupt;
    d.Resource.Interrupt.Generic = interrupt;
    PCSTREAMRESOURCE handle = nullptr;
    ASSERT_EQ(v1->AddStreamResource(nullptr, &d, &handle), STATUS_SUCCESS);
    EXPECT_TRUE(m.registry().isRegistered(interrupt));
    EXPECT_EQ(v1->RemoveStreamResource(handle), STATUS_SUCCESS);
    m.kernel().IoDisconnectInterrupt(interrupt);
    EXPECT_EQ(m.count(VerifierRule::ResourceRegisteredAtDelete), 0u);
}

TEST_F(StreamResourceValidation, NullDescriptorOrHandlePointer) {
    PCSTREAMRESOURCE handle = nullptr;
    EXPECT_EQ(manager->AddStreamResource2(&m.system.pdo(), nullptr, nullptr, &handle),
              STATUS_INVALID_PARAMETER);
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    EXPECT_EQ(manager->AddStreamResource2(&m.system.pdo(), nullptr, &d, nullptr),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.lastReason("IPortClsStreamResourceManager2::AddStreamResource2"),
              "null descriptor or handle pointer");
    EXPECT_EQ(m.registry().registeredCount(), before);
}

TEST_F(StreamResourceValidation, WrongSize) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    d.Size = sizeof(d) - 8;
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "wrong Size");
}

TEST_F(StreamResourceValidation, NonZeroFlags) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    d.Flags = 1;
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "non-zero Flags");
}

TEST_F(StreamResourceValidation, NonNullResourceSet) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    int someSet = 0;
    expectAdd2Refused(&m.system.pdo(), &someSet, &d, "non-NULL ResourceSet");
}

TEST_F(StreamResourceValidation, ResourceSetTypeIsReserved) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    d.Type = ePcStreamResourceSet;
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "resource sets are reserved");
}

TEST_F(StreamResourceValidation, UnknownType) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    d.Type = static_cast<PcStreamResourceType>(7);
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "unknown Type");
}

TEST_F(StreamResourceValidation, MissingResource) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(nullptr);
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "missing resource");
    PCSTREAMRESOURCE_DESCRIPTOR i = m.threadDescriptor(nullptr);
    i.Type = ePcStreamResourceInterrupt;
    expectAdd2Refused(&m.system.pdo(), nullptr, &i, "missing resource");
}

TEST_F(StreamResourceValidation, NotAKernelObject) {
    int notAThread = 0;
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(reinterpret_cast<PETHREAD>(&notAThread));
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "not a connected interrupt or a thread");
    // An interrupt that was disconnected is no longer one.
    PKINTERRUPT interrupt = nullptr;
    ASSERT_EQ(
        m.kernel().IoConnectInterrupt(
            &interrupt, [](PKINTERRUPT, PVOID) -> BOOLEAN { return FALSE; }, nullptr, nullptr, 98,
            kDefaultDeviceIrql, kDefaultDeviceIrql, LevelSensitive, FALSE, 1, FALSE, "gone ISR"),
        STATUS_SUCCESS);
    m.kernel().IoDisconnectInterrupt(interrupt);
    PCSTREAMRESOURCE_DESCRIPTOR i = m.threadDescriptor(nullptr);
    i.Type = ePcStreamResourceInterrupt;
    i.Resource.Interrupt.Generic = interrupt;
    expectAdd2Refused(&m.system.pdo(), nullptr, &i, "not a connected interrupt or a thread");
}

TEST_F(StreamResourceValidation, MissingPdo) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    d.Pdo = nullptr;
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "missing PDO");
    PCSTREAMRESOURCE_DESCRIPTOR e = m.threadDescriptor(thread);
    expectAdd2Refused(nullptr, nullptr, &e, "missing PDO");
}

TEST_F(StreamResourceValidation, PdoOfAnotherStack) {
    DEVICE_OBJECT otherPdo;
    otherPdo.name = "another stack's PDO";
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    d.Pdo = &otherPdo;
    expectAdd2Refused(&otherPdo, nullptr, &d, "PDO of another stack");
    // The explicit PDO and the descriptor's must agree too.
    PCSTREAMRESOURCE_DESCRIPTOR e = m.threadDescriptor(thread);
    expectAdd2Refused(&otherPdo, nullptr, &e, "PDO of another stack");
}

TEST_F(StreamResourceValidation, DuplicateRegistration) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE first = nullptr;
    ASSERT_EQ(manager->AddStreamResource2(&m.system.pdo(), nullptr, &d, &first), STATUS_SUCCESS);
    before = m.registry().registeredCount();
    expectAdd2Refused(&m.system.pdo(), nullptr, &d, "duplicate registration");
    EXPECT_EQ(manager->RemoveStreamResource(first), STATUS_SUCCESS);
}

TEST_F(StreamResourceValidation, UnknownHandle) {
    const auto bogus = reinterpret_cast<PCSTREAMRESOURCE>(std::uintptr_t{0xBAD0});
    EXPECT_EQ(manager->RemoveStreamResource(bogus), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.lastReason("IPortClsStreamResourceManager::RemoveStreamResource"),
              "unknown handle");
    EXPECT_EQ(manager->RemoveStreamResource(nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.registry().registeredCount(), before);
    EXPECT_EQ(m.count(VerifierRule::ResourceRemovedTwice), 0u);
}

TEST_F(StreamResourceValidation, AlreadyRemovedHandle) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE handle = nullptr;
    ASSERT_EQ(manager->AddStreamResource2(&m.system.pdo(), nullptr, &d, &handle), STATUS_SUCCESS);
    ASSERT_EQ(manager->RemoveStreamResource(handle), STATUS_SUCCESS);
    EXPECT_EQ(manager->RemoveStreamResource(handle), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.lastReason("IPortClsStreamResourceManager::RemoveStreamResource"),
              "already removed");
    EXPECT_EQ(m.count(VerifierRule::ResourceRemovedTwice), 1u);
}

TEST_F(StreamResourceValidation, CallAbovePassiveIsAVerifierViolation) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE handle = nullptr;
    KIRQL old;
    m.kernel().KeRaiseIrql(DISPATCH_LEVEL, &old);
    manager->AddStreamResource2(&m.system.pdo(), nullptr, &d, &handle);
    manager->RemoveStreamResource(handle);
    m.kernel().KeLowerIrql(old);
    EXPECT_EQ(m.count(VerifierRule::WrongIrql), 2u);
    for (const Violation& v : m.system.verifier().violations()) {
        EXPECT_EQ(v.rule, VerifierRule::WrongIrql);
        EXPECT_NE(v.message.find("DISPATCH_LEVEL"), std::string::npos) << v.message;
    }
}

TEST_F(StreamResourceValidation, FreeFunctionsCheckTheSameAndFindTheRegistryByHandle) {
    PCSTREAMRESOURCE_DESCRIPTOR d = m.threadDescriptor(thread);
    PCSTREAMRESOURCE handle = nullptr;
    ASSERT_EQ(PcAddStreamResource(m.kernel(), &m.system.pdo(), nullptr, &d, &handle),
              STATUS_SUCCESS);
    EXPECT_TRUE(m.registry().isRegistered(thread));
    EXPECT_EQ(PcRemoveStreamResource(m.kernel(), handle), STATUS_SUCCESS);
    EXPECT_EQ(PcRemoveStreamResource(m.kernel(), handle), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.lastReason("PcRemoveStreamResource"), "already removed");

    DEVICE_OBJECT stray;  // a PDO no PortCls device sits on
    PCSTREAMRESOURCE_DESCRIPTOR e = m.threadDescriptor(thread);
    e.Pdo = &stray;
    EXPECT_EQ(PcAddStreamResource(m.kernel(), &stray, nullptr, &e, &handle),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.lastReason("PcAddStreamResource"), "no PortCls device on PDO");
    EXPECT_EQ(PcAddStreamResource(m.kernel(), nullptr, nullptr, &e, &handle),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.lastReason("PcAddStreamResource"), "missing PDO");
    d.Flags = 2;
    EXPECT_EQ(PcAddStreamResource(m.kernel(), &m.system.pdo(), nullptr, &d, &handle),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(m.lastReason("PcAddStreamResource"), "non-zero Flags");
    EXPECT_EQ(m.registry().registeredCount(), before);
}

}  // namespace
}  // namespace ps
