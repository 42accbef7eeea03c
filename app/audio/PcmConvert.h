// Sample conversion between the formats a DAC model plays and the float
// frames the render mixer works in.
//
// decodePcm(): interleaved little-endian frames in any format the model
// produces (8-bit unsigned, 16, 24 (packed), 32-bit signed PCM with any
// valid-bit count (left-justified in the container, as WAVEFORMATEXTENSIBLE
// defines), 32 and 64-bit IEEE float) become floats in [-1, 1), remapped to
// `outChannels`: a mono stream feeds every output channel; otherwise output
// channel c takes stream channel c, extra stream channels are dropped and
// missing ones are silent (the rule AudioFileSource uses for files).
//
// encodeInt16(): floats to signed 16-bit, rounded and clipped to full scale.
#pragma once

#include "model/ks/AudioFormat.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ps {

// "" when decodePcm() can read `format`, else why not.
std::string pcmDecodeProblem(const AudioFormat& format);

// Appends frames * outChannels floats to *out. `bytes` holds frames *
// format.bytesPerFrame() bytes. The format must pass pcmDecodeProblem().
void decodePcm(const AudioFormat& format, const std::uint8_t* bytes, std::size_t frames,
               int outChannels, std::vector<float>* out);

void encodeInt16(const float* in, std::size_t samples, std::int16_t* out);

}  // namespace ps
