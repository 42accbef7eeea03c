#include "model/scenario/BenchSpec.h"

#include <cstring>
#include <initializer_list>
#include <string>

namespace ps {

const char* benchStacksName(BenchStacks stacks) {
    switch (stacks) {
        case BenchStacks::WavePci:
            return "wavepci";
        case BenchStacks::WaveRt:
            return "wavert";
        case BenchStacks::Both:
            return "both";
    }
    return "?";
}

bool benchStacksFromName(const char* name, BenchStacks* stacks) {
    for (BenchStacks s : {BenchStacks::WavePci, BenchStacks::WaveRt, BenchStacks::Both}) {
        if (std::strcmp(name, benchStacksName(s)) == 0) {
            *stacks = s;
            return true;
        }
    }
    return false;
}

ScenarioSpec makeBenchSpec(std::size_t streams, BenchStacks stacks, TimeNs durationNs) {
    ScenarioSpec spec;
    spec.name = "bench";
    spec.description = "synthetic 48 kHz stereo 16-bit render streams at 10 ms periods";
    spec.seed = 1;
    spec.durationNs = durationNs;
    spec.hardware.coalesceBursts = true;
    for (std::size_t i = 0; i < streams; ++i) {
        StreamSpec s;
        s.name = "bench" + std::to_string(i);
        const bool rt =
            stacks == BenchStacks::WaveRt || (stacks == BenchStacks::Both && i % 2 == 0);
        s.stack = rt ? StackKind::WaveRt : StackKind::WavePci;
        s.direction = StreamDirection::Render;
        s.format = AudioFormat::pcm(48000, 2, 16);
        s.signal.kind = SignalKind::Tone;
        s.signal.frequencyHz = 1000.0;
        s.signal.amplitude = 0.5;
        s.wavert.mode = WaveRtStreamingMode::Event;
        s.wavert.bufferMs = 20;
        s.wavert.notificationCount = 2;
        s.wavepci.packetMs = 10;
        s.wavepci.packetsQueued = 4;
        spec.streams.push_back(s);
    }
    return spec;
}

}  // namespace ps
