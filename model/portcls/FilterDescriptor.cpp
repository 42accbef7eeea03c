#include "model/portcls/FilterDescriptor.h"

#include <algorithm>

namespace ps {

bool formatFitsDataRanges(const AudioFormat& format, const PCPIN_DESCRIPTOR& pin) {
    return std::any_of(
        pin.DataRanges.begin(), pin.DataRanges.end(), [&](const KSDATARANGE_AUDIO& r) {
            const bool isFloat = format.sampleType == SampleType::Float;
            return format.channels <= r.MaximumChannels &&
                   format.containerBits >= r.MinimumBitsPerSample &&
                   format.containerBits <= r.MaximumBitsPerSample &&
                   format.rateHz >= r.MinimumSampleFrequency &&
                   format.rateHz <= r.MaximumSampleFrequency && (!isFloat || r.allowFloat);
        });
}

}  // namespace ps
