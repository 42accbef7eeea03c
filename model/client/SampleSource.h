// SampleSource: where a render client's audio comes from, addressed by frame.
//
// render(firstFrame, out, frames, channels) writes frames * channels normalized
// float samples (nominally -1..+1), interleaved with the channel fastest, for
// the frames [firstFrame, firstFrame + frames). Frame 0 is the first frame the
// source ever produces; firstFrame >= 0.
//
// Sources are pure functions of the frame index: asking for the same frame
// twice gives the same samples, whatever was asked in between, so a test can
// regenerate what a client submitted. The one exception is a source fed by a
// sequential provider (BlockProviderSource), which is pure only for requests
// whose firstFrame never decreases (see there).
//
// A source may also offer renderEncodedDirect(), a fast path that writes frames
// straight into the bytes of an AudioFormat: the bytes must be exactly what
// render() followed by encodeFrames() (PcmEncoding.h) gives for the same
// frames. The free function renderEncoded() (SourceRendering.h) uses it when
// it returns true and falls back to render + encode otherwise.
//
// Simulation thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace ps {

struct AudioFormat;

class SampleSource {
  public:
    virtual ~SampleSource() = default;

    virtual void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                        int channels) = 0;

    // For a finite source, the first frame past its data, once known (every
    // frame at or after it renders as silence); nullopt while unknown or for an
    // endless source. Once known it does not change.
    virtual std::optional<std::int64_t> endFrame() const { return std::nullopt; }

    // The fast path described above: frames [firstFrame, firstFrame + frames)
    // encoded in `format` (frames * format.bytesPerFrame() bytes at `out`).
    // Called only with an encodable format (isPcmEncodable). False, with `out`
    // untouched, when the source has no fast path for this format.
    virtual bool renderEncodedDirect(const AudioFormat& /*format*/, std::int64_t /*firstFrame*/,
                                     std::size_t /*frames*/, std::uint8_t* /*out*/) {
        return false;
    }
};

// All zeros, forever.
class SilenceSource final : public SampleSource {
  public:
    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;
    // The encoded silence of every format (0x80 bytes for 8-bit PCM, zeros
    // otherwise), written with memset.
    bool renderEncodedDirect(const AudioFormat& format, std::int64_t firstFrame, std::size_t frames,
                             std::uint8_t* out) override;
};

}  // namespace ps
