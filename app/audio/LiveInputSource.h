// LiveInputSource: the SampleSource a capture stream's ADC records from when
// the input is a live device. LiveAudioInput pushes the device's frames,
// already converted to the stream's rate (device channel count), into the
// source's SpscRing from the audio side; render() pops them on the
// simulation thread and maps channels (a mono device feeds every channel;
// otherwise channel c takes device channel c, missing ones are silent).
//
// Priming: render() gives silence until the ring first holds primeFrames,
// so the simulation, which runs ahead of real time by the output's queue,
// does not drain a ring that is filling in real time. After that a ring that
// runs short gives silence for the missing frames (shortfallFrames()).
//
// Not a pure function of the frame index (SampleSource's exception for
// sequential providers): frames are handed out once, in order.
#pragma once

#include "app/audio/SpscRing.h"
#include "model/client/SampleSource.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace ps {

class LiveInputSource final : public SampleSource {
  public:
    LiveInputSource(SpscRing<float>& ring, std::size_t primeFrames)
        : m_ring(ring), m_primeFrames(primeFrames) {}

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;

    bool primed() const { return m_primed; }
    std::int64_t shortfallFrames() const { return m_shortfallFrames; }

  private:
    SpscRing<float>& m_ring;
    std::size_t m_primeFrames;
    bool m_primed = false;
    std::vector<float> m_scratch;
    std::atomic<std::int64_t> m_shortfallFrames{0};
};

}  // namespace ps
