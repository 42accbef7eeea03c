#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/DecimatedCurve.h"
#include "widgets/StreamSelector.h"
#include "widgets/TimeMarksItem.h"
#include "widgets/TimelinePlot.h"
#include "widgets/TimelineView.h"

#include <qwt_plot_canvas.h>

#include <QSignalSpy>
#include <QtTest>

#include <cstring>

namespace ps {

namespace {

std::int64_t fieldValue(const TraceRecord& r, const char* name) {
    const TraceField* f = r.field(name);
    return f == nullptr ? -1 : static_cast<std::int64_t>(f->u);
}

// A series as long as a run of durationNs with a point every 20 us.
MinMaxSeries longSeries(TimeNs durationNs) {
    MinMaxSeries s;
    std::uint64_t index = 0;
    for (TimeNs t = 0; t < durationNs; t += 20'000) {
        s.append(t, static_cast<std::int64_t>((index * 7919) % 4096), index);
        ++index;
    }
    return s;
}

// As the user picks a stream (selectStream() alone emits nothing).
bool choose(StreamSelector* selector, int streamId) {
    const int i = selector->findData(streamId);
    selector->setCurrentIndex(i);
    return i >= 0 && selector->selectedStream() == streamId;
}

}  // namespace

class TimelineViewTest : public QObject {
    Q_OBJECT
  private slots:
    void curvesCarryTheRecordsValues() {
        const auto snap = test::snapshotAt(msToNs(60));
        QVERIFY(snap);
        TimelineView view;
        view.resize(900, 700);
        view.setWindow(msToNs(60));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showSnapshot(*snap);
        QVERIFY(choose(view.selector(), 1));  // the WaveRT render stream
        QCOMPARE(view.fromNs(), TimeNs{0});
        QCOMPARE(view.toNs(), msToNs(60));

        const TimelinePlot* fifoPlot = view.plot(TimelineView::Fifo);
        const DecimatedCurve* fifo = fifoPlot->curves().front();
        QVERIFY(fifo->sampleCount() > 20);
        QVERIFY(fifo->sampleCount() <=
                2 * static_cast<std::size_t>(fifoPlot->canvas()->contentsRect().width()) + 2);
        for (std::size_t i = 0; i < fifo->sampleCount(); ++i) {
            const TraceRecord& r = snap->trace.at(fifo->recordIndexAt(i));
            QCOMPARE(r.streamId, std::uint16_t{1});
            QCOMPARE(fifo->sample(i).x(), nsToPlotSeconds(r.timeNs));
            QCOMPARE(static_cast<std::int64_t>(fifo->sample(i).y()), fieldValue(r, "FifoBytes"));
        }
        const DecimatedCurve* client = view.plot(TimelineView::Positions)->curves().front();
        QVERIFY(client->sampleCount() > 2);
        for (std::size_t i = 0; i < client->sampleCount(); ++i) {
            const TraceRecord& r = snap->trace.at(client->recordIndexAt(i));
            QCOMPARE(static_cast<std::int64_t>(client->sample(i).y()),
                     fieldValue(r, "WritePosition"));
        }

        // Marks: one per KSSTATE change of the stream, on every strip.
        std::size_t states = 0;
        std::size_t notifications = 0;
        for (std::uint64_t i = snap->trace.firstIndex(); i < snap->trace.endIndex(); ++i) {
            const TraceRecord& r = snap->trace.at(i);
            if (r.streamId == 1 && r.category == TraceCategory::State) {
                ++states;
            }
            if (r.streamId == 1 && std::strcmp(r.name, "BCIS set") == 0) {
                ++notifications;
            }
        }
        QCOMPARE(states, std::size_t{3});
        for (const TimeMarksItem* m : view.plot(TimelineView::Padding)->marks()) {
            QVERIFY(m->marks() != nullptr);
            if (m->title().text() == QStringLiteral("KSSTATE")) {
                QCOMPARE(m->marks()->size(), states);
            } else if (m->title().text() == QStringLiteral("notification")) {
                QCOMPARE(m->marks()->size(), notifications);
            } else {
                QCOMPARE(m->marks()->size(), std::size_t{0});  // no glitch in this run
            }
        }
        // The device-level strip has a latency curve per interrupt vector.
        QVERIFY(view.plot(TimelineView::Latency)->curves().size() >= 2);

        // Another stream: the curves follow the selection.
        QVERIFY(choose(view.selector(), 0));
        QVERIFY(view.plot(TimelineView::Padding)->curves().front()->series() ==
                &view.data().stream(0)->paddingFrames);
    }

    void clickingASampleSelectsItsRecord() {
        const auto snap = test::snapshotAt(msToNs(40));
        QVERIFY(snap);
        TimelineView view;
        view.resize(900, 700);
        view.setWindow(msToNs(1));  // bursts about 100 px apart
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showSnapshot(*snap);
        QVERIFY(choose(view.selector(), 1));
        view.showRecordTime(msToNs(30));  // paused: the range moves to it
        QVERIFY(view.fromNs() <= msToNs(30) && msToNs(30) < view.toNs());
        QVERIFY(view.plot(TimelineView::Fifo)->cursorShown());
        QCOMPARE(view.plot(TimelineView::Fifo)->cursorSeconds(), 0.030);

        TimelinePlot* plot = view.plot(TimelineView::Fifo);
        const DecimatedCurve* fifo = plot->curves().front();
        QVERIFY(fifo->sampleCount() > 4);
        const std::size_t pick = fifo->sampleCount() / 2;
        const QPointF s = fifo->sample(pick);
        const QPoint pixel(qRound(plot->transform(QwtPlot::xBottom, s.x())),
                           qRound(plot->transform(QwtPlot::yLeft, s.y())));
        QSignalSpy clicked(&view, &TimelineView::recordClicked);
        QTest::mouseClick(plot->canvas(), Qt::LeftButton, Qt::NoModifier, pixel);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toULongLong(), fifo->recordIndexAt(pick));

        // Far from every sample and mark: nothing is selected.
        std::uint64_t index = 0;
        QVERIFY(!plot->recordNear(QPointF(-100, -100), index));
    }

    void steppingKeepsTheRangeTheUserChose() {
        TimelineView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showSnapshot(*test::snapshotAt(msToNs(40)));
        QCOMPARE(view.toNs(), view.window());  // follows the run: [0, window)

        // The user zooms one strip (paused): every strip shows that range.
        TimelinePlot* fifo = view.plot(TimelineView::Fifo);
        fifo->setAxisScale(QwtPlot::xBottom, 0.030, 0.035);
        fifo->replot();
        QCOMPARE(view.plot(TimelineView::Positions)->fromNs(), msToNs(30));
        QCOMPARE(view.plot(TimelineView::Positions)->toNs(), msToNs(35));

        // A step to a time inside it keeps it; one past it slides it along.
        view.showSnapshot(*test::snapshotAt(msToNs(33)));
        QCOMPARE(view.fromNs(), msToNs(30));
        QCOMPARE(view.toNs(), msToNs(35));
        view.showSnapshot(*test::snapshotAt(msToNs(50)));
        QCOMPARE(view.fromNs(), msToNs(45));
        QCOMPARE(view.toNs(), msToNs(50));
    }

    void pointsHandedToQwtAreBoundedByTheWidth() {
        // One and a hundred simulated seconds of a point every 20 us: the
        // curve gets at most two samples per pixel column (plus the two
        // neighbours of the range), whatever the run length, and each
        // column's lowest and highest sample are the exact extremes.
        for (const TimeNs duration : {secondsToNs(1), secondsToNs(100)}) {
            const MinMaxSeries series = longSeries(duration);
            DecimatedCurve curve(QStringLiteral("test"));
            curve.setSeries(&series);
            for (const int width : {300, 1200}) {
                curve.decimate(0, duration, width);
                QVERIFY(curve.sampleCount() <= 2 * static_cast<std::size_t>(width));
                QVERIFY(curve.sampleCount() >= static_cast<std::size_t>(width));
                curve.decimate(duration - secondsToNs(2) / 3, duration - secondsToNs(2) / 7, width);
                QVERIFY(curve.sampleCount() <= 2 * static_cast<std::size_t>(width) + 2);
            }
            // Exact extremes per column, against a scan of every point.
            const int width = 250;
            const TimeNs from = duration / 3;
            const TimeNs to = from + msToNs(500);
            curve.decimate(from, to, width);
            std::vector<double> lo(width, 1e18), hi(width, -1e18);
            for (std::size_t i = series.lowerBound(from); i < series.lowerBound(to); ++i) {
                const int c = MinMaxSeries::columnOf(from, to, width, series.at(i).timeNs);
                lo[c] = std::min(lo[c], static_cast<double>(series.at(i).value));
                hi[c] = std::max(hi[c], static_cast<double>(series.at(i).value));
            }
            std::vector<double> gotLo(width, 1e18), gotHi(width, -1e18);
            for (std::size_t i = 0; i < curve.sampleCount(); ++i) {
                const TimeNs t = plotSecondsToNs(curve.sample(i).x());
                if (t < from || t >= to) {
                    continue;  // the neighbours outside the range
                }
                const int c = MinMaxSeries::columnOf(from, to, width, t);
                gotLo[c] = std::min(gotLo[c], curve.sample(i).y());
                gotHi[c] = std::max(gotHi[c], curve.sample(i).y());
            }
            for (int c = 0; c < width; ++c) {
                QCOMPARE(gotLo[c], lo[c]);
                QCOMPARE(gotHi[c], hi[c]);
            }
        }
    }

    void hiddenViewDoesNotReplot() {
        const auto first = test::snapshotAt(msToNs(20), 1);
        const auto second = test::snapshotAt(msToNs(40), 2);
        TimelineView view;
        view.resize(900, 700);
        view.showSnapshot(*first);
        view.showSnapshot(*second);
        QCOMPARE(view.replots(), std::uint64_t{0});
        QCOMPARE(view.data().endIndex(), second->trace.endIndex());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.replots(), std::uint64_t{1});
        view.showSnapshot(*second);  // nothing new: nothing to draw
        QCOMPARE(view.replots(), std::uint64_t{1});
    }
};

}  // namespace ps

QTEST_MAIN(ps::TimelineViewTest)
#include "TimelineViewTest.moc"
