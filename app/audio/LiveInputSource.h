// LiveInputSource: the SampleSource a capture stream's ADC records from when
// the input is a live device. It reads the stream's CaptureTape (shared with
// LiveAudioInput, which fills the tape's ring from the device, and with the
// sources of later runs of the same session): see CaptureTape.h for what a
// frame past the tape's end gets, priming and the cap.
//
// A pure function of the frame index as far as the tape reaches (a replay
// reads the same samples); frames are taken from the device only the first
// time they are read. Simulation thread only.
#pragma once

#include "app/audio/CaptureTape.h"
#include "model/client/SampleSource.h"

#include <cstdint>
#include <memory>

namespace ps {

class LiveInputSource final : public SampleSource {
  public:
    explicit LiveInputSource(std::shared_ptr<CaptureTape> tape) : m_tape(std::move(tape)) {}

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override {
        m_tape->read(firstFrame, interleaved, frames, channels);
    }

    const CaptureTape& tape() const { return *m_tape; }

  private:
    std::shared_ptr<CaptureTape> m_tape;
};

}  // namespace ps
