#include "model/miniports/WaveRtMiniportOptions.h"

namespace ps {

const char* waveRtBufferSizePolicyName(WaveRtBufferSizePolicy policy) {
    switch (policy) {
        case WaveRtBufferSizePolicy::RoundUpToPages:
            return "RoundUpToPages";
        case WaveRtBufferSizePolicy::RoundDownToFrames:
            return "RoundDownToFrames";
    }
    return "?";
}

const char* waveRtNotificationPolicyName(WaveRtNotificationPolicy policy) {
    switch (policy) {
        case WaveRtNotificationPolicy::Strict:
            return "Strict";
        case WaveRtNotificationPolicy::SampleDivisors:
            return "SampleDivisors";
    }
    return "?";
}

const char* waveRtWriteOffsetPolicyName(WaveRtWriteOffsetPolicy policy) {
    switch (policy) {
        case WaveRtWriteOffsetPolicy::EqualsPlayOffset:
            return "EqualsPlayOffset";
        case WaveRtWriteOffsetPolicy::PlayPlusEightFrames:
            return "PlayPlusEightFrames";
    }
    return "?";
}

}  // namespace ps
