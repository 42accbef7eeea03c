// The --bench-frames measurement: with the session running live, renders
// `frames` frames of the whole main window (take the newest snapshot, update
// every view, repaint synchronously) about every 16 ms and reports the
// per-frame times. GUI thread.
#pragma once

#include <QString>

namespace ps {

class MainWindow;
class SessionController;

struct FrameBenchResult {
    int frames = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double simSeconds = 0;  // simulated time reached
    quint64 events = 0;
    int streams = 0;
    QString toJson(const QString& scenario) const;
};

FrameBenchResult runFrameBench(MainWindow& window, SessionController& controller, int frames);

}  // namespace ps
