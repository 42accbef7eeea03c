// Where a codec model's converters meet the outside world. A DAC hands every
// frame it plays to a PcmSink; an ADC takes every frame it records from a
// PcmSource. Frames are raw interleaved bytes in the stream's container format
// (what was in memory, byte for byte), so a test can compare them with what the
// client submitted. app/ implements these with QtMultimedia; tests with
// recorders and generators.
//
// The converter models know only their frame size and rate; a sink that
// forwards blocks and knows the stream format in effect may stamp it on them
// (PcmBlock::format: ScenarioRun's StreamDac stamps the pin's format, which
// follows change-format actions).
#pragma once

#include "model/sim/SimTime.h"

#include <cstddef>
#include <cstdint>

namespace ps {

struct AudioFormat;

struct PcmBlock {
    std::int64_t firstFrame = 0;  // index of the first frame since the converter started
    TimeNs firstFrameTimeNs = 0;  // when the converter clocked that frame
    std::size_t frameCount = 0;
    std::uint32_t bytesPerFrame = 0;
    const std::uint8_t* bytes = nullptr;  // frameCount * bytesPerFrame bytes
    // True when these frames are not stream data: the FIFO ran dry (render
    // underrun) and the DAC played the underrun filler (repeated last sample
    // or zeros, per the device's policy).
    bool underrun = false;
    // The stream format of these frames, when the sink that forwarded them
    // knows it (valid for the call only); nullptr from the converter models.
    const AudioFormat* format = nullptr;
};

// Receives what a DAC plays, in order, each frame exactly once.
class PcmSink {
  public:
    virtual ~PcmSink() = default;
    virtual void onFrames(const PcmBlock& block) = 0;
};

// Supplies what an ADC records. produce() fills frameCount frames starting at
// frame index firstFrame (0 when the converter started).
class PcmSource {
  public:
    virtual ~PcmSource() = default;
    virtual void produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frameCount,
                         std::uint32_t bytesPerFrame) = 0;
};

}  // namespace ps
