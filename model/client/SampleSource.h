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
// Simulation thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace ps {

class SampleSource {
  public:
    virtual ~SampleSource() = default;

    virtual void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                        int channels) = 0;

    // For a finite source, the first frame past its data, once known (every
    // frame at or after it renders as silence); nullopt while unknown or for an
    // endless source. Once known it does not change.
    virtual std::optional<std::int64_t> endFrame() const { return std::nullopt; }
};

// All zeros, forever.
class SilenceSource final : public SampleSource {
  public:
    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;
};

}  // namespace ps
