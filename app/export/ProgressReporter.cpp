#include "app/export/ProgressReporter.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace ps {

ProgressReporter::ProgressReporter(TimeNs totalSimNs)
    : ProgressReporter(totalSimNs, stderr, isatty(fileno(stderr)) != 0) {}

ProgressReporter::ProgressReporter(TimeNs totalSimNs, std::FILE* out, bool enabled,
                                   std::function<std::int64_t()> wallClockNs)
    : m_totalSimNs(totalSimNs),
      m_out(out),
      m_enabled(enabled && out != nullptr),
      m_wallClockNs(std::move(wallClockNs)) {
    m_startWallNs = wallNow();
    m_lastPrintWallNs = m_startWallNs;
}

std::int64_t ProgressReporter::wallNow() const {
    if (m_wallClockNs) {
        return m_wallClockNs();
    }
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void ProgressReporter::update(TimeNs simNowNs) {
    if (!m_enabled || m_finished) {
        return;
    }
    if (m_startSimNs < 0) {
        m_startSimNs = simNowNs;
    }
    const std::int64_t wall = wallNow();
    if (wall - m_lastPrintWallNs < kMinIntervalNs) {
        return;
    }
    print(simNowNs, wall);
}

void ProgressReporter::finish(TimeNs simNowNs) {
    if (!m_enabled || m_finished) {
        return;
    }
    m_finished = true;
    if (m_lines == 0) {
        return;  // a short run: no progress line was ever needed
    }
    print(simNowNs, wallNow());
    std::fputc('\n', m_out);
    std::fflush(m_out);
}

void ProgressReporter::print(TimeNs simNowNs, std::int64_t wallNs) {
    m_lastPrintWallNs = wallNs;
    const double simSeconds = static_cast<double>(simNowNs) / 1e9;
    const double percent =
        m_totalSimNs > 0
            ? std::clamp(100.0 * static_cast<double>(simNowNs) / static_cast<double>(m_totalSimNs),
                         0.0, 100.0)
            : 100.0;
    const double wallSeconds = static_cast<double>(wallNs - m_startWallNs) / 1e9;
    const double advancedSeconds =
        static_cast<double>(simNowNs - std::max<TimeNs>(m_startSimNs, 0)) / 1e9;
    const double factor = wallSeconds > 0 ? advancedSeconds / wallSeconds : 0.0;
    // Trailing spaces wipe what a longer previous line left behind.
    std::fprintf(m_out, "\rsimulated %.3f s of %.3f s (%5.1f%%), %.0fx real time   ", simSeconds,
                 static_cast<double>(m_totalSimNs) / 1e9, percent, factor);
    std::fflush(m_out);
    ++m_lines;
}

std::uint64_t runWithProgress(Scheduler& scheduler, TimeNs untilNs, ProgressReporter& progress,
                              TimeNs sliceNs) {
    if (!progress.enabled() || sliceNs <= 0) {
        return scheduler.runUntil(untilNs);
    }
    std::uint64_t events = 0;
    progress.update(scheduler.now());
    while (scheduler.now() < untilNs) {
        events += scheduler.runUntil(std::min(untilNs, scheduler.now() + sliceNs));
        progress.update(scheduler.now());
    }
    return events;
}

}  // namespace ps
