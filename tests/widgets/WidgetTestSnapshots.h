// Real snapshots for widget tests: a short run of both stacks (a WavePci
// render stream, a WaveRT render and a WaveRT capture stream), taken after
// a given simulated time.
#pragma once

#include "model/session/SimulationSession.h"

#include <memory>

namespace ps::test {

inline ScenarioSpec widgetTestSpec() {
    ScenarioSpec spec;
    spec.name = "widget-test";
    spec.durationNs = msToNs(300);
    spec.seed = 3;
    const auto stream = [](StackKind stack, StreamDirection direction, const char* name) {
        StreamSpec s;
        s.name = name;
        s.stack = stack;
        s.direction = direction;
        s.format = AudioFormat::pcm(48000, 2, 16);
        s.signal.kind = SignalKind::Tone;
        s.signal.frequencyHz = 1000.0;
        s.signal.amplitude = 0.5;
        return s;
    };
    spec.streams.push_back(stream(StackKind::WavePci, StreamDirection::Render, "pci out"));
    spec.streams.push_back(stream(StackKind::WaveRt, StreamDirection::Render, "rt out"));
    spec.streams.push_back(stream(StackKind::WaveRt, StreamDirection::Capture, "rt in"));
    return spec;
}

inline std::shared_ptr<const SessionSnapshot> snapshotAt(TimeNs t, std::uint64_t generation = 1) {
    SimulationSession session(widgetTestSpec());
    if (!session.start().empty()) {
        return nullptr;
    }
    session.advanceTo(t);
    SnapshotHeader header;
    header.generation = generation;
    header.scenarioName = "widget-test";
    return session.snapshot(header);
}

}  // namespace ps::test
