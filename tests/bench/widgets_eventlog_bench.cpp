// The event log over a million-record run: EventLogModel::setTrace from
// nothing, one display frame of new records (model alone, and the shown
// EventLogView following live, painted), and filter changes. Offscreen.
#include "model/sim/TraceLog.h"
#include "widgets/EventLogModel.h"
#include "widgets/EventLogView.h"

#include <QApplication>
#include <QTableView>

#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

namespace ps {
namespace {

constexpr std::uint64_t kRecords = std::uint64_t{1} << 20;
constexpr std::uint64_t kFrameRecords = 1000;  // 60k records/s at 60 frames/s
constexpr int kFrames = 200;

TraceRecord numbered(std::uint64_t i) {
    TraceRecord r(i % 2 == 0 ? TraceCategory::DdiCall : TraceCategory::Dma, "port",
                  i % 2 == 0 ? "IPortWavePciStream::ReleaseMapping" : "DMA burst",
                  static_cast<std::uint16_t>(i % 8));
    r.addHex("Tag", i).addUInt("ByteCount", i % 1000).addText("Irql", "DISPATCH_LEVEL");
    r.index = i;
    r.timeNs = static_cast<TimeNs>(i) * 20'833;
    return r;
}

// A full log (kRecords held) and the views of kFrames more display frames.
struct Run {
    std::unique_ptr<TraceLog> log;
    TraceLogView full;
    std::vector<TraceLogView> frames;
};

const Run& run() {
    static const Run r = [] {
        Run out;
        out.log = std::make_unique<TraceLog>(std::make_shared<TraceStringPool>(), kRecords);
        std::uint64_t i = 0;
        for (; i < kRecords; ++i)
            out.log->onTraceRecord(numbered(i));
        out.full = out.log->view();
        for (int f = 0; f < kFrames; ++f) {
            for (std::uint64_t k = 0; k < kFrameRecords; ++k, ++i)
                out.log->onTraceRecord(numbered(i));
            out.frames.push_back(out.log->view());
        }
        return out;
    }();
    return r;
}

void BM_ModelSetTraceMillion(benchmark::State& state) {
    const Run& r = run();
    for (auto _ : state) {
        EventLogModel model;
        model.setTrace(r.full);
        benchmark::DoNotOptimize(model.rowCount());
    }
}
BENCHMARK(BM_ModelSetTraceMillion)->Unit(benchmark::kMillisecond);

template <bool kFiltered>
void BM_ModelFrame(benchmark::State& state) {
    const Run& r = run();
    EventLogModel model;
    if (kFiltered) {
        EventLogFilter f;
        f.text = QStringLiteral("bytecount=99");
        model.setFilter(f);
    }
    model.setTrace(r.full);
    int frame = 0;
    for (auto _ : state) {
        if (frame == kFrames) {
            state.PauseTiming();
            model.setTrace(TraceLogView{});
            model.setTrace(r.full);
            frame = 0;
            state.ResumeTiming();
        }
        model.setTrace(r.frames[static_cast<std::size_t>(frame++)]);
    }
    state.counters["rows"] = model.rowCount();
}
BENCHMARK(BM_ModelFrame<false>)->Name("BM_ModelFrame")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ModelFrame<true>)->Name("BM_ModelFrameTextFilter")->Unit(benchmark::kMicrosecond);

// Arg 1: the view is shown and painted; 0: hidden, so only the model and the
// table's bookkeeping (headers, scrolling) are measured. Every frame here
// refreshes the rows in view (a live view does so at most every 50 ms).
void BM_ViewFrameFollowingLive(benchmark::State& state) {
    const Run& r = run();
    EventLogView view;
    view.setLiveRefreshIntervalMs(0);
    view.resize(1400, 600);
    if (state.range(0) != 0)
        view.show();
    view.setTrace(r.full);
    QApplication::processEvents();
    int frame = 0;
    for (auto _ : state) {
        if (frame == kFrames) {
            state.PauseTiming();
            view.setTrace(TraceLogView{});
            view.setTrace(r.full);
            QApplication::processEvents();
            frame = 0;
            state.ResumeTiming();
        }
        view.setTrace(r.frames[static_cast<std::size_t>(frame++)]);
        // The table's update (new rows, scrolled to the newest) is painted here.
        QApplication::processEvents();
    }
}
BENCHMARK(BM_ViewFrameFollowingLive)
    ->Arg(1)
    ->Arg(0)
    ->ArgNames({"painted"})
    ->Unit(benchmark::kMicrosecond);

void BM_FilterChange(benchmark::State& state) {
    const Run& r = run();
    EventLogModel model;
    model.setTrace(r.full);
    EventLogFilter a;
    EventLogFilter b;
    if (state.range(0) == 0) {
        a.streamId = 3;
        b.streamId = 4;
    } else if (state.range(0) == 1) {
        a.categoryMask = EventLogFilter::bit(TraceCategory::Dma);
        b.categoryMask = EventLogFilter::bit(TraceCategory::DdiCall);
    } else {
        a.text = QStringLiteral("releasemapping");  // in the name
        b.text = QStringLiteral("bytecount=999");   // in the details
    }
    bool flip = false;
    for (auto _ : state) {
        model.setFilter((flip = !flip) ? a : b);
        benchmark::DoNotOptimize(model.rowCount());
    }
}
BENCHMARK(BM_FilterChange)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->ArgNames({"stream0_category1_text2"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ps

#include "OffscreenBenchMain.h"
