// The main window assembled around a real session: opening scenarios (and
// refusing bad ones without a dialog or a crash), the views it feeds, trace
// export, saved layout, and a screenshot checked for content.
#include "app/gui/MainMenus.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RecentScenarios.h"
#include "app/session/SessionController.h"
#include "widgets/EventLogModel.h"
#include "widgets/EventLogView.h"
#include "widgets/ExplainPane.h"
#include "widgets/SessionStatusView.h"
#include "widgets/StackTreeModel.h"
#include "widgets/StackTreeView.h"
#include "widgets/TimelinePlot.h"
#include "widgets/TimelineView.h"
#include "widgets/TransportBar.h"

#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

namespace ps {

class MainWindowTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // a scratch QSettings
        QCoreApplication::setOrganizationName(QStringLiteral("PortScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("MainWindowTest"));
        QSettings().clear();
    }

    void opensABuiltinScenarioAndShowsIt() {
        SessionController controller;
        MainWindow window(controller);
        window.setInteractive(false);
        QCOMPARE(window.openScenario(QStringLiteral("multistream")), QString());
        controller.advanceBy(msToNs(600));
        controller.waitIdle();
        window.refreshNow();
        const auto& snap = window.shownSnapshot();
        QVERIFY(snap);
        QCOMPARE(snap->simTimeNs, msToNs(600));
        QCOMPARE(window.statusView()->fieldText(SessionStatusView::Field::SimTime),
                 QStringLiteral("0:00:00.600 000"));
        QVERIFY(window.transport()->timeText().startsWith(QStringLiteral("0:00:00.600 000")));
        QVERIFY(window.statusView()
                    ->fieldText(SessionStatusView::Field::Streams)
                    .contains(QStringLiteral("rt-render: RUN")));
        QCOMPARE(window.stackTree()->stackModel()->rowCount(
                     window.stackTree()->stackModel()->index(0, 0)),
                 static_cast<int>(snap->stack.children.size()));
        QCOMPARE(RecentScenarios::load().value(0), QStringLiteral("multistream"));
        QVERIFY(window.windowTitle().contains(QStringLiteral("multistream")));
    }

    // The event log holds every record of the snapshot, names streams, and a
    // selected DDI call is explained in the explain pane.
    void theEventLogFollowsTheRunAndExplainsTheSelectedRecord() {
        SessionController controller;
        MainWindow window(controller);
        window.setInteractive(false);
        QCOMPARE(window.openScenario(QStringLiteral("multistream")), QString());
        controller.advanceBy(msToNs(300));
        controller.waitIdle();
        window.refreshNow();
        const auto& snap = window.shownSnapshot();
        EventLogModel* log = window.eventLog()->model();
        QCOMPARE(static_cast<std::uint64_t>(log->rowCount()), snap->trace.size());
        QCOMPARE(log->totalRecords(), snap->traceRecords);

        std::uint64_t setState = snap->trace.endIndex();
        for (std::uint64_t i = snap->trace.firstIndex(); i < snap->trace.endIndex(); ++i) {
            if (std::string(snap->trace.at(i).name) == "IMiniportWaveRTStream::SetState") {
                setState = i;
                break;
            }
        }
        QVERIFY(setState < snap->trace.endIndex());
        const int row = log->rowOfRecord(setState);
        QCOMPARE(log->index(row, EventLogModel::Stream).data().toString(),
                 QString::fromStdString(snap->streams.at(snap->trace.at(setState).streamId).name));
        window.eventLog()->selectRecord(setState);
        QCOMPARE(window.explainPane()->currentKey(),
                 QStringLiteral("IMiniportWaveRTStream::SetState"));
        QVERIFY(window.explainPane()->plainText().contains(QStringLiteral("SetState")));
    }

    // A record selected in the event log is the timeline's cursor; a record
    // clicked in the timeline is selected in the event log.
    void theTimelineAndTheEventLogPointAtTheSameRecord() {
        SessionController controller;
        MainWindow window(controller);
        window.setInteractive(false);
        QCOMPARE(window.openScenario(QStringLiteral("multistream")), QString());
        controller.advanceBy(msToNs(300));
        controller.waitIdle();
        window.refreshNow();
        const auto& snap = window.shownSnapshot();
        TimelineView* timeline = window.timelineView();
        QVERIFY(timeline->data().endIndex() == snap->trace.endIndex());

        const std::uint64_t record = snap->trace.firstIndex() + snap->trace.size() / 2;
        window.eventLog()->selectRecord(record);
        const TimelinePlot* plot = timeline->plot(TimelineView::Positions);
        QVERIFY(plot->cursorShown());
        QCOMPARE(plot->cursorSeconds(), static_cast<double>(snap->trace.at(record).timeNs) * 1e-9);

        const std::uint64_t clicked = snap->trace.firstIndex() + snap->trace.size() / 3;
        emit timeline->recordClicked(clicked);
        const int row = window.eventLog()->model()->rowOfRecord(clicked);
        // The table holds the rows in view; its current row is the record's.
        QCOMPARE(
            window.eventLog()->firstShownRow() + window.eventLog()->table()->currentIndex().row(),
            row);
        QCOMPARE(plot->cursorSeconds(), static_cast<double>(snap->trace.at(clicked).timeNs) * 1e-9);
    }

    void refusesBadScenariosWithAMessage() {
        SessionController controller;
        MainWindow window(controller);
        window.setInteractive(false);
        QVERIFY(window.openScenario(QStringLiteral("no-such-scenario"))
                    .contains(QStringLiteral("no-such-scenario")));
        const QString bad = QStringLiteral(PORTSCOPE_SOURCE_DIR "/tests/app/data/bad-rate.json");
        QVERIFY(window.openScenario(bad).contains(QStringLiteral("rate_hz")));
        QVERIFY(window.openScenario(QString()).contains(QStringLiteral("no scenario")));
        controller.waitIdle();
        window.refreshNow();
        QCOMPARE(window.shownSnapshot()->runState, SessionRunState::Empty);
    }

    void everyDockIsNamedAndInTheViewMenu() {
        SessionController controller;
        MainWindow window(controller);
        const QList<QDockWidget*> docks = window.findChildren<QDockWidget*>();
        QCOMPARE(docks.size(), 8);
        QStringList titles;
        for (QDockWidget* d : docks) {
            QVERIFY(!d->objectName().isEmpty());  // saveState needs it
            titles << d->windowTitle();
        }
        titles.sort();
        QCOMPARE(titles, (QStringList{"Cyclic buffer", "Event log", "Explain", "Mapping queue",
                                      "Registers", "Stack", "Stream resources", "Timeline"}));
        QVERIFY(window.menus()->scenariosMenu()->actions().size() >= 16);
    }

    void savesAndRestoresLayoutAndSpeed() {
        {
            SessionController controller;
            MainWindow window(controller);
            window.transport()->setSpeed(4.0);
            QDockWidget* explain = window.findChild<QDockWidget*>(QStringLiteral("explainDock"));
            explain->hide();
            window.close();
        }
        SessionController controller;
        MainWindow window(controller);
        QCOMPARE(window.transport()->speed(), 4.0);
        QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("explainDock"))->isHidden());
        QSettings().clear();
    }

    void screenshotOfTheMainWindowHasContent() {
        SessionController controller;
        MainWindow window(controller);
        window.setInteractive(false);
        QCOMPARE(window.openScenario(QStringLiteral("wavert-event-render")), QString());
        controller.advanceBy(msToNs(500));
        controller.waitIdle();
        window.refreshNow();
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QImage image = window.grab().toImage();
        QCOMPARE(image.size(), QSize(1600, 1000));
        const QString path = QStringLiteral(PORTSCOPE_BINARY_DIR "/main-window-test.png");
        QVERIFY(image.save(path, "PNG"));
        // Non-trivial: many colours (text, rules, selection), and text-dark
        // pixels in the stack tree's area.
        QSet<QRgb> colours;
        int dark = 0;
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2) {
                const QRgb c = image.pixel(x, y);
                colours.insert(c);
                dark += x < 800 && y > 80 && qGray(c) < 80;
            }
        }
        QVERIFY2(colours.size() > 40, qPrintable(QString::number(colours.size())));
        QVERIFY2(dark > 500, qPrintable(QString::number(dark)));
    }

    void exportsTheTraceAsChromeJsonAndCsv() {
        SessionController controller;
        MainWindow window(controller);
        window.setInteractive(false);
        QCOMPARE(window.openScenario(QStringLiteral("wavepci-render")), QString());
        controller.advanceBy(msToNs(50));
        controller.waitIdle();
        window.refreshNow();
        const TraceLogView& trace = window.shownSnapshot()->trace;
        QVERIFY(trace.size() > 100);
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("t.json"));
        const QString csv = dir.filePath(QStringLiteral("t.csv"));
        QCOMPARE(exportTraceForTest(trace, json), QString());
        QCOMPARE(exportTraceForTest(trace, csv), QString());
        QFile j(json);
        QVERIFY(j.open(QIODevice::ReadOnly));
        QVERIFY(j.readAll().startsWith("{\"traceEvents\":["));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!c.atEnd()) {
            c.readLine();
            ++lines;
        }
        QCOMPARE(static_cast<quint64>(lines), trace.size() + 1);  // header + one per record
        QVERIFY(exportTraceForTest(trace, QStringLiteral("/nonexistent-dir/t.csv"))
                    .contains(QStringLiteral("/nonexistent-dir/t.csv")));
    }

  private:
    static QString exportTraceForTest(const TraceLogView& trace, const QString& path);
};

}  // namespace ps

#include "app/gui/TraceExport.h"

QString ps::MainWindowTest::exportTraceForTest(const TraceLogView& trace, const QString& path) {
    return exportTrace(trace, path);
}

QTEST_MAIN(ps::MainWindowTest)
#include "MainWindowTest.moc"
