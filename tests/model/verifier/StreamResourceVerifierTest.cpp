// The stream resource rules, each triggered by the miniport bug switch made
// for it, and a careful run through a power cycle and removal that triggers
// none.
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/portcls/PcStreamResource.h"
#include "model/scenario/WaveRtSystem.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

struct ResourceRun {
    explicit ResourceRun(WaveRtMiniportOptions miniport = {})
        : system([&] {
              WaveRtSystemConfig c;
              c.miniport = miniport;
              c.power.idleTimeoutNs = msToNs(10);
              c.power.fastExitLatencyMs = 5;
              return c;
          }()) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
    }
    std::size_t count(VerifierRule rule) { return system.verifier().count(rule); }
    void runFor(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }
    void powerCycle() {
        runFor(msToNs(11));  // idle -> D3
        EXPECT_EQ(system.portClsDevice().power().state(), PowerDeviceD3);
        system.portClsDevice().power().requestD0();
        runFor(msToNs(5));
        EXPECT_EQ(system.portClsDevice().power().state(), PowerDeviceD0);
    }

    WaveRtSystem system;
};

TEST(StreamResourceVerifier, CarefulMiniportTriggersNothing) {
    ResourceRun r;
    r.powerCycle();
    r.powerCycle();
    r.system.removeDevice();
    r.system.verifier().finish();
    EXPECT_EQ(r.system.verifier().total(), 0u);
    for (const Violation& v : r.system.verifier().violations()) {
        ADD_FAILURE() << verifierRuleInfo(v.rule).id << ": " << v.message;
    }
}

TEST(StreamResourceVerifier, ResourcesStillRegisteredWhenDeleted) {
    WaveRtMiniportOptions bugs;
    bugs.keepResourcesRegisteredAtDelete = true;
    ResourceRun r(bugs);
    r.system.removeDevice();
    // The interrupt disconnected and the thread ended while registered; the
    // registry's own report at removal names the same two and is not counted
    // again.
    EXPECT_EQ(r.count(VerifierRule::ResourceRegisteredAtDelete), 2u);
    EXPECT_EQ(r.system.verifier().total(), 2u);
}

TEST(StreamResourceVerifier, DeviceRemovedWithAResourceRegistered) {
    ResourceRun r;
    PETHREAD thread = nullptr;
    ASSERT_EQ(r.system.kernel().PsCreateSystemThread(
                  &thread, [](PVOID) {}, nullptr, "extra thread"),
              STATUS_SUCCESS);
    PCSTREAMRESOURCE_DESCRIPTOR d;
    PCSTREAMRESOURCE_DESCRIPTOR_INIT(&d);
    d.Pdo = &r.system.pdo();
    d.Type = ePcStreamResourceThread;
    d.Resource.Thread = thread;
    PCSTREAMRESOURCE handle = nullptr;
    ASSERT_EQ(PcAddStreamResource(r.system.kernel(), &r.system.pdo(), nullptr, &d, &handle),
              STATUS_SUCCESS);
    r.system.kernel().PsTerminateSystemThread(thread);
    EXPECT_EQ(r.count(VerifierRule::ResourceRegisteredAtDelete), 1u);
}

TEST(StreamResourceVerifier, HandleRemovedTwice) {
    WaveRtMiniportOptions bugs;
    bugs.removeStreamResourceTwice = true;
    ResourceRun r(bugs);
    r.powerCycle();  // D3 removes both handles, twice each
    EXPECT_EQ(r.count(VerifierRule::ResourceRemovedTwice), 2u);
    EXPECT_EQ(r.system.verifier().total(), 2u);
}

TEST(StreamResourceVerifier, CurrentThreadRegistered) {
    WaveRtMiniportOptions bugs;
    bugs.registerCurrentThread = true;
    ResourceRun r(bugs);
    EXPECT_EQ(r.count(VerifierRule::CurrentThreadRegistered), 1u);
    auto* miniport = static_cast<CMiniportWaveRtHda*>(r.system.port()->miniport());
    EXPECT_TRUE(r.system.portClsDevice().streamResources().isRegistered(
        r.system.kernel().PsGetCurrentThread()));
    EXPECT_FALSE(r.system.portClsDevice().streamResources().isRegistered(miniport->workerThread()));
    r.system.removeDevice();
    EXPECT_EQ(r.system.verifier().total(), 1u);
}

TEST(StreamResourceVerifier, RegisteredWhileInD3) {
    WaveRtMiniportOptions bugs;
    bugs.registerResourcesInD3 = true;
    ResourceRun r(bugs);
    r.runFor(msToNs(11));
    ASSERT_EQ(r.system.portClsDevice().power().state(), PowerDeviceD3);
    EXPECT_EQ(r.count(VerifierRule::ResourceRegisteredInD3), 1u);
    EXPECT_EQ(r.system.portClsDevice().streamResources().registeredCount(), 1u);
    r.system.removeDevice();
    EXPECT_EQ(r.system.verifier().total(), 1u);
}

TEST(StreamResourceVerifier, RuleIdsAreStable) {
    EXPECT_STREQ(verifierRuleInfo(VerifierRule::ResourceRegisteredAtDelete).id,
                 "resources.registered-at-delete");
    EXPECT_STREQ(verifierRuleInfo(VerifierRule::ResourceRemovedTwice).id,
                 "resources.removed-twice");
    EXPECT_STREQ(verifierRuleInfo(VerifierRule::CurrentThreadRegistered).id,
                 "resources.current-thread");
    EXPECT_STREQ(verifierRuleInfo(VerifierRule::ResourceRegisteredInD3).id,
                 "resources.registered-in-d3");
}

}  // namespace
}  // namespace ps
