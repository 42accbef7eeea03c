// Frame layouts and rates from PS_FMT / PS_RATE: the length unit of a
// descriptor, frames split across descriptors, sample times at each rate, and
// the sample clock error.
#include "Ac97Fixture.h"

#include <numeric>

namespace ps::ac97::test {
namespace {

constexpr Engine kPO = Engine::PcmOut;
constexpr TimeNs kStartNs = usToNs(250);

struct FormatCase {
    const char* name;
    PcmFormatRegister format;
    std::uint32_t rateHz;
    std::vector<std::uint16_t> samples;  // per descriptor, in length units
};

std::ostream& operator<<(std::ostream& os, const FormatCase& c) {
    return os << c.name;
}

class Ac97Format : public Ac97Fixture, public ::testing::WithParamInterface<FormatCase> {};

TEST_P(Ac97Format, PlaysTheExactBytesAtTheConfiguredRate) {
    const FormatCase& c = GetParam();
    RecordingSink sink;
    ac97->setSink(kPO, &sink);
    writeFormat(kPO, c.format, c.rateHz);
    const std::uint32_t bpf = c.format.channels * c.format.bytesPerSample;
    const std::uint32_t bdl = allocPages();
    std::vector<std::uint8_t> expected;
    std::vector<std::uint32_t> ends;
    for (std::size_t i = 0; i < c.samples.size(); ++i) {
        const std::uint32_t bytes = c.samples[i] * c.format.lengthUnitBytes;
        const std::uint32_t address = allocScatteredPage();
        const auto data = fillPattern(address, bytes, static_cast<int>(i));
        expected.insert(expected.end(), data.begin(), data.end());
        ends.push_back(static_cast<std::uint32_t>(expected.size()));
        setDescriptor(bdl, static_cast<int>(i), address, c.samples[i], i + 1 == c.samples.size());
    }
    ASSERT_EQ(expected.size() % bpf, 0u) << "the test stream is whole frames";
    if (bpf > 1) {
        // Some frame straddles a descriptor boundary: the DAC reassembles it.
        ASSERT_TRUE(std::any_of(ends.begin(), ends.end() - 1,
                                [&](std::uint32_t e) { return e % bpf != 0; }));
    }
    const std::size_t frames = expected.size() / bpf;

    scheduler.runUntil(kStartNs);
    writeBdbar(kPO, bdl);
    writeLvi(kPO, static_cast<std::uint8_t>(c.samples.size() - 1));
    writeCr(kPO, CR_RPBM);
    EXPECT_EQ(picb(kPO), c.samples[0]) << "PICB counts length units";
    ASSERT_TRUE(scheduler.step());  // the first burst
    const std::uint32_t firstBurst = std::min<std::uint32_t>(64, ends[0]);
    if (firstBurst < ends[0]) {
        EXPECT_EQ(picb(kPO), (ends[0] - firstBurst) / c.format.lengthUnitBytes);
    } else {
        EXPECT_EQ(civ(kPO), 1);
        EXPECT_EQ(picb(kPO), c.samples[1]);
    }
    const TimeNs endNs = frameTime(kStartNs, c.rateHz, static_cast<std::int64_t>(frames) + 50);
    scheduler.runUntil(endNs);
    ac97->syncAll();

    EXPECT_EQ(sink.bytesPerFrame, bpf);
    ASSERT_GE(sink.frames(), frames + 50);
    EXPECT_EQ(sink.dataFrames(), frames);
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), sink.bytes.begin()));
    for (const auto& block : sink.blocks) {
        EXPECT_EQ(block.firstFrameTimeNs, frameTime(kStartNs, c.rateHz, block.firstFrame));
    }
    EXPECT_EQ(pcnt(kPO), static_cast<std::uint32_t>(sink.frames()));
    // No burst crosses a descriptor boundary; each descriptor is fetched whole.
    std::uint64_t fetched = 0;
    std::size_t d = 0;
    for (const auto& b : records(TraceCategory::Dma, "DMA burst")) {
        fetched += static_cast<std::uint64_t>(intField(b, "Bytes"));
        ASSERT_LE(fetched, ends[d]);
        if (fetched == ends[d]) {
            ++d;
        }
    }
    EXPECT_EQ(d, ends.size());
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, Ac97Format,
    ::testing::Values(FormatCase{"Mono8BitUnit1At8k", {1, 1, 1}, 8'000, {37, 100, 63}},
                      FormatCase{"Stereo16BitUnit2At44k1", {2, 2, 2}, 44'100, {3, 101, 50}},
                      FormatCase{"SixChannel24BitUnit1At48k", {6, 3, 1}, 48'000, {27, 999, 54}},
                      FormatCase{
                          "EightChannel32BitUnit4At192k", {8, 4, 4}, 192'000, {10, 250, 60}}),
    [](const ::testing::TestParamInfo<FormatCase>& info) { return info.param.name; });

// The buffer pointer is aligned to the length unit (Ac97Registers.h): any
// byte for a 1-byte unit, words for 2, dwords for 4.
struct AlignmentCase {
    PcmFormatRegister format;
    std::uint32_t offsetInPage;   // what the driver writes in dword 0
    std::uint32_t fetchedOffset;  // where the engine reads from
};

class Ac97PointerAlignment : public Ac97Fixture,
                             public ::testing::WithParamInterface<AlignmentCase> {};

TEST_P(Ac97PointerAlignment, BufferPointerIsAlignedToTheLengthUnit) {
    const AlignmentCase& c = GetParam();
    RecordingSink sink;
    ac97->setSink(kPO, &sink);
    writeFormat(kPO, c.format, 48'000);
    const std::uint32_t bdl = allocPages();
    const std::uint32_t page = allocPages();
    const auto data = fillPattern(page, 1024, 5);
    const std::uint32_t bpf = c.format.channels * c.format.bytesPerSample;
    const std::uint32_t bytes = 12 * bpf;
    setDescriptor(bdl, 0, page + c.offsetInPage,
                  static_cast<std::uint16_t>(bytes / c.format.lengthUnitBytes));
    writeBdbar(kPO, bdl);
    writeCr(kPO, CR_RPBM);
    scheduler.runUntil(msToNs(2));
    ac97->syncAll();
    auto fetches = records(TraceCategory::Dma, "descriptor fetch");
    ASSERT_EQ(fetches.size(), 1u);
    EXPECT_EQ(intField(fetches[0], "Address"), page + c.fetchedOffset);
    ASSERT_EQ(sink.dataFrames(), 12u);
    EXPECT_TRUE(
        std::equal(sink.bytes.begin(), sink.bytes.begin() + bytes, data.begin() + c.fetchedOffset));
}

INSTANTIATE_TEST_SUITE_P(Units, Ac97PointerAlignment,
                         ::testing::Values(AlignmentCase{{1, 3, 1}, 7, 7},
                                           AlignmentCase{{2, 2, 2}, 7, 6},
                                           AlignmentCase{{8, 4, 4}, 7, 4}));

class Ac97ClockError : public Ac97Fixture {
  protected:
    // Two descriptors of 65535 stereo 16-bit samples each in contiguous
    // buffers: 65535 frames, more than a second at 48 kHz.
    void startLongStream(std::int32_t ppm, PcmSink* sink) {
        Ac97Config c;
        c.sampleClockErrorPpm = ppm;
        create(c);
        ac97->setSink(kPO, sink);
        const std::uint32_t bdl = allocPages();
        for (int i = 0; i < 2; ++i) {
            const std::uint32_t buffer = allocPages(32);
            fillPattern(buffer, 131'070, i);
            setDescriptor(bdl, i, buffer, kBdlMaxSamples);
        }
        scheduler.runUntil(kStartNs);
        writeBdbar(kPO, bdl);
        writeLvi(kPO, 1);
        writeCr(kPO, CR_RPBM);
    }
};

TEST_F(Ac97ClockError, PlusHundredPpmPlays48004Point8FramesASecond) {
    RecordingSink sink;
    startLongStream(100, &sink);
    scheduler.runUntil(kStartNs + secondsToNs(1));
    EXPECT_EQ(pcnt(kPO), 48'005u) << "48004.8 frame periods fit in a second, plus frame 0";
    ac97->syncAll();
    EXPECT_EQ(sink.dataFrames(), 48'005u);
    const PeriodicClock fast(kStartNs, 1'000'000'000'000'000, 48'000LL * 1'000'100);
    for (const auto& block : sink.blocks) {
        EXPECT_EQ(block.firstFrameTimeNs, fast.dueTimeNs(block.firstFrame));
    }
    // No drift: 480048 periods are exactly ten seconds.
    scheduler.runUntil(kStartNs + secondsToNs(10) - 1);
    EXPECT_EQ(pcnt(kPO), 480'048u);
    scheduler.runUntil(kStartNs + secondsToNs(10));
    EXPECT_EQ(pcnt(kPO), 480'049u);
    EXPECT_EQ(ac97->state(kPO).underrunFrames, 480'049 - 65'535);
}

TEST_F(Ac97ClockError, MinusHundredPpmPlays47995Point2FramesASecond) {
    startLongStream(-100, nullptr);
    scheduler.runUntil(kStartNs + secondsToNs(1));
    EXPECT_EQ(pcnt(kPO), 47'996u);
    EXPECT_EQ(ac97->state(kPO).underrunFrames, 0);
}

}  // namespace
}  // namespace ps::ac97::test
