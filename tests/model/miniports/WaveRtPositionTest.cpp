// Positions, registers, latency, state and format of a WaveRT stream on the
// HD Audio controller: GetPosition = LPIB (DDI.md §8, §19 row 5), the mapped
// position and clock registers (§8, §15.3; HARDWARE.md §2.2, §2.9),
// GetHWLatency (§15.2), STOP / PAUSE / RUN (§14) and SetFormat (§8).
#include "WaveRtFixture.h"

namespace ps::test {
namespace {

const AudioFormat kStereo48 = AudioFormat::pcm(48000, 2, 16);

class WaveRtPositionTest : public WaveRtFixture {
  protected:
    void open(const WaveRtMiniportOptions& options = {}, ULONG bytes = 8192, ULONG count = 2,
              const AudioFormat& format = kStereo48) {
        ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kHdaRtPinRender, false, format, &s), STATUS_SUCCESS);
        ASSERT_EQ(allocate(s, bytes, count), STATUS_SUCCESS);
    }
    ULONG lpib() { return readStreamRegister32(s, hda::SD_LPIB); }

    WaveRtOpenedStream s;
};

TEST_F(WaveRtPositionTest, PlayOffsetIsLpibAndStaysInsideTheBuffer) {
    open();
    EXPECT_EQ(position(s).PlayOffset, 0u);
    setState(s, KSSTATE_RUN);
    ULONGLONG previous = 0;
    unsigned wraps = 0;
    for (int i = 0; i < 200; ++i) {  // 200 x 0.7 ms: about three laps
        runFor(700'000);
        const KSAUDIO_POSITION p = position(s);
        EXPECT_EQ(p.PlayOffset, lpib());
        EXPECT_LT(p.PlayOffset, s.actualSize);
        EXPECT_EQ(p.WriteOffset, p.PlayOffset);  // sysvad (DDI.md §19 row 5)
        wraps += p.PlayOffset < previous ? 1 : 0;
        previous = p.PlayOffset;
    }
    EXPECT_EQ(wraps, 3u);
    // LPIB is the DMA position: ahead of the DAC by the FIFO level.
    const hda::HdaStreamState hw = hwState(s);
    EXPECT_EQ(hw.lpib, position(s).PlayOffset);
    EXPECT_LE((hw.lpib + s.actualSize - hw.linkPositionBytes) % s.actualSize, hw.fifoCapacityBytes);
}

TEST_F(WaveRtPositionTest, Ac97StyleWriteOffsetLeadsByEightFramesUnwrapped) {
    WaveRtMiniportOptions options;
    options.writeOffsetPolicy = WaveRtWriteOffsetPolicy::PlayPlusEightFrames;
    // 8 x 16-byte frames = 128 bytes: more than a 64-byte DMA burst, so LPIB
    // comes within the lead of the buffer's end.
    const AudioFormat eight = AudioFormat::extensiblePcm(48000, 8, 16, 16);
    open(options, 8192, 2, eight);
    setState(s, KSSTATE_RUN);
    bool sawUnwrapped = false;
    for (int i = 0; i < 400; ++i) {
        runFor(50'000);
        const KSAUDIO_POSITION p = position(s);
        EXPECT_EQ(p.WriteOffset, p.PlayOffset + 8 * eight.bytesPerFrame());
        sawUnwrapped = sawUnwrapped || p.WriteOffset >= s.actualSize;
    }
    EXPECT_TRUE(sawUnwrapped);
}

TEST_F(WaveRtPositionTest, ThePositionRegisterReadsLpibThroughItsMapping) {
    open();
    KSRTAUDIO_HWREGISTER reg{};
    ASSERT_EQ(s.stream->GetPositionRegister(&reg), STATUS_SUCCESS);
    EXPECT_NE(reg.Register, 0u);
    EXPECT_EQ(reg.Width, 32u);
    EXPECT_EQ(reg.Numerator, 0u);
    EXPECT_EQ(reg.Denominator, 0u);
    EXPECT_EQ(reg.Accuracy, 192u);  // SDnFIFOS + 1: the largest step LPIB takes
    setState(s, KSSTATE_RUN);
    for (int i = 0; i < 50; ++i) {
        runFor(900'000);
        const ULONG viaMapping = kernel.readMappedRegisterULONG(reg.Register);
        EXPECT_EQ(viaMapping, lpib());
        EXPECT_EQ(viaMapping, position(s).PlayOffset);
    }
    // It maps the LPIB alias page, which holds nothing else.
    std::vector<std::uint64_t> mapped;
    tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
        if (std::strcmp(r.name, "MmMapIoSpace") == 0) {
            mapped.push_back(r.field("PhysicalAddress")->u);
        }
    });
    ASSERT_EQ(mapped.size(), 1u);
    EXPECT_EQ(mapped[0], hdaConfig.mmioBase + hda::lpibAliasOffset(s.impl->descriptorIndex()));
    // The same VA on every call, unmapped when the stream goes.
    KSRTAUDIO_HWREGISTER again{};
    ASSERT_EQ(s.stream->GetPositionRegister(&again), STATUS_SUCCESS);
    EXPECT_EQ(again.Register, reg.Register);
    closeStream(s);
    EXPECT_EQ(kernel.readMappedRegisterULONG(reg.Register), 0xFFFFFFFFu);
    EXPECT_EQ(kernel.mappedRegisterFaults(), 1u);
}

TEST_F(WaveRtPositionTest, TheClockRegisterIsWalclkAt24MHz) {
    open();
    KSRTAUDIO_HWREGISTER reg{};
    ASSERT_EQ(s.stream->GetClockRegister(&reg), STATUS_SUCCESS);
    EXPECT_EQ(reg.Width, 32u);
    EXPECT_EQ(reg.Numerator, 24'000'000u);
    EXPECT_EQ(reg.Denominator, 1u);
    EXPECT_EQ(reg.Accuracy, 1u);
    EXPECT_DOUBLE_EQ(reg.frequencyHz(), 24e6);
    const ULONG t0 = kernel.readMappedRegisterULONG(reg.Register);
    EXPECT_EQ(t0, controller->wallClock());
    runFor(1'000 * kRtMs);
    const ULONG t1 = kernel.readMappedRegisterULONG(reg.Register);
    EXPECT_EQ(t1 - t0, 24'000'000u);  // exactly: both run on simulated time
    runFor(1'000'000);
    EXPECT_EQ(kernel.readMappedRegisterULONG(reg.Register) - t1, 24'000u);
}

TEST_F(WaveRtPositionTest, RegistersSwitchedOffAreNotSupported) {
    WaveRtMiniportOptions options;
    options.offerPositionRegister = false;
    options.offerClockRegister = false;
    open(options);
    KSRTAUDIO_HWREGISTER reg{};
    EXPECT_EQ(s.stream->GetPositionRegister(&reg), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(s.stream->GetClockRegister(&reg), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(kernel.mmioMappings().mappingCount(), 0u);
    // The client's fallback, GetPosition, still works.
    setState(s, KSSTATE_RUN);
    runFor(5 * kRtMs);
    EXPECT_GT(position(s).PlayOffset, 0u);
}

TEST_F(WaveRtPositionTest, HwLatencyIsTheFifoAndTheConfiguredCodecDelay) {
    WaveRtMiniportOptions options;
    options.codecDelay100ns = 250;
    open(options);
    KSRTAUDIO_HWLATENCY latency{};
    s.stream->GetHWLatency(&latency);
    EXPECT_EQ(latency.FifoSize, 192u);  // output SDnFIFOS 0xBF
    EXPECT_EQ(latency.ChipsetDelay, 0u);
    EXPECT_EQ(latency.CodecDelay, 250u);

    WaveRtOpenedStream capture;
    ASSERT_EQ(openStream(kHdaRtPinCapture, true, kStereo48, &capture), STATUS_SUCCESS);
    capture.stream->GetHWLatency(&latency);
    EXPECT_EQ(latency.FifoSize, 120u);  // input SDnFIFOS 0x77
}

TEST_F(WaveRtPositionTest, PauseFreezesLpibAndRunResumesFromThere) {
    open();
    fillBuffer(s, 9);
    setState(s, KSSTATE_RUN);
    runFor(10 * kRtMs);
    setState(s, KSSTATE_PAUSE);
    const ULONG frozen = lpib();
    const std::size_t played = dacOf(s).bytes.size();
    EXPECT_GT(frozen, 0u);
    runFor(20 * kRtMs);
    EXPECT_EQ(lpib(), frozen);
    EXPECT_EQ(position(s).PlayOffset, frozen);
    EXPECT_EQ(dacOf(s).bytes.size(), played);
    EXPECT_FALSE(hwState(s).running);
    setState(s, KSSTATE_ACQUIRE);
    EXPECT_EQ(lpib(), frozen);
    setState(s, KSSTATE_RUN);
    runFor(10 * kRtMs);
    EXPECT_NE(lpib(), frozen);
    // The DAC went on with the next byte of the buffer: nothing lost, nothing repeated.
    const std::vector<std::uint8_t>& bytes = dacOf(s).bytes;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        ASSERT_EQ(bytes[i], waveRtPatternByte(9, i % s.actualSize)) << i;
    }
}

TEST_F(WaveRtPositionTest, StopResetsThePositionToZero) {
    open();
    setState(s, KSSTATE_RUN);
    runFor(15 * kRtMs);
    EXPECT_GT(position(s).PlayOffset, 0u);
    setState(s, KSSTATE_STOP);
    EXPECT_EQ(position(s).PlayOffset, 0u);
    EXPECT_EQ(lpib(), 0u);
    // The descriptor is programmed again and starts over from 0.
    EXPECT_EQ(readStreamRegister32(s, hda::SD_CBL), s.actualSize);
    setState(s, KSSTATE_RUN);
    runFor(2 * kRtMs);
    const hda::HdaStreamState hw = hwState(s);
    EXPECT_TRUE(hw.running);
    EXPECT_EQ(hw.bytesFetched, position(s).PlayOffset);  // no lap yet since the reset
}

TEST_F(WaveRtPositionTest, SetFormatIsRefusedInRunAndChecksTheBuffer) {
    open();
    WaveRtDataFormat cd(AudioFormat::pcm(44100, 2, 16));
    setState(s, KSSTATE_RUN);
    EXPECT_EQ(s.stream->SetFormat(cd.get()), STATUS_INVALID_DEVICE_STATE);
    setState(s, KSSTATE_PAUSE);
    EXPECT_EQ(s.stream->SetFormat(cd.get()), STATUS_SUCCESS);
    EXPECT_EQ(hwState(s).rateHz, 44100u);
    EXPECT_EQ(s.impl->format().rateHz, 44100u);
    // 8192 bytes are not a whole number of 6-byte frames.
    WaveRtDataFormat threeChannels(AudioFormat::extensiblePcm(48000, 3, 16, 16));
    EXPECT_EQ(s.stream->SetFormat(threeChannels.get()), STATUS_NO_MATCH);
    WaveRtDataFormat floating(AudioFormat::ieeeFloat(48000, 2));
    EXPECT_EQ(s.stream->SetFormat(floating.get()), STATUS_NO_MATCH);
    EXPECT_EQ(s.stream->SetFormat(nullptr), STATUS_INVALID_PARAMETER);
    setState(s, KSSTATE_RUN);
    runFor(5 * kRtMs);
    EXPECT_TRUE(hwState(s).running);
}

TEST_F(WaveRtPositionTest, RunWithoutABufferIsNotReady) {
    ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
    ASSERT_EQ(openStream(kHdaRtPinRender, false, kStereo48, &s), STATUS_SUCCESS);
    EXPECT_EQ(s.stream->SetState(KSSTATE_ACQUIRE), STATUS_SUCCESS);
    EXPECT_EQ(s.stream->SetState(KSSTATE_PAUSE), STATUS_SUCCESS);
    EXPECT_EQ(s.stream->SetState(KSSTATE_RUN), STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(s.impl->ksState(), KSSTATE_PAUSE);
    KSAUDIO_POSITION p{1, 1};
    EXPECT_EQ(s.stream->GetPosition(&p), STATUS_SUCCESS);
    EXPECT_EQ(p.PlayOffset, 0u);
    EXPECT_EQ(p.WriteOffset, 0u);
    EXPECT_EQ(s.stream->GetPosition(nullptr), STATUS_INVALID_PARAMETER);
}

}  // namespace
}  // namespace ps::test
