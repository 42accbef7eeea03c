// A PcmSink that writes what a DAC plays to a WAV file, in the stream's own
// format, as the blocks arrive (through a 64 KiB buffer): the sample bytes
// are stored exactly as the DAC received them, underrun filler included, so
// the file is what the listener would have heard.
//
// Formats: 8-bit (unsigned), 16, 24 and 32-bit PCM, 32-bit and 64-bit IEEE
// float. The file is WAVE_FORMAT_EXTENSIBLE when the stream format is
// extensible, has more than two channels, or has fewer valid bits than its
// container; it then carries the stream's wValidBitsPerSample and
// dwChannelMask. libsndfile writes the file.
//
// Errors (format not storable, cannot create, disk full, a block in another
// frame size) never throw into the simulation: the first is kept in error(),
// later blocks are dropped, and the owner reports it after the run. close()
// finalizes the header; the destructor calls it.
#pragma once

#include "model/hw/PcmEndpoints.h"
#include "model/ks/AudioFormat.h"

#include <cstdint>
#include <string>
#include <vector>

struct sf_private_tag;

namespace ps {

class WavFileTap : public PcmSink {
  public:
    WavFileTap() = default;
    ~WavFileTap() override;
    WavFileTap(const WavFileTap&) = delete;
    WavFileTap& operator=(const WavFileTap&) = delete;

    // False (error() set) if the format cannot be stored or the file cannot
    // be created.
    bool open(const std::string& path, const AudioFormat& format);
    void onFrames(const PcmBlock& block) override;
    // Writes what is buffered and finalizes the file; false if anything since
    // open() failed. Idempotent.
    bool close();

    bool ok() const { return m_error.empty(); }
    // "<path>: <reason>", empty while ok().
    const std::string& error() const { return m_error; }
    std::int64_t framesWritten() const { return m_frames; }
    std::int64_t underrunFramesWritten() const { return m_underrunFrames; }

  private:
    void fail(const std::string& reason);
    void writeBuffered();
    void patchExtensibleHeader();

    sf_private_tag* m_file = nullptr;
    std::string m_path;
    AudioFormat m_format;
    bool m_extensible = false;
    std::vector<std::uint8_t> m_buffer;
    std::int64_t m_frames = 0;
    std::int64_t m_underrunFrames = 0;
    std::string m_error;
};

// True when a WAV file for this format must be WAVE_FORMAT_EXTENSIBLE.
bool wavNeedsExtensible(const AudioFormat& format);
// The libsndfile major|subtype for this format, or 0 with *whyNot set.
int wavFileFormat(const AudioFormat& format, std::string* whyNot);
// The file for one stream of a --wav FILE option: "out.wav" and "2" give
// "out-2.wav", "dir/take.v1.WAV" gives "dir/take.v1-2.WAV", "out" gives
// "out-2.wav" (only the last path component's extension counts).
std::string perStreamWavPath(const std::string& basePath, const std::string& streamLabel);

}  // namespace ps
