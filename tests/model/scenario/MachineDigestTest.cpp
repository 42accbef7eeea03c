// The machine's TraceDigest over whole runs: its values are pinned (they are
// compared across versions, so how the digest is fed must not change them),
// they equal a digest fed one record at a time as a plain sink, and a tiny
// trace ring (records overwritten soon after they are stored) changes
// nothing.
#include "ScenarioRunFixture.h"

#include "model/sim/TraceDigest.h"

#include <string>

namespace ps::test {
namespace {

struct DigestOfRun {
    std::string hex;
    std::uint64_t records = 0;
    std::string sinkHex;  // a TraceDigest added as a sink right after construction
    std::uint64_t sinkRecords = 0;
    std::size_t findings = 0;
};

DigestOfRun digestOfRun(const ScenarioSpec& spec, std::size_t ringCapacity) {
    ScenarioRunHooks hooks;
    hooks.traceRingCapacity = ringCapacity;
    TraceDigest sink;  // outlives the run, whose teardown still records
    DigestOfRun result;
    {
        ScenarioRun run(spec, hooks);
        run.machine().tracer().addSink(&sink);
        EXPECT_EQ(run.start(), "");
        run.runToEnd();
        run.machine().tracer().removeSink(&sink);
        result.hex = run.machine().digest().hex();
        result.records = run.machine().digest().recordCount();
        result.findings = run.machine().verifier().total();
    }
    result.sinkHex = sink.hex();
    result.sinkRecords = sink.recordCount();
    return result;
}

ScenarioSpec bothStacksWithFindings() {
    ScenarioSpec spec = oneStream(StackKind::WaveRt, StreamDirection::Render, msToNs(400));
    spec.streams.push_back(toneStream(StackKind::WavePci, StreamDirection::Render));
    spec.wavepciMiniport.releaseOutOfOrder = true;
    spec.wavepciMiniport.positionGoesBackwards = true;
    spec.faults.push_back(
        FaultSpec{FaultKind::LateClient, 0, msToNs(100), msToNs(200), msToNs(25), 1});
    return spec;
}

void expectDigest(const ScenarioSpec& spec, const char* hex, std::uint64_t records,
                  std::size_t findings = 0) {
    for (const std::size_t capacity :
         {Tracer::kDefaultRingCapacity, std::size_t{1}, std::size_t{3}, std::size_t{100}}) {
        const DigestOfRun d = digestOfRun(spec, capacity);
        EXPECT_EQ(d.hex, hex) << "ring capacity " << capacity;
        EXPECT_EQ(d.records, records) << "ring capacity " << capacity;
        EXPECT_EQ(d.findings, findings) << "ring capacity " << capacity;
        // The plain sink was added after the machine was built, so it may
        // have missed records from construction; it sees the same ones from
        // then on, so equal counts mean equal digests.
        EXPECT_LE(d.sinkRecords, d.records);
        if (d.sinkRecords == d.records) {
            EXPECT_EQ(d.sinkHex, d.hex) << "ring capacity " << capacity;
        }
    }
}

TEST(MachineDigest, WavePciRenderIsPinned) {
    expectDigest(oneStream(StackKind::WavePci, StreamDirection::Render), "903fba7865226f8b", 5930);
}

TEST(MachineDigest, WaveRtRenderIsPinned) {
    expectDigest(oneStream(StackKind::WaveRt, StreamDirection::Render), "bfa1d4710d52566f", 4001);
}

TEST(MachineDigest, BothStacksWithFaultsAndFindingsArePinned) {
    expectDigest(bothStacksWithFindings(), "3d9451be9f25e298", 4191, 40);
}

}  // namespace
}  // namespace ps::test
