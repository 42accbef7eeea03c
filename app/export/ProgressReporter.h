// One-line progress for long runs on stderr: simulated time, percent done and
// the realtime factor (simulated seconds per wall second), rewritten in place
// with a carriage return at most every 250 ms of wall time, and ended with a
// newline by finish(). Silent unless the stream is a terminal, so redirected
// output and CI logs stay clean.
//
// The caller drives it: update(simNowNs) as the run advances (cheap when no
// line is due; runWithProgress slices a run for it) and finish(simNowNs) at
// the end. Wall time comes from a steady clock, or from an injected clock in
// tests; nothing here touches the simulation.
#pragma once

#include "model/sim/Scheduler.h"
#include "model/sim/SimTime.h"

#include <cstdint>
#include <cstdio>
#include <functional>

namespace ps {

class ProgressReporter {
  public:
    static constexpr std::int64_t kMinIntervalNs = 250'000'000;

    // Reports to stderr if it is a terminal.
    explicit ProgressReporter(TimeNs totalSimNs);
    // Reports to out when enabled; wallClockNs, if set, replaces the steady
    // clock (any origin; only differences count).
    ProgressReporter(TimeNs totalSimNs, std::FILE* out, bool enabled,
                     std::function<std::int64_t()> wallClockNs = {});

    bool enabled() const { return m_enabled; }
    void update(TimeNs simNowNs);
    // Prints the last state and a newline if anything was printed.
    void finish(TimeNs simNowNs);
    std::uint64_t linesPrinted() const { return m_lines; }

  private:
    std::int64_t wallNow() const;
    void print(TimeNs simNowNs, std::int64_t wallNs);

    TimeNs m_totalSimNs;
    std::FILE* m_out;
    bool m_enabled;
    std::function<std::int64_t()> m_wallClockNs;
    std::int64_t m_startWallNs = 0;
    std::int64_t m_lastPrintWallNs = 0;
    TimeNs m_startSimNs = -1;
    std::uint64_t m_lines = 0;
    bool m_finished = false;
};

// Runs the scheduler to untilNs in slices of sliceNs simulated time, calling
// progress.update() between slices (the same events run, in the same order,
// as with one runUntil(untilNs)). Returns the events run.
std::uint64_t runWithProgress(Scheduler& scheduler, TimeNs untilNs, ProgressReporter& progress,
                              TimeNs sliceNs = 10'000'000);

}  // namespace ps
