// WavFileTap: blocks in, the same bytes back out of the WAV file through
// libsndfile, in each kind of format; errors are reported, never thrown.
#include "RecordedRuns.h"

#include "app/export/WavFileTap.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cstdio>
#include <cstring>
#include <random>

namespace ps {
namespace {

struct ReadBack {
    SF_INFO info{};
    std::vector<std::uint8_t> bytes;
};

ReadBack readWav(const std::string& path, std::uint32_t bytesPerFrame) {
    ReadBack r;
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &r.info);
    EXPECT_NE(f, nullptr) << sf_strerror(nullptr);
    if (f == nullptr) {
        return r;
    }
    r.bytes.resize(static_cast<std::size_t>(r.info.frames) * bytesPerFrame);
    EXPECT_EQ(sf_read_raw(f, r.bytes.data(), static_cast<sf_count_t>(r.bytes.size())),
              static_cast<sf_count_t>(r.bytes.size()));
    sf_close(f);
    return r;
}

std::uint16_t le16(const std::string& s, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) |
                                      static_cast<unsigned char>(s[at + 1]) << 8);
}
std::uint32_t le32(const std::string& s, std::size_t at) {
    return le16(s, at) | static_cast<std::uint32_t>(le16(s, at + 2)) << 16;
}

// Feeds frames in uneven blocks (one marked as underrun filler); returns what
// was fed.
std::vector<std::uint8_t> feed(WavFileTap& tap, const AudioFormat& format, std::size_t frames) {
    const std::uint32_t bpf = format.bytesPerFrame();
    std::vector<std::uint8_t> bytes(frames * bpf);
    std::mt19937 rng(7);
    if (format.sampleType == SampleType::Float) {
        std::uniform_real_distribution<float> d(-1.0f, 1.0f);
        for (std::size_t i = 0; i + 4 <= bytes.size(); i += 4) {
            const float v = d(rng);
            std::memcpy(&bytes[i], &v, 4);
        }
    } else {
        for (auto& b : bytes) {
            b = static_cast<std::uint8_t>(rng());
        }
        if (format.validBits < format.containerBits) {
            // Bits below the valid ones are zero in a real stream.
            const std::uint32_t padBits = format.containerBits - format.validBits;
            for (std::size_t i = 0; i < bytes.size(); i += format.containerBits / 8) {
                std::uint32_t sample = 0;
                std::memcpy(&sample, &bytes[i], format.containerBits / 8);
                sample &= ~((1u << padBits) - 1);
                std::memcpy(&bytes[i], &sample, format.containerBits / 8);
            }
        }
    }
    std::size_t done = 0;
    std::size_t block = 1;
    int blocks = 0;
    while (done < frames) {
        PcmBlock b;
        b.firstFrame = static_cast<std::int64_t>(done);
        b.frameCount = std::min(block, frames - done);
        b.bytesPerFrame = bpf;
        b.bytes = &bytes[done * bpf];
        b.underrun = ++blocks == 3;
        tap.onFrames(b);
        done += b.frameCount;
        block = block * 3 % 1000 + 1;
    }
    return bytes;
}

struct FormatCase {
    const char* name;
    AudioFormat format;
    int majorFormat;
    int subtype;
};

class WavFileTapFormats : public ::testing::TestWithParam<FormatCase> {};

TEST_P(WavFileTapFormats, FileHoldsExactlyTheFramesFedIn) {
    const FormatCase c = GetParam();
    const std::string path = tempPath(std::string(c.name) + ".wav");
    WavFileTap tap;
    ASSERT_TRUE(tap.open(path, c.format)) << tap.error();
    const std::size_t frames = 48000 + 123;  // several buffer flushes and a tail
    const auto fed = feed(tap, c.format, frames);
    ASSERT_TRUE(tap.close()) << tap.error();
    EXPECT_EQ(tap.framesWritten(), static_cast<std::int64_t>(frames));
    EXPECT_GT(tap.underrunFramesWritten(), 0);

    const ReadBack back = readWav(path, c.format.bytesPerFrame());
    EXPECT_EQ(back.info.samplerate, static_cast<int>(c.format.rateHz));
    EXPECT_EQ(back.info.channels, c.format.channels);
    EXPECT_EQ(back.info.format & SF_FORMAT_TYPEMASK, c.majorFormat);
    EXPECT_EQ(back.info.format & SF_FORMAT_SUBMASK, c.subtype);
    EXPECT_EQ(back.info.frames, static_cast<sf_count_t>(frames));
    EXPECT_TRUE(back.bytes == fed) << "the file's samples differ from the frames fed in";

    const std::string file = readFile(path);
    ASSERT_GT(file.size(), 64u);
    ASSERT_EQ(file.compare(12, 4, "fmt "), 0);
    const std::uint16_t tag = le16(file, 20);
    EXPECT_EQ(le16(file, 32), c.format.bytesPerFrame());  // nBlockAlign
    EXPECT_EQ(le16(file, 34), c.format.containerBits);    // wBitsPerSample
    if (c.majorFormat == SF_FORMAT_WAVEX) {
        EXPECT_EQ(tag, 0xFFFE);
        EXPECT_EQ(le16(file, 38), c.format.validBits);  // wValidBitsPerSample
        EXPECT_EQ(le32(file, 40), c.format.channelMask);
    } else {
        EXPECT_EQ(tag, c.format.sampleType == SampleType::Float ? 3 : 1);
    }
    std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(
    Formats, WavFileTapFormats,
    ::testing::Values(
        FormatCase{"pcm16_stereo", AudioFormat::pcm(48000, 2, 16), SF_FORMAT_WAV, SF_FORMAT_PCM_16},
        FormatCase{"pcm24in32_6ch_extensible", AudioFormat::extensiblePcm(96000, 6, 32, 24),
                   SF_FORMAT_WAVEX, SF_FORMAT_PCM_32},
        FormatCase{"float_stereo", AudioFormat::ieeeFloat(48000, 2), SF_FORMAT_WAV,
                   SF_FORMAT_FLOAT},
        FormatCase{"pcm8_mono", AudioFormat::pcm(8000, 1, 8), SF_FORMAT_WAV, SF_FORMAT_PCM_U8},
        FormatCase{"pcm24_stereo", AudioFormat::pcm(44100, 2, 24), SF_FORMAT_WAV, SF_FORMAT_PCM_24},
        FormatCase{"pcm16_quad_plain", AudioFormat::pcm(48000, 4, 16), SF_FORMAT_WAVEX,
                   SF_FORMAT_PCM_16},
        FormatCase{"float_8ch_extensible", AudioFormat::extensibleFloat(192000, 8), SF_FORMAT_WAVEX,
                   SF_FORMAT_FLOAT}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(WavFileTap, RecordsWhatARealWaveRtDacPlayed) {
    const std::string path = tempPath("dac.wav");
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    WavFileTap tap;
    ASSERT_TRUE(tap.open(path, format)) << tap.error();
    PcmRecorder recorder;
    PcmTee tee(tap, recorder);
    runWaveRtRender({}, &tee);
    ASSERT_TRUE(tap.close()) << tap.error();
    ASSERT_GT(recorder.frames, 48000 / 5);
    EXPECT_EQ(tap.framesWritten(), recorder.frames);
    const ReadBack back = readWav(path, format.bytesPerFrame());
    EXPECT_TRUE(back.bytes == recorder.bytes);
    std::remove(path.c_str());
}

TEST(WavFileTap, UnwritablePathIsAnError) {
    WavFileTap tap;
    EXPECT_FALSE(tap.open("/nonexistent-portscope-dir/out.wav", AudioFormat::pcm(48000, 2, 16)));
    EXPECT_NE(tap.error().find("/nonexistent-portscope-dir/out.wav: cannot create file"),
              std::string::npos)
        << tap.error();
    feed(tap, AudioFormat::pcm(48000, 2, 16), 100);  // dropped, no crash
    EXPECT_FALSE(tap.close());
}

TEST(WavFileTap, DiskFullIsAnError) {
    WavFileTap tap;
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    if (tap.open("/dev/full", format)) {
        feed(tap, format, 48000);
        EXPECT_FALSE(tap.close());
    }
    EXPECT_FALSE(tap.ok());
    EXPECT_NE(tap.error().find("/dev/full: "), std::string::npos) << tap.error();
}

TEST(WavFileTap, FormatsWavCannotHoldAreRefusedUpFront) {
    WavFileTap tap;
    AudioFormat odd = AudioFormat::pcm(48000, 2, 16);
    odd.containerBits = 20;
    odd.validBits = 20;
    EXPECT_FALSE(tap.open(tempPath("never.wav"), odd));
    EXPECT_NE(tap.error().find("20-bit PCM samples cannot be stored"), std::string::npos)
        << tap.error();
    AudioFormat none = AudioFormat::pcm(48000, 0, 16);
    EXPECT_FALSE(tap.open(tempPath("never.wav"), none));
    EXPECT_NE(tap.error().find("no channels"), std::string::npos) << tap.error();
}

TEST(WavFileTap, BlockOfAnotherFrameSizeIsAnError) {
    const std::string path = tempPath("mismatch.wav");
    WavFileTap tap;
    ASSERT_TRUE(tap.open(path, AudioFormat::pcm(48000, 2, 16)));
    std::uint8_t bytes[12] = {};
    PcmBlock b;
    b.frameCount = 2;
    b.bytesPerFrame = 6;
    b.bytes = bytes;
    tap.onFrames(b);
    EXPECT_FALSE(tap.close());
    EXPECT_NE(tap.error().find("a block of 6 bytes per frame for a file of 4"), std::string::npos)
        << tap.error();
    std::remove(path.c_str());
}

TEST(WavFileTap, PerStreamFileNames) {
    EXPECT_EQ(perStreamWavPath("out.wav", "1"), "out-1.wav");
    EXPECT_EQ(perStreamWavPath("dir/take.v1.WAV", "2"), "dir/take.v1-2.WAV");
    EXPECT_EQ(perStreamWavPath("out", "3"), "out-3.wav");
    EXPECT_EQ(perStreamWavPath("some.dir/out", "4"), "some.dir/out-4.wav");
    EXPECT_EQ(perStreamWavPath("./out.wav", "render"), "./out-render.wav");
}

}  // namespace
}  // namespace ps
