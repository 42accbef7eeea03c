#include "model/client/SampleSource.h"

#include <algorithm>

namespace ps {

void SilenceSource::render(std::int64_t /*firstFrame*/, float* interleaved, std::size_t frames,
                           int channels) {
    if (channels > 0) {
        std::fill(interleaved, interleaved + frames * static_cast<std::size_t>(channels), 0.0f);
    }
}

}  // namespace ps
