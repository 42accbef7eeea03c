// The change-format action on a running WaveRT stream, the audio engine's
// way: STOP, buffer given back, SetFormat, a new buffer, RUN; what the DAC
// plays afterwards is the tone in the new format.
#include "ScenarioRunFixture.h"

#include "model/client/PcmEncoding.h"
#include "tests/e2e/ToneAnalysis.h"

#include <cstring>
#include <string>

namespace ps::test {
namespace {

// Per stretch of blocks with one stamped format: the left channel, decoded
// in that format (underrun filler left out).
class FormatRecorder : public PcmSink {
  public:
    struct Stretch {
        AudioFormat format;
        std::vector<float> left;
        std::uint64_t underrunFrames = 0;
    };
    void onFrames(const PcmBlock& block) override {
        ASSERT_NE(block.format, nullptr);
        if (stretches.empty() || stretches.back().format != *block.format) {
            stretches.push_back({*block.format, {}, 0});
        }
        Stretch& s = stretches.back();
        if (block.underrun) {
            s.underrunFrames += block.frameCount;
            return;
        }
        for (std::size_t i = 0; i < block.frameCount; ++i) {
            s.left.push_back(decodeSample(s.format, block.bytes + i * block.bytesPerFrame));
        }
    }
    std::vector<Stretch> stretches;
};

ScenarioSpec renderWithChange(const AudioFormat& to) {
    ScenarioSpec spec = oneStream(StackKind::WaveRt, StreamDirection::Render);
    ActionSpec change;
    change.atNs = msToNs(400);
    change.kind = ActionKind::ChangeFormat;
    change.format = to;
    spec.actions.push_back(change);
    return spec;
}

// Index of the first record named `name` on stream 0 at or after `from`
// (with text field `field` equal to `value`, when given).
std::size_t indexOf(const RecordKeeper& keeper, const char* name, std::size_t from,
                    const char* field = nullptr, const char* value = nullptr) {
    for (std::size_t i = from; i < keeper.records.size(); ++i) {
        const TraceRecord& r = keeper.records[i];
        if (r.streamId != 0 || std::strcmp(r.name, name) != 0) {
            continue;
        }
        if (field == nullptr) {
            return i;
        }
        const TraceField* f = r.field(field);
        if (f != nullptr && f->kind == TraceValueKind::Text && std::strcmp(f->text, value) == 0) {
            return i;
        }
    }
    return keeper.records.size();
}

std::vector<TraceCategory> allCategories() {
    std::vector<TraceCategory> all;
    for (int c = 0; c < kTraceCategoryCount; ++c) {
        all.push_back(static_cast<TraceCategory>(c));
    }
    return all;
}

TEST(WaveRtChangeFormat, RunningStreamStopsReallocatesAndPlaysTheNewFormat) {
    const AudioFormat from = AudioFormat::pcm(48000, 2, 16);
    const AudioFormat to = AudioFormat::pcm(44100, 2, 24);
    ScenarioRun r(renderWithChange(to));
    RecordKeeper keeper(r.machine().tracer(), allCategories());
    FormatRecorder recorder;
    r.setRenderTap(0, &recorder);
    ASSERT_EQ(r.start(), "");
    const WaveRtClient& client = *r.waveRtClient(0);
    const ULONG oldRequestedBytes = client.requestedBufferBytes();
    r.advanceTo(msToNs(900));
    // Running again, with the event registered for the new buffer; the
    // request is the same buffer_ms in 44.1 kHz 24-bit frames (a multiple of
    // the notification count), and the buffer holds whole new frames.
    EXPECT_EQ(r.reports()[0].finalState, "KSSTATE_RUN");
    EXPECT_TRUE(client.eventRegistered());
    const std::uint64_t frames = std::uint64_t{44100} * client.config().bufferMs / 1000 / 2 * 2;
    EXPECT_EQ(client.requestedBufferBytes(), frames * to.bytesPerFrame());
    EXPECT_NE(client.requestedBufferBytes(), oldRequestedBytes);
    EXPECT_GE(client.bufferBytes(), client.requestedBufferBytes());
    EXPECT_EQ(client.bufferBytes() % to.bytesPerFrame(), 0u);
    r.runToEnd();

    const TraceRecord* action = keeper.find("change-format", 0);
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->status, STATUS_SUCCESS);

    // The engine's order: STOP (through PAUSE and ACQUIRE), the buffer
    // freed, SetFormat, a new buffer, RUN.
    const std::size_t begin = indexOf(keeper, "change format", 0);
    ASSERT_LT(begin, keeper.records.size());
    const std::size_t paused =
        indexOf(keeper, "IMiniportWaveRTStream::SetState", begin, "State", "KSSTATE_PAUSE");
    const std::size_t stopped =
        indexOf(keeper, "IMiniportWaveRTStream::SetState", begin, "State", "KSSTATE_STOP");
    const std::size_t freed =
        indexOf(keeper, "IMiniportWaveRTStreamNotification::FreeBufferWithNotification", begin);
    const std::size_t setFormat = indexOf(keeper, "IMiniportWaveRTStream::SetFormat", begin);
    const std::size_t allocated =
        indexOf(keeper, "IMiniportWaveRTStreamNotification::AllocateBufferWithNotification", begin);
    const std::size_t registered =
        indexOf(keeper, "IMiniportWaveRTStreamNotification::RegisterNotificationEvent", begin);
    const std::size_t running =
        indexOf(keeper, "IMiniportWaveRTStream::SetState", begin, "State", "KSSTATE_RUN");
    EXPECT_LT(paused, stopped);
    EXPECT_LT(stopped, freed);
    EXPECT_LT(freed, setFormat);
    EXPECT_LT(setFormat, allocated);
    EXPECT_LT(allocated, registered);
    EXPECT_LT(registered, running);
    EXPECT_LT(running, keeper.records.size());
    EXPECT_EQ(keeper.records[setFormat].status, STATUS_SUCCESS);

    // The client and the report are in the new format.
    EXPECT_EQ(client.format(), to);
    EXPECT_EQ(r.reports()[0].format, to);
    EXPECT_EQ(client.runIndex(), 2u);
    EXPECT_EQ(r.reports()[0].glitches, 0u);

    // The DAC played the 1 kHz tone in each format: no garbage after the change.
    ASSERT_EQ(recorder.stretches.size(), 2u);
    const FormatRecorder::Stretch& before = recorder.stretches[0];
    const FormatRecorder::Stretch& after = recorder.stretches[1];
    EXPECT_EQ(before.format, from);
    EXPECT_EQ(after.format, to);
    ASSERT_GT(before.left.size(), 48000u * 3 / 10);
    ASSERT_GT(after.left.size(), 44100u / 2);
    EXPECT_NEAR(tone::dominantFrequencyHz(before.left.data(), before.left.size(), 48000, 500, 2000),
                1000.0, 1.0);
    EXPECT_NEAR(tone::dominantFrequencyHz(after.left.data(), after.left.size(), 44100, 500, 2000),
                1000.0, 1.0);
    const tone::ToneFit fit = tone::fitTone(after.left.data(), after.left.size(), 44100, 1000.0);
    EXPECT_NEAR(fit.amplitude, 0.5, 0.01);
    EXPECT_GT(fit.snrDb, 60.0);
    expectNoViolations(r);
}

TEST(WaveRtChangeFormat, RefusedFormatResumesInTheOldFormat) {
    // 10 kHz is a valid PCM format the HD Audio miniport has no divider for.
    const AudioFormat from = AudioFormat::pcm(48000, 2, 16);
    ScenarioRun r(renderWithChange(AudioFormat::pcm(10000, 2, 16)));
    RecordKeeper keeper(r.machine().tracer(), allCategories());
    FormatRecorder recorder;
    r.setRenderTap(0, &recorder);
    ASSERT_EQ(r.start(), "");
    r.runToEnd();

    const TraceRecord* action = keeper.find("change-format", 0);
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->status, STATUS_NO_MATCH);
    const std::size_t begin = indexOf(keeper, "change format", 0);
    const std::size_t setFormat = indexOf(keeper, "IMiniportWaveRTStream::SetFormat", begin);
    ASSERT_LT(setFormat, keeper.records.size());
    EXPECT_EQ(keeper.records[setFormat].status, STATUS_NO_MATCH);
    const std::size_t refused = indexOf(keeper, "client error", setFormat, "What",
                                        "format refused, keeping the old format");
    const std::size_t allocated = indexOf(
        keeper, "IMiniportWaveRTStreamNotification::AllocateBufferWithNotification", setFormat);
    const std::size_t running =
        indexOf(keeper, "IMiniportWaveRTStream::SetState", setFormat, "State", "KSSTATE_RUN");
    EXPECT_LT(refused, allocated);
    EXPECT_LT(allocated, running);
    EXPECT_LT(running, keeper.records.size());

    const WaveRtClient& client = *r.waveRtClient(0);
    EXPECT_EQ(client.format(), from);
    EXPECT_EQ(r.reports()[0].format, from);
    EXPECT_EQ(r.reports()[0].finalState, "KSSTATE_RUN");
    EXPECT_EQ(client.runIndex(), 2u);
    // One format throughout, and the tone is still the tone.
    ASSERT_EQ(recorder.stretches.size(), 1u);
    const FormatRecorder::Stretch& all = recorder.stretches[0];
    EXPECT_NEAR(tone::dominantFrequencyHz(all.left.data(), all.left.size(), 48000, 500, 2000),
                1000.0, 1.0);
}

TEST(WaveRtChangeFormat, CaptureReadsTheNewFormat) {
    ScenarioSpec spec = oneStream(StackKind::WaveRt, StreamDirection::Capture);
    ActionSpec change;
    change.atNs = msToNs(400);
    change.kind = ActionKind::ChangeFormat;
    change.format = AudioFormat::pcm(44100, 2, 24);
    spec.actions.push_back(change);
    ScenarioRun r(spec);
    RecordKeeper keeper(r.machine().tracer(), allCategories());
    ASSERT_EQ(r.start(), "");
    r.runToEnd();
    const TraceRecord* action = keeper.find("change-format", 0);
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->status, STATUS_SUCCESS);
    const WaveRtClient& client = *r.waveRtClient(0);
    EXPECT_EQ(client.format(), change.format);
    EXPECT_EQ(client.bufferBytes() % change.format.bytesPerFrame(), 0u);
    EXPECT_GE(client.bufferBytes(), client.requestedBufferBytes());
    EXPECT_EQ(client.runIndex(), 2u);
    EXPECT_EQ(r.reports()[0].finalState, "KSSTATE_RUN");
    // 0.4 s at 48 kHz, then about 0.6 s at 44.1 kHz, read without overflow.
    EXPECT_GT(client.counters().framesRead, 19200u + 26460u - 3000u);
    EXPECT_EQ(client.counters().overflows, 0u);
    expectNoViolations(r);
}

}  // namespace
}  // namespace ps::test
