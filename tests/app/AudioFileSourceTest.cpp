#include "app/scenario/AudioFileSource.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <QTemporaryDir>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace ps {
namespace {

constexpr double kPi = 3.14159265358979323846;

class AudioFileSourceTest : public ::testing::Test {
  protected:
    std::string path(const char* name) const {
        return (m_dir.path() + QLatin1Char('/') + QLatin1String(name)).toStdString();
    }

    // Writes interleaved float samples with libsndfile in `format`.
    std::string write(const char* name, int format, int rateHz, int channels,
                      const std::vector<float>& samples) const {
        const std::string p = path(name);
        SF_INFO info = {};
        info.samplerate = rateHz;
        info.channels = channels;
        info.format = format;
        SNDFILE* file = sf_open(p.c_str(), SFM_WRITE, &info);
        EXPECT_NE(file, nullptr) << sf_strerror(nullptr);
        if (file != nullptr) {
            sf_writef_float(file, samples.data(),
                            static_cast<sf_count_t>(samples.size()) / channels);
            sf_close(file);
        }
        return p;
    }

    static std::vector<float> ramp(int frames, int channels) {
        std::vector<float> s(static_cast<std::size_t>(frames * channels));
        for (int f = 0; f < frames; ++f) {
            for (int c = 0; c < channels; ++c) {
                s[static_cast<std::size_t>(f * channels + c)] =
                    static_cast<float>((f % 200) - 100) / 128.0f * (c == 0 ? 1.0f : -0.5f);
            }
        }
        return s;
    }

    static std::vector<float> renderAll(SampleSource& source, std::int64_t first,
                                        std::size_t frames, int channels) {
        std::vector<float> out(frames * static_cast<std::size_t>(channels), 99.0f);
        source.render(first, out.data(), frames, channels);
        return out;
    }

    void expectReadsBack(int format, float tolerance) {
        const std::vector<float> in = ramp(1000, 2);
        const std::string p = write("x.wav", format, 48000, 2, in);
        std::string error;
        auto source = AudioFileSource::open(p, 48000, false, &error);
        ASSERT_NE(source, nullptr) << error;
        EXPECT_EQ(source->frames(), 1000);
        EXPECT_EQ(source->fileChannels(), 2);
        const std::vector<float> out = renderAll(*source, 0, 1000, 2);
        for (std::size_t i = 0; i < in.size(); ++i) {
            ASSERT_NEAR(out[i], in[i], tolerance) << "sample " << i;
        }
    }

    QTemporaryDir m_dir;
};

TEST_F(AudioFileSourceTest, Reads16BitPcm) {
    expectReadsBack(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1.0f / 32768);
}

TEST_F(AudioFileSourceTest, ReadsExtensible24BitPcm) {
    expectReadsBack(SF_FORMAT_WAVEX | SF_FORMAT_PCM_24, 1.0f / 8388608 * 2);
    // The file really is WAVE_FORMAT_EXTENSIBLE: wFormatTag 0xFFFE at byte 20.
    std::ifstream file(path("x.wav"), std::ios::binary);
    char header[22] = {};
    file.read(header, sizeof header);
    EXPECT_EQ(static_cast<unsigned char>(header[20]), 0xFE);
    EXPECT_EQ(static_cast<unsigned char>(header[21]), 0xFF);
}

TEST_F(AudioFileSourceTest, ReadsFloat) {
    expectReadsBack(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 0.0f);
}

TEST_F(AudioFileSourceTest, ResamplingKeepsTheTonesFrequency) {
    // One second of 1 kHz at 44.1 kHz, played at 48 kHz: still 1 kHz, so
    // 800 rising zero crossings in the middle 0.8 s.
    std::vector<float> tone(44100);
    for (std::size_t n = 0; n < tone.size(); ++n) {
        tone[n] = static_cast<float>(0.5 * std::sin(2 * kPi * 1000.0 * n / 44100.0));
    }
    const std::string p = write("tone.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 1, tone);
    std::string error;
    auto source = AudioFileSource::open(p, 48000, false, &error);
    ASSERT_NE(source, nullptr) << error;
    EXPECT_EQ(source->fileRateHz(), 44100);
    EXPECT_EQ(source->rateHz(), 48000);
    EXPECT_NEAR(static_cast<double>(source->frames()), 48000.0, 2.0);
    const std::vector<float> out = renderAll(*source, 4800, 38400, 1);
    int rising = 0;
    float peak = 0;
    for (std::size_t i = 1; i < out.size(); ++i) {
        rising += (out[i - 1] < 0 && out[i] >= 0) ? 1 : 0;
        peak = std::max(peak, std::fabs(out[i]));
    }
    EXPECT_NEAR(rising, 800, 1);
    EXPECT_NEAR(peak, 0.5f, 0.01f);
}

TEST_F(AudioFileSourceTest, MapsChannels) {
    const std::string mono =
        write("mono.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 1, {0.25f, -0.5f});
    std::string error;
    auto source = AudioFileSource::open(mono, 48000, false, &error);
    ASSERT_NE(source, nullptr) << error;
    EXPECT_EQ(renderAll(*source, 0, 2, 3),
              (std::vector<float>{0.25f, 0.25f, 0.25f, -0.5f, -0.5f, -0.5f}));

    const std::string three =
        write("three.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 3, {0.1f, 0.2f, 0.3f});
    source = AudioFileSource::open(three, 48000, false, &error);
    ASSERT_NE(source, nullptr) << error;
    EXPECT_EQ(renderAll(*source, 0, 1, 2), (std::vector<float>{0.1f, 0.2f}));  // extra dropped
    EXPECT_EQ(renderAll(*source, 0, 1, 4), (std::vector<float>{0.1f, 0.2f, 0.3f, 0.0f}));
}

TEST_F(AudioFileSourceTest, EndsInSilenceOrLoops) {
    const std::string p =
        write("short.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 1, {0.1f, 0.2f, 0.3f});
    std::string error;
    auto once = AudioFileSource::open(p, 48000, false, &error);
    ASSERT_NE(once, nullptr) << error;
    EXPECT_EQ(once->endFrame(), std::optional<std::int64_t>(3));
    EXPECT_EQ(renderAll(*once, 2, 3, 1), (std::vector<float>{0.3f, 0.0f, 0.0f}));

    SignalSpec signal;
    signal.kind = SignalKind::File;
    signal.filePath = p;
    signal.loop = true;
    auto looped = openAudioFileSource(signal, AudioFormat::pcm(48000, 1, 16), &error);
    ASSERT_NE(looped, nullptr) << error;
    EXPECT_EQ(looped->endFrame(), std::nullopt);
    EXPECT_EQ(renderAll(*looped, 2, 5, 1), (std::vector<float>{0.3f, 0.1f, 0.2f, 0.3f, 0.1f}));
    // Pure in the frame index: asking again gives the same samples.
    EXPECT_EQ(renderAll(*looped, 1000001, 2, 1), (std::vector<float>{0.3f, 0.1f}));
}

TEST_F(AudioFileSourceTest, RefusesATruncatedFileNamingIt) {
    const std::string p =
        write("cut.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, ramp(4800, 2));
    ASSERT_EQ(::truncate(p.c_str(), 10000), 0);
    std::string error;
    EXPECT_EQ(AudioFileSource::open(p, 48000, false, &error), nullptr);
    EXPECT_EQ(error, p + ": truncated: the data chunk declares 19200 bytes, the file holds 9956");
    std::string probeError;
    EXPECT_FALSE(probeAudioFile(p, nullptr, &probeError));
    EXPECT_EQ(probeError, error);
}

TEST_F(AudioFileSourceTest, RefusesATextFileNamingItAndTheReason) {
    const std::string p = path("notes.wav");
    std::ofstream(p) << "these are notes, not audio\n";
    std::string error;
    EXPECT_EQ(AudioFileSource::open(p, 48000, false, &error), nullptr);
    EXPECT_EQ(error, p + ": not a readable audio file (Format not recognised.)");
}

TEST_F(AudioFileSourceTest, RefusesMissingFilesAndDirectories) {
    std::string error;
    EXPECT_EQ(AudioFileSource::open(path("nope.wav"), 48000, false, &error), nullptr);
    EXPECT_EQ(error, path("nope.wav") + ": cannot open (No such file or directory)");
    EXPECT_FALSE(probeAudioFile(m_dir.path().toStdString(), nullptr, &error));
    EXPECT_EQ(error, m_dir.path().toStdString() + ": not a regular file");
}

TEST_F(AudioFileSourceTest, ProbeReportsTheHeader) {
    const std::string p =
        write("p.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 32000, 2, ramp(640, 2));
    AudioFileInfo info;
    std::string error;
    ASSERT_TRUE(probeAudioFile(p, &info, &error)) << error;
    EXPECT_EQ(info.frames, 640);
    EXPECT_EQ(info.rateHz, 32000);
    EXPECT_EQ(info.channels, 2);
    EXPECT_EQ(info.formatName, "FLAC (Free Lossless Audio Codec)");
}

}  // namespace
}  // namespace ps
