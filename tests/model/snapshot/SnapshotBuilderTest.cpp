#include "model/scenario/ScenarioRun.h"
#include "model/snapshot/SnapshotBuilder.h"
#include "tests/model/session/SessionSpecs.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

const StackNode* findNode(const StackNode& node, StackNode::Kind kind, int streamId = -1) {
    if (node.kind == kind && (streamId < 0 || node.streamId == streamId)) {
        return &node;
    }
    for (const StackNode& child : node.children) {
        if (const StackNode* found = findNode(child, kind, streamId)) {
            return found;
        }
    }
    return nullptr;
}

class SnapshotBuilderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        m_run = std::make_unique<ScenarioRun>(test::mixedSessionSpec());
        m_log = TraceLog::attachTo(m_run->machine().tracer());
        ASSERT_EQ(m_run->start(), "");
        m_run->advanceTo(msToNs(60));
    }
    void TearDown() override {
        m_run.reset();
        m_log.reset();
    }
    std::unique_ptr<TraceLog> m_log;  // outlives the run (its teardown traces)
    std::unique_ptr<ScenarioRun> m_run;
};

TEST_F(SnapshotBuilderTest, CarriesTheRunsNumbers) {
    SnapshotHeader header;
    header.generation = 42;
    header.scenarioName = "mixed";
    header.runState = SessionRunState::Live;
    header.speed = 2.0;
    const auto snap = buildSessionSnapshot(*m_run, m_log.get(), header);
    EXPECT_EQ(snap->generation, 42u);
    EXPECT_EQ(snap->scenarioName, "mixed");
    EXPECT_EQ(snap->runState, SessionRunState::Live);
    EXPECT_EQ(snap->simTimeNs, msToNs(60));
    EXPECT_EQ(snap->durationNs, msToNs(300));
    EXPECT_EQ(snap->eventsExecuted, m_run->machine().scheduler().executedCount());
    EXPECT_EQ(snap->traceRecords, m_run->machine().tracer().recordCount());
    EXPECT_EQ(snap->traceDigestHex, m_run->machine().digest().hex());
    EXPECT_EQ(snap->trace.endIndex(), snap->traceRecords);

    const std::vector<StreamReport> reports = m_run->reports();
    ASSERT_EQ(snap->streams.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const StreamSnapshot& s = snap->streams[i];
        EXPECT_EQ(s.streamId, i);
        EXPECT_EQ(s.name, reports[i].name);
        EXPECT_EQ(s.state, "KSSTATE_RUN");
        EXPECT_EQ(s.framesPlayed, reports[i].framesPlayed);
        EXPECT_EQ(s.framesSubmitted, reports[i].framesSubmitted);
        EXPECT_EQ(s.formatText, reports[i].format.describe());
    }
    EXPECT_GT(snap->streams[0].framesPlayed, 0u);
    EXPECT_GT(snap->streams[0].packetsInFlight, 0u);  // WavePci
    EXPECT_GT(snap->streams[1].bufferBytes, 0u);      // WaveRT
    EXPECT_GT(snap->streams[1].clientPositionBytes, 0u);
    EXPECT_GT(snap->streams[2].framesCaptured, 0u);
    EXPECT_EQ(snap->verifier.violations, m_run->machine().verifier().total());
}

TEST_F(SnapshotBuilderTest, StackTreeHasAdaptersPortsMiniportsFiltersPinsAndStreams) {
    const StackNode root = buildStackTree(*m_run);
    EXPECT_EQ(root.kind, StackNode::Kind::Machine);
    ASSERT_EQ(root.children.size(), m_run->wavePciAdapterCount() + m_run->waveRtAdapterCount());
    for (const StackNode& adapter : root.children) {
        EXPECT_EQ(adapter.kind, StackNode::Kind::Adapter);
        ASSERT_EQ(adapter.children.size(), 3u);
        EXPECT_EQ(adapter.children[0].kind, StackNode::Kind::Port);
        EXPECT_GT(adapter.children[0].refCount, 0);
        EXPECT_FALSE(adapter.children[0].interfaces.empty());
        EXPECT_EQ(adapter.children[1].kind, StackNode::Kind::Miniport);
        EXPECT_GT(adapter.children[1].refCount, 0);
        EXPECT_EQ(adapter.children[2].kind, StackNode::Kind::Filter);
        EXPECT_FALSE(adapter.children[2].children.empty());  // pins
    }
    EXPECT_EQ(root.children[0].children[0].name, "CPortWavePci");
    for (int s = 0; s < 3; ++s) {
        const StackNode* stream = findNode(root, StackNode::Kind::PortStream, s);
        ASSERT_NE(stream, nullptr) << s;
        EXPECT_NE(stream->detail.find("KSSTATE_RUN"), std::string::npos);
        EXPECT_GT(stream->refCount, 0);
        const StackNode* ms = findNode(*stream, StackNode::Kind::MiniportStream, s);
        ASSERT_NE(ms, nullptr);
        EXPECT_GT(ms->refCount, 0);
    }
    const StackNode* rtOut = findNode(root, StackNode::Kind::PortStream, 1);
    EXPECT_EQ(rtOut->interfaces, (std::vector<std::string>{"IUnknown", "IPortWaveRTStream"}));
    EXPECT_EQ(rtOut->refCount, static_cast<std::int64_t>(m_run->waveRtPin(1)->refCount()));
}

TEST_F(SnapshotBuilderTest, ASnapshotOutlivesItsRun) {
    const auto snap = buildSessionSnapshot(*m_run, m_log.get(), {});
    const std::uint64_t last = snap->trace.endIndex() - 1;
    const std::string before = toCanonicalString(snap->trace.at(last));
    m_run.reset();
    m_log.reset();
    EXPECT_EQ(toCanonicalString(snap->trace.at(last)), before);
    EXPECT_FALSE(snap->stack.children.empty());
}

}  // namespace
}  // namespace ps
