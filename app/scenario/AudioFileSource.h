// AudioFileSource: a SampleSource over an audio file (WAV including
// WAVE_FORMAT_EXTENSIBLE, FLAC, Ogg Vorbis, and whatever else libsndfile
// reads), for the "file" signal of a scenario stream.
//
// The file is decoded completely when the source is opened, converted to the
// stream's rate with libsoxr when the rates differ, and kept in memory as
// normalized float frames, so render() is a pure function of the frame index
// (SampleSource's contract) and looping is exact. Files are limited to
// kMaxAudioFileSamples samples after resampling (about 23 minutes of 48 kHz
// stereo).
//
// Channels: a mono file feeds every output channel; otherwise output channel
// c takes file channel c, extra file channels are dropped and missing ones
// are silent.
//
// Without looping, frames past the end render as silence and endFrame() is
// the frame count; with looping frame n is frame n % frames() and the source
// is endless.
//
// Errors (open and probe): a message naming the file and the reason, e.g.
// "/tmp/x.wav: not a readable audio file (Format not recognised.)" or
// "/tmp/x.wav: truncated: the data chunk declares 19200 bytes, the file holds
// 9956". Simulation thread only (like every SampleSource).
#pragma once

#include "model/client/SampleSource.h"
#include "model/ks/AudioFormat.h"
#include "model/scenario/ScenarioSpec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ps {

constexpr std::int64_t kMaxAudioFileSamples = 128LL * 1024 * 1024;

// What probeAudioFile() learns from a file's header.
struct AudioFileInfo {
    std::int64_t frames = 0;
    std::int64_t rateHz = 0;
    int channels = 0;
    std::string formatName;  // libsndfile's major format name, e.g. "WAV (Microsoft)"
};

// Opens the file's header only: true and *info when libsndfile can read it as
// audio with at least one channel, a positive rate and no sign of
// truncation; false and *error otherwise. Refuses what is not a regular file
// (a directory, a FIFO) without opening it.
bool probeAudioFile(const std::string& path, AudioFileInfo* info, std::string* error);

class AudioFileSource final : public SampleSource {
  public:
    // Decodes `path`, resampled to rateHz (> 0). nullptr and *error on failure.
    static std::unique_ptr<AudioFileSource> open(const std::string& path, std::int64_t rateHz,
                                                 bool loop, std::string* error);

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;
    std::optional<std::int64_t> endFrame() const override;

    // Frames of decoded (and resampled) audio, at rateHz().
    std::int64_t frames() const { return m_frames; }
    std::int64_t rateHz() const { return m_rateHz; }
    int fileChannels() const { return m_channels; }
    std::int64_t fileRateHz() const { return m_fileRateHz; }
    bool loops() const { return m_loop; }

  private:
    AudioFileSource() = default;

    std::vector<float> m_samples;  // m_frames * m_channels, interleaved
    std::int64_t m_frames = 0;
    std::int64_t m_rateHz = 0;
    std::int64_t m_fileRateHz = 0;
    int m_channels = 0;
    bool m_loop = false;
};

// The factory ScenarioRun calls for a SignalKind::File stream: the file of
// signal.filePath at format.rateHz, looping when signal.loop. nullptr and
// *error (naming the file and the reason) on failure.
std::unique_ptr<SampleSource> openAudioFileSource(const SignalSpec& signal,
                                                  const AudioFormat& format, std::string* error);

}  // namespace ps
