// EventLogView: the count, following live and freezing, selection and the
// explain key it emits, filters set through the bar; and a screenshot.
#include "TraceLogFixture.h"
#include "model/kernel/NtStatus.h"
#include "model/scenario/BenchSpec.h"
#include "model/scenario/ScenarioRun.h"
#include "widgets/EventLogModel.h"
#include "widgets/EventLogView.h"
#include "widgets/EventLogWindowModel.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QWheelEvent>
#include <QtTest>

#include <cstring>

namespace ps {

namespace {

void addRun(test::TraceLogFixture& f, std::uint64_t count) {
    static const char* const kMethods[] = {"IPortWavePciStream::GetMapping",
                                           "IPortWavePciStream::ReleaseMapping",
                                           "IMiniportWavePciStream::Service"};
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t k = i % 5;
        if (k == 0) {
            TraceRecord r(TraceCategory::Register, "AC97", "PO LVI write", 0);
            f.add(r.addText("Register", "LVI").addHex("Value", i % 32), i * 250'000);
        } else if (k == 1) {
            f.add(TraceRecord(TraceCategory::Dma, "AC97", "DMA burst", 0)
                      .addUInt("Bytes", 128)
                      .addUInt("Civ", i % 32),
                  i * 250'000);
        } else {
            TraceRecord r(TraceCategory::DdiCall, "miniport", kMethods[k - 2],
                          static_cast<std::uint16_t>(i % 2));
            r.addHex("Tag", i).addUInt("ByteCount", 4096).addText("Irql", "DISPATCH_LEVEL");
            f.add(r.setStatus(k == 4 ? STATUS_SUCCESS : STATUS_NOT_FOUND), i * 250'000);
        }
    }
}

}  // namespace

class EventLogViewTest : public QObject {
    Q_OBJECT
  private slots:
    void countsFollowsAndFreezes() {
        test::TraceLogFixture f;
        addRun(f, 1000);
        EventLogView view;
        view.setLiveRefreshIntervalMs(0);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTrace(f.view());
        QCOMPARE(view.countText(), QStringLiteral("1,000 records"));
        QVERIFY(view.isFollowing());
        QScrollBar* bar = view.scrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());
        // The table holds only the rows in view, the newest at the bottom.
        EventLogWindowModel* window = view.windowModel();
        QVERIFY(window->rowCount() > 5);
        QVERIFY(window->rowCount() < 40);
        QCOMPARE(view.firstShownRow() + window->rowCount(), 1000);
        QCOMPARE(window->index(window->rowCount() - 1, EventLogModel::Index).data().toString(),
                 QStringLiteral("999"));

        addRun(f, 500);
        view.setTrace(f.view());
        QCOMPARE(view.countText(), QStringLiteral("1,500 records"));
        QCOMPARE(bar->value(), bar->maximum());  // still at the newest row

        // The user scrolls up: the log freezes and stays where it is.
        bar->triggerAction(QAbstractSlider::SliderPageStepSub);
        QVERIFY(!view.isFollowing());
        const int frozenAt = bar->value();
        addRun(f, 500);
        view.setTrace(f.view());
        QCOMPARE(bar->value(), frozenAt);
        QVERIFY(bar->value() < bar->maximum());

        // Following again jumps to the newest row.
        view.setFollowing(true);
        QCOMPARE(bar->value(), bar->maximum());
    }

    void selectingARowEmitsItsExplainKey() {
        test::TraceLogFixture f;
        addRun(f, 100);
        EventLogView view;
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTrace(f.view());
        QSignalSpy selected(&view, &EventLogView::recordSelected);
        QVERIFY(selected.isValid());

        view.selectRecord(42);  // k = 2: GetMapping
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).toULongLong(), 42ull);
        QCOMPARE(selected.at(0).at(1).toString(), QStringLiteral("IPortWavePciStream::GetMapping"));
        QVERIFY(!view.isFollowing());

        // A click on a row: the register record of index 45.
        QTableView* table = view.table();
        const int top = view.firstShownRow();
        QVERIFY(top <= 45 && 46 < top + view.windowModel()->rowCount());
        table->setCurrentIndex(view.windowModel()->index(45 - top, EventLogModel::What));
        QCOMPARE(selected.count(), 2);
        QCOMPARE(selected.at(1).at(0).toULongLong(), 45ull);
        QCOMPARE(selected.at(1).at(1).toString(), QStringLiteral("ac97/LVI"));
        table->setCurrentIndex(view.windowModel()->index(46 - top, EventLogModel::Details));
        QCOMPARE(selected.at(2).at(1).toString(), QStringLiteral("concept/dma-burst"));
    }

    void aLongLogKeepsTheTableSmall() {
        test::TraceLogFixture f;
        addRun(f, 100'000);
        EventLogView view;
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTrace(f.view());
        EventLogWindowModel* window = view.windowModel();
        const int capacity = window->capacity();
        QVERIFY(capacity > 5);
        QCOMPARE(window->rowCount(), capacity);  // the newest row whole at the bottom
        QCOMPARE(view.scrollBar()->maximum(), 100'000 - capacity);
        QCOMPARE(view.scrollBar()->pageStep(), capacity);

        // Dragging the bar to the middle shows those rows.
        view.scrollBar()->setValue(50'000);
        QVERIFY(!view.isFollowing());
        QCOMPARE(view.firstShownRow(), 50'000);
        QCOMPARE(window->rowCount(), capacity + 1);  // and the one cut off below
        QCOMPARE(window->index(0, EventLogModel::Index).data().toString(), QStringLiteral("50000"));
        QCOMPARE(
            window->index(0, EventLogModel::Index).data(EventLogWindowModel::SourceRowRole).toInt(),
            50'000);

        // The wheel over the table scrolls the whole log.
        const QPoint centre = view.table()->viewport()->rect().center();
        QWheelEvent wheel(centre, view.table()->viewport()->mapToGlobal(centre), QPoint(),
                          QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view.table()->viewport(), &wheel);
        QVERIFY(view.firstShownRow() > 50'000);

        // Keys move the selection through the whole log, scrolling as needed.
        QSignalSpy selected(&view, &EventLogView::recordSelected);
        view.selectRecord(70'000);
        QCOMPARE(selected.count(), 1);
        const int top = view.firstShownRow();
        QVERIFY(top <= 70'000 && 70'000 < top + capacity);
        QTest::keyClick(view.table(), Qt::Key_Down);
        QCOMPARE(selected.last().at(0).toULongLong(), 70'001ull);
        QTest::keyClick(view.table(), Qt::Key_PageDown);
        QCOMPARE(selected.last().at(0).toULongLong(),
                 static_cast<qulonglong>(70'001 + capacity - 1));
        QTest::keyClick(view.table(), Qt::Key_End);
        QCOMPARE(selected.last().at(0).toULongLong(), 99'999ull);
        QCOMPARE(view.firstShownRow(), 100'000 - capacity);
        QTest::keyClick(view.table(), Qt::Key_Home);
        QCOMPARE(selected.last().at(0).toULongLong(), 0ull);
        QCOMPARE(view.firstShownRow(), 0);
        QTest::keyClick(view.table(), Qt::Key_Up);  // stays on the first row
        QCOMPARE(selected.last().at(0).toULongLong(), 0ull);

        // The table's selection is the selected record's row while it is in
        // the window, and nothing when it is scrolled away.
        QCOMPARE(view.table()->currentIndex().row(), 0);
        QVERIFY(view.table()->selectionModel()->isRowSelected(0, QModelIndex()));
        view.scrollBar()->setValue(10);
        QVERIFY(!view.table()->selectionModel()->hasSelection());
        view.scrollBar()->setValue(0);
        QVERIFY(view.table()->selectionModel()->isRowSelected(0, QModelIndex()));
        QCOMPARE(selected.last().at(0).toULongLong(), 0ull);  // scrolling selects nothing
    }

    void followingLiveRefreshesTheRowsAtMostEveryInterval() {
        test::TraceLogFixture f;
        addRun(f, 1000);
        EventLogView view;
        view.setLiveRefreshIntervalMs(10'000);  // longer than the test
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.setTrace(f.view()));  // the first one refreshes
        QCOMPARE(view.countText(), QStringLiteral("1,000 records"));
        QSignalSpy repaint(view.windowModel(), &QAbstractItemModel::dataChanged);
        addRun(f, 500);
        QVERIFY(!view.setTrace(f.view()));  // held back: rows and count stay
        QCOMPARE(repaint.count(), 0);
        QCOMPARE(view.countText(), QStringLiteral("1,000 records"));
        QCOMPARE(view.firstShownRow() + view.windowModel()->rowCount(), 1000);
        // The model has the records at once (a selection can reach them).
        QCOMPARE(view.model()->rowCount(), 1500);

        // With no interval the next call refreshes: newest row at the bottom.
        view.setLiveRefreshIntervalMs(0);
        addRun(f, 1);
        QVERIFY(view.setTrace(f.view()));
        QCOMPARE(view.countText(), QStringLiteral("1,501 records"));
        QCOMPARE(view.firstShownRow() + view.windowModel()->rowCount(), 1501);
        QVERIFY(repaint.count() > 0);

        // Frozen, new records do not repaint the rows in view.
        view.setFollowing(false);
        repaint.clear();
        addRun(f, 100);
        QVERIFY(!view.setTrace(f.view()));
        QCOMPARE(repaint.count(), 0);
        QCOMPARE(view.countText(), QStringLiteral("1,601 records"));
    }

    void frozenLogKeepsItsRecordsWhenOldOnesAreDropped() {
        // A log that keeps at most three chunks drops whole old chunks.
        test::TraceLogFixture f(3 * kTraceLogChunkRecords);
        addRun(f, 10'000);
        EventLogView view;
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTrace(f.view());
        view.selectRecord(9000);
        const int topBefore = view.firstShownRow();
        const QString firstShown =
            view.windowModel()->index(0, EventLogModel::Index).data().toString();
        addRun(f, 5000);
        view.setTrace(f.view());
        QCOMPARE(view.model()->trace().firstIndex(), kTraceLogChunkRecords);
        QCOMPARE(view.firstShownRow(), topBefore - static_cast<int>(kTraceLogChunkRecords));
        QCOMPARE(view.windowModel()->index(0, EventLogModel::Index).data().toString(), firstShown);
        const int row = view.model()->rowOfRecord(9000);
        QCOMPARE(view.table()->currentIndex().row(), row - view.firstShownRow());
    }

    // Following live, a refresh moves the window in one step: its row count
    // stays (a row inserted and removed again would make the table lay out
    // on a later event and repaint a frame late), and a dropped chunk repaints
    // nothing, because the window shows the same records.
    void followingKeepsTheWindowsRowCountAndIgnoresDroppedChunks() {
        test::TraceLogFixture f(3 * kTraceLogChunkRecords);
        addRun(f, 10'000);
        EventLogView view;
        view.setLiveRefreshIntervalMs(0);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.setTrace(f.view()));
        const int rows = view.windowModel()->rowCount();
        QSignalSpy inserted(view.windowModel(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(view.windowModel(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy repaint(view.windowModel(), &QAbstractItemModel::dataChanged);
        addRun(f, 100);
        QVERIFY(view.setTrace(f.view()));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(repaint.count(), 1);
        QCOMPARE(view.windowModel()->rowCount(), rows);
        QCOMPARE(view.firstShownRow() + rows, 10'100);

        // Past three chunks the oldest one goes; the newest rows stay in
        // view and nothing repaints until the next refresh moves the window.
        addRun(f, 2'500);  // 12,600 records: one chunk of 4,096 dropped
        repaint.clear();
        view.model()->setTrace(f.view());
        QCOMPARE(view.model()->trace().firstIndex(), kTraceLogChunkRecords);
        QCOMPARE(repaint.count(), 0);
        QCOMPARE(view.windowModel()->rowCount(), rows);
        QCOMPARE(view.firstShownRow() + rows, 10'100 - static_cast<int>(kTraceLogChunkRecords));
        QVERIFY(view.setTrace(f.view()));
        QCOMPARE(view.firstShownRow() + rows, 12'600 - static_cast<int>(kTraceLogChunkRecords));
        QCOMPARE(view.windowModel()->index(rows - 1, EventLogModel::Index).data().toString(),
                 QStringLiteral("12599"));
    }

    void filterBarAppliesStreamCategoriesAndText() {
        test::TraceLogFixture f;
        addRun(f, 1000);
        EventLogView view;
        view.setTrace(f.view());

        // The stream combo lists the streams seen.
        auto* combo = view.findChild<QComboBox*>();
        QVERIFY(combo != nullptr);
        QCOMPARE(combo->count(), 3);  // all, stream 0, stream 1
        combo->setCurrentIndex(2);
        QCOMPARE(view.model()->rowCount(), 300);  // DDI calls of odd records
        QCOMPARE(view.countText(), QStringLiteral("300 of 1,000 records"));

        EventLogFilter f2;
        f2.categoryMask = EventLogFilter::bit(TraceCategory::DdiCall);
        f2.text = QStringLiteral("STATUS_NOT");  // status is not searched: none
        view.setFilter(f2);
        QCOMPARE(view.model()->rowCount(), 0);
        f2.text = QStringLiteral("releasemapping");
        view.setFilter(f2);
        QCOMPARE(view.model()->rowCount(), 200);
        QCOMPARE(view.filter(), f2);

        // Typing into the text field applies after a short pause.
        auto* text = view.findChild<QLineEdit*>();
        QVERIFY(text != nullptr);
        text->setText(QStringLiteral("Service"));
        QCOMPARE(view.model()->filter().text, QStringLiteral("releasemapping"));  // not yet
        QTRY_COMPARE(view.model()->filter().text, QStringLiteral("Service"));
        QCOMPARE(view.model()->rowCount(), 200);
        QCOMPARE(view.model()->recordIndexAt(0), 4ull);
    }

    void screenshot() {
        // A real run: two WavePci and two WaveRT streams for 40 ms.
        ScenarioRun run(makeBenchSpec(4, BenchStacks::Both, msToNs(40)));
        auto log = TraceLog::attachTo(run.machine().tracer());
        QCOMPARE(QString::fromStdString(run.start()), QString());
        run.runToEnd();
        const TraceLogView trace = log->view();
        run.machine().tracer().removeSink(log.get());

        EventLogView view;
        view.resize(1400, 480);
        view.setTrace(trace);
        QVERIFY(view.model()->rowCount() > 100);
        // Select a GetMapping call in the middle of the run.
        std::uint64_t pick = trace.firstIndex() + trace.size() / 2;
        while (pick < trace.endIndex() &&
               std::strcmp(trace.at(pick).name, "IPortWavePciStream::GetMapping") != 0)
            ++pick;
        QVERIFY(pick < trace.endIndex());
        QSignalSpy selected(&view, &EventLogView::recordSelected);
        view.selectRecord(pick);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(1).toString(), QStringLiteral("IPortWavePciStream::GetMapping"));
        const QPixmap pixmap = view.grab();
        QVERIFY(!pixmap.isNull());
        const QString path = QDir(QCoreApplication::applicationDirPath()).filePath("event-log.png");
        QVERIFY(pixmap.save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
};

}  // namespace ps

QTEST_MAIN(ps::EventLogViewTest)
#include "EventLogViewTest.moc"
