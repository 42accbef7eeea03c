// The PcmSink a ScenarioRun puts on each render stream's DAC: it counts the
// frames played and the underrun filler, and hands every block on to an
// optional tap (a WAV writer, a test recorder). Per block, never per frame;
// no allocation.
#pragma once

#include "model/hw/PcmEndpoints.h"

#include <cstdint>

namespace ps {

class StreamDac final : public PcmSink {
  public:
    void onFrames(const PcmBlock& block) override {
        if (block.underrun) {
            m_underrunFrames += block.frameCount;
        } else {
            m_framesPlayed += block.frameCount;
        }
        if (m_tap != nullptr) {
            m_tap->onFrames(block);
        }
    }
    // Sees every block the DAC plays, underrun filler included (nullptr =
    // none). The tap must outlive the run or be reset first.
    void setTap(PcmSink* tap) { m_tap = tap; }

    // Frames of stream data played, and frames of underrun filler.
    std::uint64_t framesPlayed() const { return m_framesPlayed; }
    std::uint64_t underrunFrames() const { return m_underrunFrames; }

  private:
    PcmSink* m_tap = nullptr;
    std::uint64_t m_framesPlayed = 0;
    std::uint64_t m_underrunFrames = 0;
};

}  // namespace ps
