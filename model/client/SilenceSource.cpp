#include "model/client/SampleSource.h"

#include "model/ks/AudioFormat.h"

#include <algorithm>
#include <cstring>

namespace ps {

void SilenceSource::render(std::int64_t /*firstFrame*/, float* interleaved, std::size_t frames,
                           int channels) {
    if (channels > 0) {
        std::fill(interleaved, interleaved + frames * static_cast<std::size_t>(channels), 0.0f);
    }
}

bool SilenceSource::renderEncodedDirect(const AudioFormat& format, std::int64_t /*firstFrame*/,
                                        std::size_t frames, std::uint8_t* out) {
    // Zero encodes as offset-binary 0x80 in 8-bit PCM and as all-zero bytes in
    // every other encodable container (PcmEncoding.h).
    const bool offsetBinary = format.sampleType == SampleType::Pcm && format.containerBits == 8;
    std::memset(out, offsetBinary ? 0x80 : 0, frames * format.bytesPerFrame());
    return true;
}

}  // namespace ps
