// AudioBlockProvider: a sequential supply of audio, such as a decoded file.
// app/ implements it over its audio file readers; BlockProviderSource turns it
// into a SampleSource.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ps {

class AudioBlockProvider {
  public:
    virtual ~AudioBlockProvider() = default;

    // Reads up to `frames` frames of channels() interleaved normalized float
    // samples into `interleaved`, continuing where the previous call stopped.
    // Returns the frames read; fewer than asked (0 included) means the data has
    // ended, and the source will not call read() again.
    virtual std::size_t read(float* interleaved, std::size_t frames) = 0;
    // Channels per frame of what read() delivers (>= 1).
    virtual int channels() const = 0;
    // Frames per second of the data (informational: nobody resamples).
    virtual std::int64_t rateHz() const = 0;
};

}  // namespace ps
