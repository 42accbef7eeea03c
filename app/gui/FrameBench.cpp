#include "app/gui/FrameBench.h"

#include "app/gui/MainWindow.h"
#include "app/session/SessionController.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <vector>

namespace ps {

namespace {
constexpr qint64 kFrameIntervalNs = 16'666'667;

double percentile(std::vector<double> sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}
}  // namespace

QString FrameBenchResult::toJson(const QString& scenario) const {
    return QStringLiteral(
               "{\"scenario\":\"%1\",\"frames\":%2,\"streams\":%3,"
               "\"frame_ms_p50\":%4,\"frame_ms_p99\":%5,\"frame_ms_max\":%6,"
               "\"sim_seconds\":%7,\"events\":%8}")
        .arg(scenario)
        .arg(frames)
        .arg(streams)
        .arg(p50Ms, 0, 'f', 3)
        .arg(p99Ms, 0, 'f', 3)
        .arg(maxMs, 0, 'f', 3)
        .arg(simSeconds, 0, 'f', 3)
        .arg(events);
}

FrameBenchResult runFrameBench(MainWindow& window, SessionController& controller, int frames) {
    controller.runLive();
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(frames));
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < frames; ++i) {
        const qint64 start = clock.nsecsElapsed();
        window.refreshNow();
        window.repaint();
        QCoreApplication::processEvents();
        const qint64 end = clock.nsecsElapsed();
        ms.push_back(static_cast<double>(end - start) / 1e6);
        const qint64 next = (i + 1) * kFrameIntervalNs;
        if (next > end) {
            QThread::usleep(static_cast<unsigned long>((next - end) / 1000));
        }
    }
    controller.pause();
    controller.waitIdle();
    window.refreshNow();

    FrameBenchResult result;
    result.frames = frames;
    std::sort(ms.begin(), ms.end());
    result.p50Ms = percentile(ms, 0.50);
    result.p99Ms = percentile(ms, 0.99);
    result.maxMs = ms.empty() ? 0 : ms.back();
    if (const auto& snap = window.shownSnapshot()) {
        result.simSeconds = static_cast<double>(snap->simTimeNs) / 1e9;
        result.events = snap->eventsExecuted;
        result.streams = static_cast<int>(snap->streams.size());
    }
    return result;
}

}  // namespace ps
