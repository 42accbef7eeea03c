// The PcmSink a ScenarioRun puts on each render stream's DAC: it counts the
// frames played and the underrun filler, and hands every block on to an
// optional tap (a WAV writer, a test recorder), stamped with the stream's
// format (PcmBlock::format) once setFormat() was called. Per block, never per
// frame; no allocation.
//
// ScenarioRun sets the pin's format when it builds the stream and again when
// a change-format action succeeds. The sample miniports accept a format only
// while the DMA engine is stopped or paused, and stopping it wrote a
// controller register, which brought the DAC up to date: every block played
// in the old format has been delivered, so blocks are stamped with the format
// they were played in. (With the bug switch accept-set-format-while-running
// the blocks after the change are stamped with the new format.)
#pragma once

#include "model/hw/PcmEndpoints.h"
#include "model/ks/AudioFormat.h"

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
            if (m_hasFormat) {
                PcmBlock stamped = block;
                stamped.format = &m_format;
                m_tap->onFrames(stamped);
            } else {
                m_tap->onFrames(block);
            }
        }
    }
    // The stream format of the blocks played from now on.
    void setFormat(const AudioFormat& format) {
        m_format = format;
        m_hasFormat = true;
    }
    // Sees every block the DAC plays, underrun filler included (nullptr =
    // none). The tap must outlive the run or be reset first.
    void setTap(PcmSink* tap) { m_tap = tap; }

    // Frames of stream data played, and frames of underrun filler.
    std::uint64_t framesPlayed() const { return m_framesPlayed; }
    std::uint64_t underrunFrames() const { return m_underrunFrames; }

  private:
    PcmSink* m_tap = nullptr;
    AudioFormat m_format;
    bool m_hasFormat = false;
    std::uint64_t m_framesPlayed = 0;
    std::uint64_t m_underrunFrames = 0;
};

}  // namespace ps
