// System interference: what other drivers and subsystems do to an audio
// driver's DPCs and threads on a busy machine. When enabled, every DPC drain
// and every wakeup of a simulated thread may be delayed by a time drawn from
// the kernel's seeded Random, unless the DPC's interrupt or the thread is
// registered as a stream resource while a low-latency stream runs (the
// "Low Latency Audio" shielding, DDI.md §13).
//
// Delays: with probability `probability` per DPC drain (or thread wakeup) a
// delay uniform in [minDelayNs, maxDelayNs]; otherwise none.
#pragma once

#include "model/sim/SimTime.h"

namespace ps {

struct InterferenceDelay {
    double probability = 0.0;  // 0..1
    TimeNs minDelayNs = 0;
    TimeNs maxDelayNs = 0;  // >= minDelayNs
};

struct SystemInterferenceConfig {
    bool enabled = false;
    InterferenceDelay dpc;
    InterferenceDelay thread;
    // Streams whose cyclic buffer (WaveRT) or queued audio (WavePci) is
    // shorter than this count as low-latency: while one runs, registered
    // resources are shielded.
    TimeNs lowLatencyBelowNs = 10'000'000;
};

}  // namespace ps
