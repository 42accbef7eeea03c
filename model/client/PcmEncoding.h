// Conversion between normalized float samples and the bytes of an AudioFormat:
// what the client writes into a render packet and reads out of a capture one.
//
// Supported formats (isPcmEncodable):
//  - PCM, 8-bit container: unsigned offset binary (0x80 is silence).
//  - PCM, 16-, 24- and 32-bit containers: signed two's complement, little-endian.
//  - IEEE float, 32-bit container: binary32, little-endian.
// PCM validBits may be 1..containerBits. The valid bits are left-justified in
// the container (WAVEFORMATEXTENSIBLE): 20 valid bits in a 24-bit container
// occupy bits 23..4; the low (containerBits - validBits) padding bits are
// written as zero and ignored when reading.
//
// Encoding a float sample x:
//  1. NaN becomes 0; x is clamped to [-1.0, +1.0] (so -inf -> -1, +inf -> +1).
//  2. PCM with V valid bits: q = x * 2^(V-1), rounded to nearest with ties
//     away from zero, then clipped to [-2^(V-1), 2^(V-1) - 1]. So -1.0 gives the
//     most negative code, +1.0 clips to the most positive code, and
//     |x| < 2^-V gives 0.
//  3. Float: the clamped value is stored as is (-0.0 is stored as +0.0).
// Decoding:
//  - PCM: q / 2^(V-1) (exact, then rounded to the nearest float): the most
//    negative code is exactly -1.0, the most positive 1 - 2^(1-V).
//  - Float: the stored value; NaN becomes 0. It is not clamped: a device may
//    deliver values beyond +-1.
// So for PCM decode(encode(x)) is x quantized to V bits, and encode(decode(b))
// == b for every container whose padding bits are zero (and V <= 24, where a
// code fits a float exactly).
//
// Interleaved buffers hold frames * format.channels samples, channel fastest.
// Pure functions, callable from any thread.
#pragma once

#include "model/ks/AudioFormat.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ps {

// True for the formats listed above with channels >= 1.
bool isPcmEncodable(const AudioFormat& format);

// Step 2 above: the integer code of x for V valid bits (1 <= V <= 32), before
// it is shifted into the container.
std::int64_t quantizeToPcm(float x, unsigned validBits);

// One sample: writes / reads containerBits / 8 bytes. For a format that is not
// encodable encodeSample writes zeros and decodeSample returns 0.
void encodeSample(const AudioFormat& format, float x, std::uint8_t* out);
float decodeSample(const AudioFormat& format, const std::uint8_t* in);

// frames * channels samples <-> frames * bytesPerFrame bytes. False, and
// nothing written, when the format is not encodable.
bool encodeFrames(const AudioFormat& format, const float* interleaved, std::size_t frames,
                  std::uint8_t* out);
bool decodeFrames(const AudioFormat& format, const std::uint8_t* bytes, std::size_t frames,
                  float* interleaved);

// Convenience forms for tests and tools. A trailing partial frame is ignored;
// the result is empty when the format is not encodable.
std::vector<std::uint8_t> encodeToBytes(const AudioFormat& format,
                                        const std::vector<float>& interleaved);
std::vector<float> decodeToSamples(const AudioFormat& format,
                                   const std::vector<std::uint8_t>& bytes);

}  // namespace ps
