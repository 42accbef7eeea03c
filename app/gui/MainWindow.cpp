#include "app/gui/MainWindow.h"

#include "model/sim/Tracer.h"
#include "widgets/RunStatusView.h"

#include <QFontDatabase>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStatusBar>

#include <string>

namespace ps {

namespace {
constexpr int kDisplayIntervalMs = 16;                // about 60 Hz
constexpr int kTraceTailLines = 500;                  // lines kept in the trace view
constexpr TimeNs kMaxAdvancePerTickNs = msToNs(100);  // after a stall, do not jump ahead
}  // namespace

MainWindow::MainWindow(const QString& scenario, std::unique_ptr<BuiltinRun> run, QWidget* parent)
    : QMainWindow(parent),
      m_scenario(scenario),
      m_run(std::move(run)),
      m_traceTail(new QPlainTextEdit(this)),
      m_status(new RunStatusView(this)) {
    setWindowTitle(tr("PortScope — %1").arg(scenario));
    m_traceTail->setReadOnly(true);
    m_traceTail->setMaximumBlockCount(kTraceTailLines);
    m_traceTail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_traceTail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_traceTail->setAccessibleName(tr("Trace"));
    setCentralWidget(m_traceTail);
    statusBar()->addPermanentWidget(m_status, 1);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    connect(&m_displayTimer, &QTimer::timeout, this, &MainWindow::onDisplayTick);
    m_wallClock.start();
    m_displayTimer.start(kDisplayIntervalMs);
    refreshViews();
}

void MainWindow::advanceBy(TimeNs deltaNs) {
    m_run->runUntil(m_run->nowNs() + deltaNs);
    refreshViews();
}

void MainWindow::onDisplayTick() {
    const qint64 wallNs = m_wallClock.nsecsElapsed();
    const TimeNs deltaNs = std::min<TimeNs>(wallNs - m_lastWallNs, kMaxAdvancePerTickNs);
    m_lastWallNs = wallNs;
    advanceBy(deltaNs);
}

void MainWindow::refreshViews() {
    const TraceRing& ring = m_run->tracer().ring();
    const std::uint64_t from = std::max<std::uint64_t>(
        m_shownUpToIndex,
        ring.endIndex() > kTraceTailLines ? ring.endIndex() - kTraceTailLines : 0);
    std::string line;
    ring.forEachFrom(from, [&](const TraceRecord& r) {
        line.clear();
        appendCanonical(r, line);
        m_traceTail->appendPlainText(QString::fromStdString(line));
    });
    m_shownUpToIndex = ring.endIndex();
    m_status->showStatus(RunStatus{m_run->nowNs(), m_run->eventsExecuted(),
                                   m_run->tracer().recordCount(), m_scenario});
}

}  // namespace ps
