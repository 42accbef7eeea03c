// The verifier's WavePci tag bookkeeping over long runs: ended tags are
// remembered for the newest Verifier::kEndedTagMemory of them (a run of any
// length keeps bounded state), and DDI records are recognised by their
// name's text wherever the string lives.
#include "model/kernel/Irql.h"
#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"
#include "model/verifier/Verifier.h"

#include <gtest/gtest.h>

#include <string>

namespace ps {
namespace {

class TagRun {
  public:
    TagRun() : m_tracer(m_scheduler), m_verifier(m_tracer) {}

    void get(std::uint64_t tag, const char* name = "IPortWavePciStream::GetMapping") {
        m_tracer.record(TraceRecord(TraceCategory::DdiCall, "miniport", name, 1)
                            .addUInt("Tag", tag)
                            .addText("Irql", irqlName(DISPATCH_LEVEL))
                            .setStatus(0));
    }
    // A GetMapping whose IRQL text is irql (any string) after a field
    // before "Tag".
    void getAt(std::uint64_t tag, const char* irql) {
        m_tracer.record(
            TraceRecord(TraceCategory::DdiCall, "miniport", "IPortWavePciStream::GetMapping", 1)
                .addUInt("Attempt", 1)
                .addUInt("Tag", tag)
                .addText("Irql", irql)
                .setStatus(0));
    }
    void release(std::uint64_t tag, const char* name = "IPortWavePciStream::ReleaseMapping") {
        m_tracer.record(TraceRecord(TraceCategory::DdiCall, "miniport", name, 1)
                            .addUInt("Tag", tag)
                            .addText("Irql", irqlName(DISPATCH_LEVEL))
                            .setStatus(0));
    }
    std::size_t count(VerifierRule rule) const { return m_verifier.count(rule); }
    std::size_t total() const { return m_verifier.total(); }

  private:
    Scheduler m_scheduler;
    Tracer m_tracer;
    Verifier m_verifier;
};

TEST(VerifierEndedTags, RecentEndedTagsAreKnownOlderOnesAreForgotten) {
    TagRun run;
    const std::uint64_t tags = 3 * Verifier::kEndedTagMemory;
    for (std::uint64_t tag = 0; tag < tags; ++tag) {
        run.get(tag);
        run.release(tag);
    }
    EXPECT_EQ(run.total(), 0u);
    // Ended within the memory: a second release is a release of an ended tag.
    run.release(tags - 1);
    run.release(tags - Verifier::kEndedTagMemory);
    EXPECT_EQ(run.count(VerifierRule::ReleaseEndedTag), 2u);
    // Ended longer ago than that, or never handed out: unknown.
    run.release(0);
    run.release(tags + 100);
    EXPECT_EQ(run.count(VerifierRule::ReleaseUnknownTag), 2u);
    EXPECT_EQ(run.total(), 4u);
}

TEST(VerifierEndedTags, NamesAreRecognisedByTextNotAddress) {
    TagRun run;
    const std::string getName = "IPortWavePciStream::GetMapping";
    const std::string releaseName = "IPortWavePciStream::ReleaseMapping";
    run.get(7, getName.c_str());
    run.get(8);
    run.release(8, releaseName.c_str());  // 7 is older and still held
    EXPECT_EQ(run.count(VerifierRule::ReleaseOutOfOrder), 1u);
    run.release(8);
    EXPECT_EQ(run.count(VerifierRule::ReleaseEndedTag), 1u);
    run.release(7, releaseName.c_str());
    EXPECT_EQ(run.total(), 2u);
}

TEST(VerifierEndedTags, IrqlAndTagAreReadWhereverTheyLive) {
    TagRun run;
    // IRQL texts that are copies, not irqlName()'s own strings.
    const std::string dispatch = irqlName(DISPATCH_LEVEL);
    const std::string high = irqlName(HIGH_LEVEL);
    run.getAt(1, dispatch.c_str());
    EXPECT_EQ(run.total(), 0u);
    run.getAt(2, high.c_str());
    EXPECT_EQ(run.count(VerifierRule::WrongIrql), 1u);
    // Both tags were taken although "Tag" is not the first field.
    run.release(1);
    run.release(2);
    EXPECT_EQ(run.total(), 1u);
    run.release(2);
    EXPECT_EQ(run.count(VerifierRule::ReleaseEndedTag), 1u);
}

}  // namespace
}  // namespace ps
