// The --bench-frames measurement: with the session running live, renders
// `frames` frames of the main window about every 16 ms, each what the display
// timer does (take the newest snapshot, update every view) plus painting
// everything the views invalidated, and reports the per-frame times. The
// first kWarmupFrames frames (the views' first layout and paint of a running
// session) are rendered but not counted. A scenario shorter than the
// benchmark starts over when it finishes; simSeconds and events add up every
// pass. GUI thread.
#pragma once

#include <QString>

namespace ps {

class MainWindow;
class SessionController;

constexpr int kWarmupFrames = 10;

struct FrameBenchResult {
    int frames = 0;  // counted frames, without the warm-up
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double cpuP50Ms = 0;  // the GUI thread's CPU time per frame
    double cpuP99Ms = 0;
    double simSeconds = 0;  // simulated time of every pass together
    quint64 events = 0;     // events of every pass together
    int passes = 0;         // how often the scenario ran (started over)
    int streams = 0;
    QString toJson(const QString& scenario) const;
};

FrameBenchResult runFrameBench(MainWindow& window, SessionController& controller, int frames);

}  // namespace ps
