// The register and stream-resource parts of a snapshot: every modeled
// register of the stream's device with the value a driver would read, the
// client's position and clock registers, the resource registrations and the
// power state; and building them changes nothing in the run.
#include "model/scenario/ScenarioRun.h"
#include "model/snapshot/SnapshotBuilder.h"
#include "tests/model/session/SessionSpecs.h"

#include <gtest/gtest.h>

#include <cstring>

namespace ps {
namespace {

const RegisterSnapshot* find(const DeviceRegistersSnapshot& d, const char* name) {
    for (const RegisterSnapshot& r : d.registers) {
        if (std::strcmp(r.layout->name, name) == 0) {
            return &r;
        }
    }
    return nullptr;
}

std::uint64_t value(const DeviceRegistersSnapshot& d, const char* name) {
    const RegisterSnapshot* r = find(d, name);
    EXPECT_NE(r, nullptr) << name;
    return r != nullptr ? r->value : ~0ull;
}

// What a driver reads at `offset` (a real access: only for registers whose
// value does not depend on a converter sync).
std::uint32_t driverRead(IoDevice& device, const RegisterSnapshot& r) {
    return device.ioRead(r.offset, r.layout->widthBits == 24 ? 4u : r.layout->widthBits / 8u) &
           (r.layout->widthBits >= 32 ? 0xFFFFFFFFu : (1u << r.layout->widthBits) - 1u);
}

TEST(RegisterSnapshotTest, Ac97StreamListsItsEngineAndTheGlobals) {
    ScenarioRun run(test::mixedSessionSpec());
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(60));
    const auto snap = buildSessionSnapshot(run, nullptr, {});
    const DeviceRegistersSnapshot* d = snap->registersOf(0);
    ASSERT_NE(d, nullptr);
    EXPECT_FALSE(d->hda);
    EXPECT_EQ(d->deviceName, "AC'97 bus master, PO engine");
    EXPECT_TRUE(d->clientRegisters.empty());
    const char* names[] = {"BDBAR",  "CIV",     "LVI",     "SR",       "PICB",     "PIV", "CR",
                           "PS_FMT", "PS_RATE", "PS_PCNT", "GLOB_CNT", "GLOB_STA", "CAS"};
    ASSERT_EQ(d->registers.size(), std::size(names));
    for (std::size_t i = 0; i < std::size(names); ++i) {
        EXPECT_STREQ(d->registers[i].layout->name, names[i]);
        EXPECT_STREQ(d->registers[i].layout->device, "ac97");
    }
    EXPECT_EQ(find(*d, "CIV")->label, "PO CIV");
    EXPECT_EQ(find(*d, "CIV")->offset, 0x14u);
    EXPECT_EQ(find(*d, "GLOB_STA")->offset, 0x30u);
    EXPECT_EQ(find(*d, "PS_RATE")->offset, 0x54u);

    // The same numbers as the mapping-queue part, and the engine runs.
    const MappingQueueSnapshot& q = *snap->mappingQueueOf(0);
    EXPECT_EQ(value(*d, "BDBAR"), q.bdbar);
    EXPECT_EQ(value(*d, "CIV"), q.civ);
    EXPECT_EQ(value(*d, "LVI"), q.lvi);
    EXPECT_EQ(value(*d, "PICB"), q.picbSamples);
    EXPECT_EQ(value(*d, "SR"), q.sr);
    EXPECT_EQ(value(*d, "CR") & ac97::CR_RPBM, ac97::CR_RPBM);
    EXPECT_EQ(value(*d, "PS_RATE"), 48000u);
    EXPECT_NE(value(*d, "GLOB_STA") & 0x100u, 0u);  // primary codec ready

    // Registers a converter sync cannot change read the same through the I/O space.
    ac97::Ac97Controller& controller = run.wavePciAdapter(0).controller();
    for (const char* name : {"BDBAR", "LVI", "CR", "PS_FMT", "PS_RATE", "GLOB_CNT"}) {
        EXPECT_EQ(driverRead(controller, *find(*d, name)), value(*d, name)) << name;
    }
}

TEST(RegisterSnapshotTest, HdaStreamListsItsDescriptorTheGlobalsAndTheClientRegisters) {
    ScenarioRun run(test::mixedSessionSpec());
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(60));
    const auto snap = buildSessionSnapshot(run, nullptr, {});
    const DeviceRegistersSnapshot* d = snap->registersOf(1);
    ASSERT_NE(d, nullptr);
    EXPECT_TRUE(d->hda);
    const CyclicBufferSnapshot& b = *snap->cyclicBufferOf(1);
    const unsigned n = static_cast<unsigned>(b.descriptorIndex);
    EXPECT_EQ(d->deviceName, "HD Audio, stream descriptor " + std::to_string(n) + " (output)");
    EXPECT_EQ(d->registers.size(), 24u);
    EXPECT_EQ(find(*d, "SDLPIB")->label, "SD" + std::to_string(n) + " LPIB");
    EXPECT_EQ(find(*d, "SDLPIB")->offset, hda::streamOffset(n) + hda::SD_LPIB);
    EXPECT_EQ(value(*d, "SDLPIB"), b.lpibBytes);
    EXPECT_EQ(value(*d, "SDCBL"), b.bufferBytes);
    EXPECT_EQ(value(*d, "SDLVI") + 1, b.bdl.size());
    EXPECT_NE(value(*d, "SDCTL") & hda::SDCTL_RUN, 0u);
    EXPECT_EQ(describeRegister(*find(*d, "SDFMT")->layout, value(*d, "SDFMT")),
              "48000 Hz, 16 bit, 2 ch");
    EXPECT_NE(value(*d, "GCTL") & hda::GCTL_CRST, 0u);
    EXPECT_NE(value(*d, "INTCTL") & hda::INTCTL_GIE, 0u);

    hda::HdaController& controller = run.waveRtAdapter(0).controller();
    EXPECT_EQ(value(*d, "WALCLK"), controller.wallClock());
    for (const char* name : {"SDCTL", "SDCBL", "SDLVI", "SDFIFOS", "SDFMT", "SDBDPL", "SDBDPU",
                             "GCAP", "GCTL", "INTCTL", "DPLBASE", "WALCLK"}) {
        EXPECT_EQ(driverRead(controller, *find(*d, name)), value(*d, name)) << name;
    }

    // The client's registers: LPIB through its alias page, WALCLK at 24 MHz.
    ASSERT_EQ(d->clientRegisters.size(), 2u);
    const ClientRegisterSnapshot& position = d->clientRegisters[0];
    const ClientRegisterSnapshot& clock = d->clientRegisters[1];
    const WaveRtClient& client = *run.waveRtClient(1);
    EXPECT_FALSE(position.clock);
    EXPECT_EQ(position.available, client.usesPositionRegister());
    EXPECT_EQ(position.va, client.positionRegister().Register);
    EXPECT_EQ(position.accuracy, client.positionRegister().Accuracy);
    EXPECT_TRUE(clock.clock);
    EXPECT_EQ(clock.available, client.hasClockRegister());
    if (position.available) {
        EXPECT_EQ(position.widthBits, 32u);
        EXPECT_EQ(position.target, "SD" + std::to_string(n) + " LPIB (alias)");
        EXPECT_EQ(position.value, b.lpibBytes);
        EXPECT_EQ(position.frequencyHz, 0.0);
    }
    if (clock.available) {
        EXPECT_EQ(clock.target, "WALCLK");
        EXPECT_EQ(clock.numerator, 24'000'000u);
        EXPECT_EQ(clock.denominator, 1u);
        EXPECT_DOUBLE_EQ(clock.frequencyHz, 24e6);
        EXPECT_EQ(clock.value, controller.wallClock());
    }
}

TEST(RegisterSnapshotTest, FieldsDecodeByName) {
    const RegisterLayout* cr = findRegisterLayout("ac97", "CR");
    ASSERT_NE(cr, nullptr);
    EXPECT_EQ(describeRegister(*cr, 0x15), "RPBM LVBIE IOCE");
    EXPECT_EQ(describeRegister(*cr, 0), "none set");
    const RegisterLayout* ctl = findRegisterLayout("hda", "SDCTL");
    ASSERT_NE(ctl, nullptr);
    EXPECT_EQ(describeRegister(*ctl, 0x10001E), "RUN IOCE FEIE DEIE STRM=1");
    EXPECT_EQ(fieldBitsText(ctl->fields[8]), "[23:20]");
    EXPECT_EQ(fieldValue(ctl->fields[8], 0x30001E), 3u);
    EXPECT_EQ(findRegisterLayout("hda", "NOPE"), nullptr);
    EXPECT_EQ(findRegisterLayout(nullptr, "CR"), nullptr);
}

TEST(RegisterSnapshotTest, ResourcesListRegistrationsPowerAndTheOffer) {
    ScenarioRun run(test::mixedSessionSpec());
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(60));
    const StreamResourcesSnapshot r = buildStreamResources(run);
    EXPECT_EQ(r.osVersion, "windows-10-1511");
    EXPECT_EQ(
        r.offeredInterfaces,
        (std::vector<std::string>{"IPortClsStreamResourceManager", "IPortClsStreamResourceManager2",
                                  "PcAddStreamResource", "PcRemoveStreamResource"}));
    ASSERT_EQ(r.adapters.size(), run.wavePciAdapterCount() + run.waveRtAdapterCount());
    for (std::size_t i = 0; i < r.adapters.size(); ++i) {
        const AdapterResourcesSnapshot& a = r.adapters[i];
        PortClsDevice& device =
            i < run.wavePciAdapterCount()
                ? run.wavePciAdapter(i).portClsDevice()
                : run.waveRtAdapter(i - run.wavePciAdapterCount()).portClsDevice();
        EXPECT_EQ(a.powerState, "D0");
        EXPECT_EQ(a.exitLatency, pcExitLatencyName(device.power().exitLatency()));
        EXPECT_EQ(a.registeredNow, device.streamResources().registeredCount());
        ASSERT_EQ(a.registrations.size(), device.streamResources().entries().size());
        for (std::size_t k = 0; k < a.registrations.size(); ++k) {
            const StreamResourceRegistrationSnapshot& s = a.registrations[k];
            const StreamResourceRegistry::Entry& e = device.streamResources().entries()[k];
            EXPECT_EQ(s.handle, e.handle);
            EXPECT_EQ(s.owner, e.owner);
            EXPECT_FALSE(s.owner.empty());
            EXPECT_FALSE(s.method.empty());
            EXPECT_EQ(s.pdo, a.pdo);
            EXPECT_EQ(s.registeredAtNs, e.addedAtNs);
            EXPECT_EQ(s.removed, e.removed);
        }
    }
    // The HD Audio miniport registers its interrupt and its worker thread.
    const AdapterResourcesSnapshot& rt = r.adapters.back();
    ASSERT_GE(rt.registrations.size(), 2u);
    EXPECT_EQ(rt.registrations[0].type, "ePcStreamResourceInterrupt");
    EXPECT_EQ(rt.registrations[0].method, "IPortClsStreamResourceManager2::AddStreamResource2");
    EXPECT_EQ(rt.registrations[1].type, "ePcStreamResourceThread");
    EXPECT_EQ(rt.registrations[0].removedAtNs, -1);
}

TEST(RegisterSnapshotTest, BuildingRegistersAndResourcesLeavesTheRunUnchanged) {
    ScenarioRun plain(test::mixedSessionSpec());
    ScenarioRun watched(test::mixedSessionSpec());
    ASSERT_EQ(plain.start(), "");
    ASSERT_EQ(watched.start(), "");
    for (TimeNs t = 0; t <= msToNs(150); t += msToNs(1) / 3) {
        watched.advanceTo(t);
        for (std::size_t s = 0; s < watched.streamCount(); ++s) {
            buildDeviceRegisters(watched, s);
        }
        buildStreamResources(watched);
    }
    watched.advanceTo(msToNs(150));
    plain.advanceTo(msToNs(150));
    EXPECT_EQ(watched.machine().digest().hex(), plain.machine().digest().hex());
    EXPECT_EQ(watched.machine().tracer().recordCount(), plain.machine().tracer().recordCount());
    EXPECT_EQ(watched.waveRtAdapter(0).controller().registerReads(),
              plain.waveRtAdapter(0).controller().registerReads());
    EXPECT_EQ(watched.wavePciAdapter(0).controller().registerReads(),
              plain.wavePciAdapter(0).controller().registerReads());
}

}  // namespace
}  // namespace ps
