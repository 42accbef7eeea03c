// The WaveRT stack end to end: audio-engine client -> port -> miniport ->
// HD Audio model -> DAC, checked sample for sample.
#include "WavePciHarness.h"

#include "model/client/WaveRtClient.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/scenario/WaveRtSystem.h"

namespace ps {
namespace {

AudioFormat pcmFormat(DWORD rate, WORD channels, WORD bits, WORD validBits = 0) {
    AudioFormat f;
    f.rateHz = rate;
    f.channels = channels;
    f.containerBits = bits;
    f.validBits = validBits != 0 ? validBits : bits;
    f.extensible = channels > 2 || bits > 16;
    f.channelMask = 0;
    return f;
}

struct WaveRtRenderRun {
    WaveRtRenderRun(const AudioFormat& format, WaveRtClientConfig config)
        : format(format), noise(99, 0.6) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
        EXPECT_EQ(system.openPin(0, format, 1, &pin), STATUS_SUCCESS);
        for (unsigned k = 0; k < system.controller().config().outputStreams; ++k) {
            system.controller().setSink(system.controller().streamIndexOfOutput(k), &dac);
        }
        config.direction = StreamDirection::Render;
        config.streamId = 1;
        client = std::make_unique<WaveRtClient>(system.kernel(), *pin, config, &noise);
    }
    ~WaveRtRenderRun() {
        if (client) {
            client->close();
            client.reset();
        }
        if (pin) {
            pin->close();
        }
        for (unsigned k = 0; k < system.controller().config().outputStreams; ++k) {
            system.controller().setSink(system.controller().streamIndexOfOutput(k), nullptr);
        }
    }
    void runFor(TimeNs ns) {
        system.scheduler().runUntil(system.scheduler().now() + ns);
        system.controller().syncAll();
    }
    // The DAC played source frames 0.. in order, nothing else.
    void expectDacPlayedSourcePrefix(double minSeconds) {
        const std::size_t bpf = format.bytesPerFrame();
        ASSERT_EQ(dac.bytes.size() % bpf, 0u);
        const auto frames = static_cast<std::int64_t>(dac.bytes.size() / bpf);
        EXPECT_GE(frames, static_cast<std::int64_t>(minSeconds * format.rateHz));
        const auto expected = renderEncoded(noise, format, 0, static_cast<std::size_t>(frames));
        std::size_t firstDiff = 0;
        while (firstDiff < expected.size() && dac.bytes[firstDiff] == expected[firstDiff]) {
            ++firstDiff;
        }
        EXPECT_EQ(firstDiff, expected.size()) << "DAC output differs from the source at frame "
                                              << firstDiff / bpf << " of " << frames;
    }

    AudioFormat format;
    WaveRtSystem system;
    WhiteNoiseSource noise;
    ComPtr<CPortPinWaveRT> pin;
    DacRecorder dac;
    std::unique_ptr<WaveRtClient> client;
};

struct RenderCase {
    const char* name;
    AudioFormat format;
    WaveRtStreamingMode mode;
    ULONG notifications;
    std::uint32_t bufferMs;
};

class WaveRtRender : public ::testing::TestWithParam<RenderCase> {};

TEST_P(WaveRtRender, DacPlaysTheSourceSampleForSample) {
    const RenderCase c = GetParam();
    WaveRtClientConfig config;
    config.mode = c.mode;
    config.notificationCount = c.notifications;
    config.bufferMs = c.bufferMs;
    config.pollingPeriodNs = msToNs(std::max<std::uint32_t>(1, c.bufferMs / 4));
    config.writeAheadMs = std::max<std::uint32_t>(1, c.bufferMs / 2);
    WaveRtRenderRun run(c.format, config);
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(400));
    EXPECT_EQ(run.client->counters().underruns, 0u);
    run.expectDacPlayedSourcePrefix(0.35);
    EXPECT_EQ(run.dac.underrunFrames, 0);
    run.client->stop();
    run.client->close();
    run.system.verifier().finish();
    for (const Violation& v : run.system.verifier().violations()) {
        ADD_FAILURE() << verifierRuleInfo(v.rule).id << ": " << v.message;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Modes, WaveRtRender,
    ::testing::Values(RenderCase{"event1_48k_stereo16_20ms", pcmFormat(48000, 2, 16),
                                 WaveRtStreamingMode::Event, 1, 20},
                      RenderCase{"event2_48k_stereo16_10ms", pcmFormat(48000, 2, 16),
                                 WaveRtStreamingMode::Event, 2, 10},
                      RenderCase{"event2_44k_mono16_100ms", pcmFormat(44100, 1, 16),
                                 WaveRtStreamingMode::Event, 2, 100},
                      RenderCase{"event2_192k_8ch32_10ms", pcmFormat(192000, 8, 32),
                                 WaveRtStreamingMode::Event, 2, 10},
                      RenderCase{"event1_8k_mono8_50ms", pcmFormat(8000, 1, 8),
                                 WaveRtStreamingMode::Event, 1, 50},
                      RenderCase{"event2_96k_6ch24in32_20ms", pcmFormat(96000, 6, 32, 24),
                                 WaveRtStreamingMode::Event, 2, 20},
                      RenderCase{"polling_48k_stereo16_20ms", pcmFormat(48000, 2, 16),
                                 WaveRtStreamingMode::Polling, 0, 20},
                      RenderCase{"polling_44k_stereo16_200ms", pcmFormat(44100, 2, 16),
                                 WaveRtStreamingMode::Polling, 0, 200}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(WaveRtEndToEnd, ALateClientGlitchesExactlyAsOftenAsInjected) {
    WaveRtClientConfig config;
    config.bufferMs = 10;
    config.notificationCount = 2;
    // The miniport rounds the 10 ms request up to a page (4096 bytes, 21.3 ms;
    // packets of 10.7 ms). Wakeups 20 and 45 come 15 ms late, past the next
    // packet's deadline: each lets the device overtake the client once; every
    // other wakeup is on time.
    config.extraDelayNs = [](std::uint64_t wakeup) {
        return wakeup == 20 || wakeup == 45 ? msToNs(15) : TimeNs{0};
    };
    WaveRtRenderRun run(pcmFormat(48000, 2, 16), config);
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(600));
    EXPECT_EQ(run.client->counters().underruns, 2u);
    std::size_t glitchRecords = 0;
    run.system.tracer().ring().forEachFrom(0, [&](const TraceRecord& r) {
        glitchRecords += r.category == TraceCategory::Glitch && r.streamId == 1 &&
                         std::strcmp(r.name, "render underrun") == 0;
    });
    EXPECT_EQ(glitchRecords, 2u);
}

TEST(WaveRtEndToEnd, CaptureReturnsExactlyWhatTheAdcProduced) {
    for (const WaveRtStreamingMode mode :
         {WaveRtStreamingMode::Event, WaveRtStreamingMode::Polling}) {
        const AudioFormat format = pcmFormat(48000, 2, 16);
        WaveRtSystem system;
        ASSERT_EQ(system.start(), STATUS_SUCCESS);
        ComPtr<CPortPinWaveRT> pin;
        ASSERT_EQ(system.openPin(1, format, 2, &pin), STATUS_SUCCESS);
        WhiteNoiseSource noise(3, 0.7);
        SourcePcmGenerator adc(noise, format);
        for (unsigned k = 0; k < system.controller().config().inputStreams; ++k) {
            system.controller().setSource(system.controller().streamIndexOfInput(k), &adc);
        }
        RecordingCaptureSink sink;
        WaveRtClientConfig config;
        config.direction = StreamDirection::Capture;
        config.mode = mode;
        config.bufferMs = 20;
        config.streamId = 2;
        auto client = std::make_unique<WaveRtClient>(system.kernel(), *pin, config, nullptr, &sink);
        ASSERT_EQ(client->start(), STATUS_SUCCESS);
        system.scheduler().runUntil(msToNs(300));
        EXPECT_EQ(client->counters().overflows, 0u);
        ASSERT_GT(sink.frameCount(), 48000 / 4);
        EXPECT_TRUE(sink.bytes() ==
                    renderEncoded(noise, format, 0, static_cast<std::size_t>(sink.frameCount())))
            << "captured bytes differ from the ADC's";
        client->close();
        client.reset();
        pin->close();
        for (unsigned k = 0; k < system.controller().config().inputStreams; ++k) {
            system.controller().setSource(system.controller().streamIndexOfInput(k), nullptr);
        }
    }
}

TEST(WaveRtEndToEnd, ClockRegisterTicksAt24MHzAndPositionSourcesAgree) {
    WaveRtClientConfig config;
    config.bufferMs = 20;
    WaveRtRenderRun run(pcmFormat(48000, 2, 16), config);
    KSRTAUDIO_HWREGISTER clock{};
    ASSERT_EQ(run.pin->getClockRegister(&clock), STATUS_SUCCESS);
    EXPECT_EQ(clock.Numerator / std::max<ULONGLONG>(1, clock.Denominator), 24'000'000u);
    KSRTAUDIO_HWREGISTER position{};
    ASSERT_EQ(run.pin->getPositionRegister(&position), STATUS_SUCCESS);
    ASSERT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(100));
    const ULONG t0 = run.system.kernel().readMappedRegisterULONG(clock.Register);
    run.runFor(secondsToNs(1));
    const ULONG t1 = run.system.kernel().readMappedRegisterULONG(clock.Register);
    EXPECT_EQ(static_cast<ULONG>(t1 - t0), 24'000'000u);
    // GetPosition, the mapped position register and the FIFO-level gap agree.
    KSRTAUDIO_HWLATENCY latency{};
    ASSERT_EQ(run.pin->getHwLatency(&latency), STATUS_SUCCESS);
    for (int i = 0; i < 20; ++i) {
        run.runFor(usToNs(731));
        KSAUDIO_POSITION p{};
        ASSERT_EQ(run.pin->getPosition(&p), STATUS_SUCCESS);
        const ULONG reg = run.system.kernel().readMappedRegisterULONG(position.Register);
        EXPECT_EQ(p.PlayOffset, reg);
        EXPECT_LT(p.PlayOffset, run.pin->bufferBytes());
    }
}

}  // namespace
}  // namespace ps
