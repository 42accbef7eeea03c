#include "app/gui/FrameBench.h"

#include "app/gui/MainWindow.h"
#include "app/session/SessionController.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <ctime>
#include <vector>

namespace ps {

namespace {
constexpr qint64 kFrameIntervalNs = 16'666'667;

// CPU time of the calling thread: what a frame cost apart from waiting for
// a core (the machine may be shared).
qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double percentile(std::vector<double> sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}
}  // namespace

QString FrameBenchResult::toJson(const QString& scenario) const {
    const auto ms = [](double v) { return QString::number(v, 'f', 3); };
    return QStringLiteral("{\"scenario\":\"") + scenario + QStringLiteral("\",\"frames\":") +
           QString::number(frames) + QStringLiteral(",\"streams\":") + QString::number(streams) +
           QStringLiteral(",\"frame_ms_p50\":") + ms(p50Ms) + QStringLiteral(",\"frame_ms_p99\":") +
           ms(p99Ms) + QStringLiteral(",\"frame_ms_max\":") + ms(maxMs) +
           QStringLiteral(",\"frame_cpu_ms_p50\":") + ms(cpuP50Ms) +
           QStringLiteral(",\"frame_cpu_ms_p99\":") + ms(cpuP99Ms) +
           QStringLiteral(",\"sim_seconds\":") + ms(simSeconds) + QStringLiteral(",\"events\":") +
           QString::number(events) + QStringLiteral(",\"passes\":") + QString::number(passes) +
           QStringLiteral(",\"warmup_frames\":") + QString::number(kWarmupFrames) +
           QLatin1Char('}');
}

FrameBenchResult runFrameBench(MainWindow& window, SessionController& controller, int frames) {
    window.repaint();  // the first full paint is not a frame of the running view
    controller.runLive();
    std::vector<double> ms;
    std::vector<double> cpuMs;
    ms.reserve(static_cast<std::size_t>(frames));
    cpuMs.reserve(static_cast<std::size_t>(frames));
    QElapsedTimer clock;
    clock.start();
    std::uint64_t restartedAt = 0;
    FrameBenchResult result;
    result.passes = 1;
    for (int i = 0; i < frames + kWarmupFrames; ++i) {
        const qint64 start = clock.nsecsElapsed();
        const qint64 cpuStart = threadCpuNs();
        // One display tick: take the newest snapshot, update the views, and
        // paint what they invalidated (the update requests are delivered and
        // painted synchronously inside processEvents).
        window.refreshNow();
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
        const auto& shown = window.shownSnapshot();
        if (shown->runState == SessionRunState::Finished && shown->generation != restartedAt) {
            // A benchmark longer than the scenario (main.cpp lengthens it to
            // outlast the frames) plays it again (once per
            // finish: the commands take a moment to reach the session).
            restartedAt = shown->generation;
            result.simSeconds += static_cast<double>(shown->simTimeNs) / 1e9;
            result.events += shown->eventsExecuted;
            ++result.passes;
            controller.stop();
            controller.runLive();
        }
        const qint64 end = clock.nsecsElapsed();
        if (i >= kWarmupFrames) {
            ms.push_back(static_cast<double>(end - start) / 1e6);
            cpuMs.push_back(static_cast<double>(threadCpuNs() - cpuStart) / 1e6);
        }
        const qint64 next = (i + 1) * kFrameIntervalNs;
        if (next > end) {
            QThread::usleep(static_cast<unsigned long>((next - end) / 1000));
        }
    }
    controller.pause();
    controller.waitIdle();
    window.refreshNow();

    result.frames = frames;
    std::sort(ms.begin(), ms.end());
    result.p50Ms = percentile(ms, 0.50);
    result.p99Ms = percentile(ms, 0.99);
    result.maxMs = ms.empty() ? 0 : ms.back();
    std::sort(cpuMs.begin(), cpuMs.end());
    result.cpuP50Ms = percentile(cpuMs, 0.50);
    result.cpuP99Ms = percentile(cpuMs, 0.99);
    if (const auto& snap = window.shownSnapshot()) {
        result.simSeconds += static_cast<double>(snap->simTimeNs) / 1e9;
        result.events += snap->eventsExecuted;
        result.streams = static_cast<int>(snap->streams.size());
    }
    return result;
}

}  // namespace ps
