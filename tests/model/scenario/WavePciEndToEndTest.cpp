// The WavePci stack end to end: client -> port -> miniport -> AC'97 model ->
// DAC, and back for capture, checked byte for byte.
#include "WavePciHarness.h"

#include "model/client/SineSource.h"
#include "model/client/WhiteNoiseSource.h"

namespace ps {
namespace {

struct FormatCase {
    const char* name;
    AudioFormat format;
};

AudioFormat pcm(DWORD rate, WORD channels, WORD bits, bool extensible = false) {
    AudioFormat f;
    f.rateHz = rate;
    f.channels = channels;
    f.containerBits = bits;
    f.validBits = bits;
    f.sampleType = SampleType::Pcm;
    f.extensible = extensible;
    f.channelMask = 0;
    return f;
}

std::vector<FormatCase> formatMatrix() {
    AudioFormat flt = pcm(48000, 2, 32);
    flt.sampleType = SampleType::Float;
    AudioFormat valid20 = pcm(96000, 2, 24, true);
    valid20.validBits = 20;
    return {
        {"pcm8_mono_8k", pcm(8000, 1, 8)},
        {"pcm8_stereo_11k", pcm(11025, 2, 8)},
        {"pcm16_mono_22k", pcm(22050, 1, 16)},
        {"pcm16_stereo_44k", pcm(44100, 2, 16)},
        {"pcm16_quad_48k", pcm(48000, 4, 16, true)},
        {"pcm24_mono_48k", pcm(48000, 1, 24)},
        {"pcm24_6ch_96k", pcm(96000, 6, 24, true)},
        {"pcm20in24_stereo_96k", valid20},
        {"pcm32_8ch_192k", pcm(192000, 8, 32, true)},
        {"pcm32_3ch_44k", pcm(44100, 3, 32, true)},
        {"float_stereo_48k", flt},
        {"pcm16_7ch_192k", pcm(192000, 7, 16, true)},
    };
}

class WavePciRenderFormats : public ::testing::TestWithParam<FormatCase> {};

// Every byte the client submits reaches the DAC exactly once and in order.
TEST_P(WavePciRenderFormats, EverySubmittedByteReachesTheDacOnceAndInOrder) {
    const AudioFormat format = GetParam().format;
    WavePciRenderRun run(format);
    WhiteNoiseSource noise(42, 0.8);
    const std::int64_t frames = format.rateHz / 5 + 37;  // 200 ms and an odd tail
    FiniteSource source(noise, frames);
    run.clientConfig.stopAtEndOfData = true;
    run.makeClient(&source);
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(400));

    const auto expected = run.expected(noise, 0, frames);
    ASSERT_EQ(run.dac.bytes.size(), expected.size())
        << "played " << run.dac.bytes.size() / format.bytesPerFrame() << " of " << frames
        << " frames";
    std::size_t firstDiff = 0;
    while (firstDiff < expected.size() && firstDiff < run.dac.bytes.size() &&
           run.dac.bytes[firstDiff] == expected[firstDiff]) {
        ++firstDiff;
    }
    EXPECT_EQ(firstDiff, expected.size()) << "the DAC output differs from the source at byte "
                                          << firstDiff << " of " << expected.size();
    EXPECT_EQ(run.client->counters().framesCompleted, static_cast<std::uint64_t>(frames));
    EXPECT_GT(run.dac.underrunFrames, 0) << "after the last packet the engine runs dry";

    // Frames straddled page boundaries: some mapping ends mid-frame.
    bool splitFrame = false;
    for (const TraceRecord& r : run.ddi.records) {
        if (std::strcmp(r.name, "IPortWavePciStream::GetMapping") == 0 && r.status == 0 &&
            fieldU(r, "Flags") == 0 && fieldU(r, "ByteCount") % format.bytesPerFrame() != 0) {
            splitFrame = true;
        }
    }
    if (format.bytesPerFrame() > 1 && 4096 % format.bytesPerFrame() != 0) {
        std::string counts;
        for (const TraceRecord& r : run.ddi.records) {
            if (std::strcmp(r.name, "IPortWavePciStream::GetMapping") == 0 && r.status == 0 &&
                counts.size() < 200) {
                counts += std::to_string(fieldU(r, "ByteCount")) + "/" +
                          std::to_string(fieldU(r, "Flags")) + " ";
            }
        }
        EXPECT_TRUE(splitFrame) << "expected a mapping that splits a frame across pages: "
                                << counts;
    }
    expectEveryTagEndedOnce(accountTags(run.ddi, 1));
    EXPECT_EQ(run.system.verifier().total(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Formats, WavePciRenderFormats, ::testing::ValuesIn(formatMatrix()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(WavePciEndToEnd, PauseAndResumeLoseAndRepeatNothing) {
    const AudioFormat format = pcm(48000, 2, 16);
    WavePciRenderRun run(format);
    SineSource sine(997.0, 0.5, 48000);
    const std::int64_t frames = 48000 / 2;
    FiniteSource source(sine, frames);
    run.clientConfig.stopAtEndOfData = true;
    run.makeClient(&source);
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(103));
    ASSERT_EQ(run.client->pause(), STATUS_SUCCESS);
    const std::size_t playedAtPause = run.dac.bytes.size();
    run.runFor(msToNs(200));
    EXPECT_EQ(run.dac.bytes.size(), playedAtPause) << "nothing plays while paused";
    EXPECT_EQ(run.dac.underrunFrames, 0) << "a paused DAC does not underrun";
    ASSERT_EQ(run.client->resume(), STATUS_SUCCESS);
    run.runFor(msToNs(600));
    EXPECT_TRUE(run.dac.bytes == run.expected(sine, 0, frames));
    EXPECT_EQ(run.system.verifier().total(), 0u);
}

TEST(WavePciEndToEnd, StopThenRestartPlaysAPrefixOfRunOneThenAllOfRunTwo) {
    const AudioFormat format = pcm(44100, 2, 16);
    WavePciRenderRun run(format);
    WhiteNoiseSource noise(7, 0.5);
    run.makeClient(&noise);
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(157));
    ASSERT_EQ(run.client->stop(), STATUS_SUCCESS);
    run.runFor(msToNs(20));
    EXPECT_EQ(run.pin->mappingQueue().heldCount(), 0u) << "STOP revoked every held mapping";
    EXPECT_EQ(run.pin->pendingPacketCount(), 0u) << "every packet came back";
    const std::size_t runOneBytes = run.dac.bytes.size();
    const auto runOneExpected = run.expected(noise, 0, runOneBytes / format.bytesPerFrame());
    EXPECT_TRUE(std::vector<std::uint8_t>(run.dac.bytes.begin(), run.dac.bytes.end()) ==
                runOneExpected)
        << "run one is a prefix of the submitted data, no gaps, no repeats";

    const std::int64_t restartFrame = run.client->nextFrame();
    const TimeNs restartNs = run.system.scheduler().now();
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(200));
    ASSERT_EQ(run.client->stop(), STATUS_SUCCESS);
    run.runFor(msToNs(20));
    const std::size_t splitAt = run.dac.bytesBefore(restartNs);
    EXPECT_EQ(splitAt, runOneBytes);
    const std::vector<std::uint8_t> runTwo(
        run.dac.bytes.begin() + static_cast<std::ptrdiff_t>(splitAt), run.dac.bytes.end());
    ASSERT_GT(runTwo.size(), 0u);
    EXPECT_TRUE(runTwo ==
                run.expected(noise, restartFrame,
                             static_cast<std::int64_t>(runTwo.size() / format.bytesPerFrame())));
    // Positions restarted at 0 with the second run.
    KSAUDIO_POSITION position{};
    EXPECT_EQ(run.pin->getPosition(&position), STATUS_SUCCESS);
    EXPECT_EQ(position.PlayOffset, 0u);
    expectEveryTagEndedOnce(accountTags(run.ddi, 1));
    EXPECT_EQ(run.system.verifier().total(), 0u);
}

TEST(WavePciEndToEnd, CancellingPacketsRevokesTheirMappingsAndPlaybackContinues) {
    const AudioFormat format = pcm(48000, 2, 16);
    WavePciRenderRun run(format);
    WhiteNoiseSource noise(11, 0.5);
    FiniteSource source(noise, 48000 / 2);
    run.clientConfig.stopAtEndOfData = true;
    run.makeClient(&source);
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(95));
    const std::size_t cancelled = run.client->cancelPackets();
    EXPECT_GT(cancelled, 0u);
    // Let the rest of the source play out completely before stopping, so that
    // no completed packet is cut off in the FIFO by the STOP.
    run.runFor(msToNs(700));
    ASSERT_TRUE(run.client->endOfData());
    ASSERT_EQ(run.client->stop(), STATUS_SUCCESS);
    run.runFor(msToNs(20));

    // Every packet came back exactly once; no client errors (double completions).
    const auto& c = run.client->counters();
    EXPECT_EQ(c.errors, 0u);
    EXPECT_EQ(c.packetsSubmitted, c.packetsCompleted + c.packetsCancelled + c.packetsFailed);
    EXPECT_GT(c.packetsCancelled, 0u);
    EXPECT_EQ(run.pin->mappingQueue().heldCount(), 0u);
    expectEveryTagEndedOnce(accountTags(run.ddi, 1));

    // The DAC played, in order: the completed packets whole, and of each
    // cancelled packet at most a prefix (what was fetched before the revoke).
    std::size_t at = 0;
    const std::size_t bpf = format.bytesPerFrame();
    for (const SubmittedPacket& p : run.client->packets()) {
        if (p.status == PacketStatus::SubmitFailed) {
            continue;
        }
        const auto data = run.expected(noise, p.firstFrame, p.frames);
        if (p.status == PacketStatus::Completed) {
            ASSERT_LE(at + data.size(), run.dac.bytes.size()) << "packet " << p.packetId;
            ASSERT_TRUE(std::equal(data.begin(), data.end(),
                                   run.dac.bytes.begin() + static_cast<std::ptrdiff_t>(at)))
                << "completed packet " << p.packetId << " was not played whole and in order";
            at += data.size();
        } else {
            std::size_t n = 0;
            while (n + bpf <= data.size() && at + n + bpf <= run.dac.bytes.size() &&
                   std::equal(data.begin() + static_cast<std::ptrdiff_t>(n),
                              data.begin() + static_cast<std::ptrdiff_t>(n + bpf),
                              run.dac.bytes.begin() + static_cast<std::ptrdiff_t>(at + n))) {
                n += bpf;
            }
            at += n;
        }
    }
    EXPECT_EQ(at, run.dac.bytes.size()) << "the DAC played something that was not submitted";
    EXPECT_EQ(run.system.verifier().total(), 0u);
}

TEST(WavePciEndToEnd, CaptureDeliversExactlyWhatTheAdcRecorded) {
    for (const AudioFormat& format :
         {pcm(48000, 2, 16), pcm(8000, 1, 8), pcm(96000, 6, 24, true), pcm(192000, 8, 32, true)}) {
        SCOPED_TRACE(format.describe());
        WavePciSystem system;
        ASSERT_EQ(system.start(), STATUS_SUCCESS);
        ComPtr<CPortPinWavePci> pin;
        ASSERT_EQ(system.openPin(1, format, 2, &pin), STATUS_SUCCESS);
        WhiteNoiseSource noise(5, 0.7);
        SourcePcmGenerator adc(noise, format);
        system.controller().setSource(ac97::Engine::PcmIn, &adc);
        RecordingCaptureSink sink;
        WavePciClientConfig config;
        config.direction = StreamDirection::Capture;
        config.streamId = 2;
        auto client =
            std::make_unique<WavePciClient>(system.kernel(), *pin, config, nullptr, &sink);
        ASSERT_EQ(client->start(), STATUS_SUCCESS);
        system.scheduler().runUntil(msToNs(333));
        ASSERT_EQ(client->stop(), STATUS_SUCCESS);
        system.scheduler().runUntil(msToNs(360));
        system.controller().syncAll();
        const auto state = system.controller().state(ac97::Engine::PcmIn);
        EXPECT_EQ(state.overrunFrames, 0u);
        ASSERT_GT(sink.frameCount(), format.rateHz / 4);
        EXPECT_TRUE(sink.bytes() ==
                    renderEncoded(noise, format, 0, static_cast<std::size_t>(sink.frameCount())))
            << "captured bytes differ from what the ADC produced";
        client->close();
        system.scheduler().runUntil(msToNs(400));
        client.reset();
        pin->close();
        system.controller().setSource(ac97::Engine::PcmIn, nullptr);
        EXPECT_EQ(system.verifier().total(), 0u);
    }
}

}  // namespace
}  // namespace ps
