// Sample conversion between the formats a DAC model plays and the float
// frames the render mixer works in.
//
// decodePcm(): interleaved little-endian frames in any format the model
// produces (8-bit unsigned, 16, 24 (packed), 32-bit signed PCM with any
// valid-bit count (left-justified in the container, as WAVEFORMATEXTENSIBLE
// defines), 32 and 64-bit IEEE float) become floats in [-1, 1), mixed down
// (or spread) to the output channels by a ChannelMatrix.
//
// channelMatrix(): how a stream's channels feed `outChannels` device channels.
// - A mono stream feeds every output channel at full gain, whatever its mask.
// - A stereo device (2 channels) gets the ITU-R BS.775 downmix, driven by the
//   stream's speaker positions (WAVEFORMATEXTENSIBLE.dwChannelMask; a plain
//   WAVEFORMATEX stream of 3..8 channels has defaultChannelMask(), see
//   model/ks/SpeakerMask.h):
//     L' = FL + FLC + 0.7071 (FC + BL + SL + TFL + TBL) + 0.5 (BC + TC + TFC + TBC)
//     R' = FR + FRC + 0.7071 (FC + BR + SR + TFR + TBR) + 0.5 (BC + TC + TFC + TBC)
//   that is: front speakers at 1, every other speaker at 0.7071 (-3 dB) on its
//   side, and a centre speaker split over both sides at 0.7071 of its gain.
//   LFE is dropped (BS.775 leaves it out of the downmix; a stereo device has
//   no subwoofer), and so are channels the mask leaves unassigned. Every gain
//   is then divided by the larger row sum when it exceeds 1, so full-scale
//   input in every channel cannot clip (5.1: L' = (FL + 0.7071 FC + 0.7071
//   BL) / 2.4142). Quad, 5.1 (back or side), 7.1 (wide or surround) are all
//   cases of this rule.
//   Unknown masks (0 = DIRECTOUT, reserved bits or SPEAKER_ALL, more
//   speakers than channels, a plain format of more than 8 channels): the
//   first two channels go to L and R unchanged and the rest are dropped.
// - A mono device gets (L' + R') / 2 of that stereo downmix.
// - A device of more than 2 channels: stream channel c feeds device channel
//   c (missing ones are silent); a stream with more channels than the device
//   is downmixed to stereo on device channels 0 and 1.
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

// Gains from stream channels to output channels (linear, not dB).
struct ChannelMatrix {
    int inChannels = 0;
    int outChannels = 0;
    std::vector<float> gains;  // gains[out * inChannels + in]

    float gain(int out, int in) const {
        return gains[static_cast<std::size_t>(out) * static_cast<std::size_t>(inChannels) +
                     static_cast<std::size_t>(in)];
    }
};

// The matrix the rules above give for `format` on `outChannels` channels.
ChannelMatrix channelMatrix(const AudioFormat& format, int outChannels);

// Appends frames * matrix.outChannels floats to *out. `bytes` holds frames *
// format.bytesPerFrame() bytes. The format must pass pcmDecodeProblem(); a
// matrix for another channel count uses only the channels both have.
void decodePcm(const AudioFormat& format, const ChannelMatrix& matrix, const std::uint8_t* bytes,
               std::size_t frames, std::vector<float>* out);
// The same with channelMatrix(format, outChannels).
void decodePcm(const AudioFormat& format, const std::uint8_t* bytes, std::size_t frames,
               int outChannels, std::vector<float>* out);

void encodeInt16(const float* in, std::size_t samples, std::int16_t* out);

}  // namespace ps
