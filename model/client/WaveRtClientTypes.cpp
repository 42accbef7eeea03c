#include "model/client/WaveRtClientTypes.h"

namespace ps {

const char* waveRtStreamingModeName(WaveRtStreamingMode mode) {
    return mode == WaveRtStreamingMode::Event ? "event" : "polling";
}

const char* waveRtGlitchKindName(WaveRtGlitchKind kind) {
    return kind == WaveRtGlitchKind::RenderUnderrun ? "render underrun" : "capture overflow";
}

}  // namespace ps
