// Small scenarios for the session and snapshot tests: both stacks at once.
#pragma once

#include "model/scenario/ScenarioSpec.h"

namespace ps::test {

inline StreamSpec sessionTone(StackKind stack, StreamDirection direction, const char* name) {
    StreamSpec s;
    s.name = name;
    s.stack = stack;
    s.direction = direction;
    s.format = AudioFormat::pcm(48000, 2, 16);
    s.signal.kind = SignalKind::Tone;
    s.signal.frequencyHz = 1000.0;
    s.signal.amplitude = 0.5;
    return s;
}

// A WavePci render stream, a WaveRT render stream and a WaveRT capture stream.
inline ScenarioSpec mixedSessionSpec(TimeNs durationNs = msToNs(300)) {
    ScenarioSpec spec;
    spec.name = "session-test";
    spec.durationNs = durationNs;
    spec.seed = 7;
    spec.streams.push_back(sessionTone(StackKind::WavePci, StreamDirection::Render, "pci out"));
    spec.streams.push_back(sessionTone(StackKind::WaveRt, StreamDirection::Render, "rt out"));
    spec.streams.push_back(sessionTone(StackKind::WaveRt, StreamDirection::Capture, "rt in"));
    return spec;
}

}  // namespace ps::test
