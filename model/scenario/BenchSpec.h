// The synthetic scenario of `portscope-sim bench` and tests/bench: N render
// streams of 48 kHz stereo 16-bit PCM at 10 ms periods, each playing a 1 kHz
// tone, with nothing else going on. WaveRT streams use event mode with a
// 20 ms buffer and two notifications (an interrupt every 10 ms); WavePci
// streams use 10 ms packets with four kept queued (an IOC every 10 ms).
// DMA bursts are coalesced (HardwareSpec::coalesceBursts).
#pragma once

#include "model/scenario/ScenarioSpec.h"

#include <cstddef>

namespace ps {

enum class BenchStacks : std::uint8_t {
    WavePci,
    WaveRt,
    Both,  // alternating, starting with WaveRT
};
const char* benchStacksName(BenchStacks stacks);  // "wavepci", "wavert", "both"
bool benchStacksFromName(const char* name, BenchStacks* stacks);

// streams >= 1; durationNs > 0.
ScenarioSpec makeBenchSpec(std::size_t streams, BenchStacks stacks, TimeNs durationNs);

}  // namespace ps
