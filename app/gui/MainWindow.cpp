#include "app/gui/MainWindow.h"

#include "app/gui/MainMenus.h"
#include "app/gui/PreferencesDialog.h"
#include "app/gui/RecentScenarios.h"
#include "app/gui/ScenarioSource.h"
#include "app/gui/SessionAudio.h"
#include "app/gui/TraceExport.h"
#include "app/session/SessionController.h"
#include "model/scenario/ScenarioRun.h"
#include "widgets/CyclicBufferView.h"
#include "widgets/EventLogView.h"
#include "widgets/ExplainPane.h"
#include "widgets/MappingQueueView.h"
#include "widgets/RegisterView.h"
#include "widgets/SessionStatusView.h"
#include "widgets/SimTimeFormat.h"
#include "widgets/StackTreeView.h"
#include "widgets/StreamResourcesView.h"
#include "widgets/TimelineView.h"
#include "widgets/TransportActions.h"
#include "widgets/TransportBar.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>

namespace ps {

namespace {
constexpr int kDisplayIntervalMs = 16;  // about 60 Hz

}  // namespace

MainWindow::MainWindow(SessionController& controller, QWidget* parent)
    : QMainWindow(parent),
      m_controller(controller),
      m_transport(new TransportBar(this)),
      m_stackTree(new StackTreeView(this)),
      m_status(new SessionStatusView(this)),
      m_menus(new MainMenus(this, m_transport->actions())) {
    setWindowTitle(tr("PortScope"));
    setDockNestingEnabled(true);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    auto* toolbar = new QToolBar(tr("Transport"), this);
    toolbar->setObjectName(QStringLiteral("transportToolBar"));
    toolbar->addWidget(m_transport);
    addToolBar(Qt::TopToolBarArea, toolbar);
    m_menus->addViewAction(toolbar->toggleViewAction());

    // No central widget: every view is a dock the user can move, tab or close.
    // By default the stack tree sits at the top left (the domain views dock
    // to its right) and the event log with its explanations spans the bottom.
    setCentralWidget(nullptr);
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    QDockWidget* stack =
        addDock(m_stackTree, tr("Stack"), QStringLiteral("stackDock"), Qt::LeftDockWidgetArea);
    const auto [log, explain] = createLogAndExplainDocks();
    createDomainDocks(stack);
    createRegisterAndResourceDocks();
    createTimelineDock();
    // The default split (a saved layout replaces it in restoreSettings()).
    resizeDocks({stack, log}, {560, 400}, Qt::Vertical);
    resizeDocks({log, explain}, {1180, 420}, Qt::Horizontal);
    statusBar()->addPermanentWidget(m_status, 1);

    connect(m_menus, &MainMenus::openFileRequested, this, &MainWindow::openFileDialog);
    connect(m_menus, &MainMenus::openRequested, this,
            [this](const QString& s) { openScenario(s); });
    connect(m_menus, &MainMenus::exportTraceRequested, this, &MainWindow::exportTraceDialog);
    connect(m_menus, &MainMenus::exportScreenshotRequested, this,
            &MainWindow::exportScreenshotDialog);
    connect(m_menus, &MainMenus::preferencesRequested, this, &MainWindow::preferencesDialog);
    connect(m_menus, &MainMenus::clearRecentRequested, this, [this] {
        RecentScenarios::clear();
        m_menus->setRecent({});
    });
    connectTransport();
    restoreSettings();

    connect(&m_displayTimer, &QTimer::timeout, this, &MainWindow::refreshNow);
    m_displayTimer.setTimerType(Qt::PreciseTimer);
    m_displayTimer.start(kDisplayIntervalMs);
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(QWidget* view, const QString& title, const QString& objectName,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(view);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    m_menus->addViewAction(dock->toggleViewAction());
    return dock;
}

// ---- Event log and explain pane ---------------------------------------------
// Selecting a record in the log explains it in the pane.
std::pair<QDockWidget*, QDockWidget*> MainWindow::createLogAndExplainDocks() {
    m_eventLog = new EventLogView(this);
    m_explain = new ExplainPane(this);
    connect(m_eventLog, &EventLogView::recordSelected, m_explain,
            [this](quint64, const QString& key) { m_explain->showTopic(key); });
    QDockWidget* log = addDock(m_eventLog, tr("Event log"), QStringLiteral("eventLogDock"),
                               Qt::BottomDockWidgetArea);
    QDockWidget* explain =
        addDock(m_explain, tr("Explain"), QStringLiteral("explainDock"), Qt::BottomDockWidgetArea);
    splitDockWidget(log, explain, Qt::Horizontal);
    return {log, explain};
}

bool MainWindow::showInLogAndExplain(const SessionSnapshot& snapshot) {
    std::vector<QString> names;
    for (const StreamSnapshot& stream : snapshot.streams) {
        if (names.size() <= stream.streamId)
            names.resize(stream.streamId + 1u);
        names[stream.streamId] = QString::fromStdString(stream.name);
    }
    m_eventLog->setStreamNames(std::move(names));
    return m_eventLog->setTrace(snapshot.trace);
}
// -----------------------------------------------------------------------------

// ---- Mapping queue and cyclic buffer ----------------------------------------
// Side by side below the stack tree; showSnapshot() feeds them.
void MainWindow::createDomainDocks(QDockWidget* besideStack) {
    m_mappingQueue = new MappingQueueView(this);
    m_cyclicBuffer = new CyclicBufferView(this);
    QDockWidget* queue = addDock(m_mappingQueue, tr("Mapping queue"),
                                 QStringLiteral("mappingQueueDock"), Qt::RightDockWidgetArea);
    QDockWidget* buffer = addDock(m_cyclicBuffer, tr("Cyclic buffer"),
                                  QStringLiteral("cyclicBufferDock"), Qt::RightDockWidgetArea);
    splitDockWidget(queue, buffer, Qt::Horizontal);
    resizeDocks({besideStack, queue, buffer}, {480, 560, 560}, Qt::Horizontal);
}
// -----------------------------------------------------------------------------

// ---- Registers and stream resources -----------------------------------------
// Tabs behind the cyclic buffer; selecting a register explains it.
void MainWindow::createRegisterAndResourceDocks() {
    m_registers = new RegisterView(this);
    m_resources = new StreamResourcesView(this);
    connect(m_registers, &RegisterView::explainRequested, m_explain,
            [this](const QString& key) { m_explain->showTopic(key); });
    QDockWidget* registers = addDock(m_registers, tr("Registers"), QStringLiteral("registersDock"),
                                     Qt::LeftDockWidgetArea);
    QDockWidget* resources = addDock(m_resources, tr("Stream resources"),
                                     QStringLiteral("streamResourcesDock"), Qt::LeftDockWidgetArea);
    if (auto* buffer = findChild<QDockWidget*>(QStringLiteral("cyclicBufferDock"))) {
        tabifyDockWidget(buffer, registers);
        tabifyDockWidget(registers, resources);
        buffer->raise();
    }
}
// -----------------------------------------------------------------------------

// ---- Timeline ---------------------------------------------------------------
// Tabbed in front of the mapping queue. A click on a plotted point selects its
// record in the event log; selecting a record there puts the plots' cursor
// at its time.
void MainWindow::createTimelineDock() {
    m_timeline = new TimelineView(this);
    QDockWidget* timeline = addDock(m_timeline, tr("Timeline"), QStringLiteral("timelineDock"),
                                    Qt::RightDockWidgetArea);
    if (auto* queue = findChild<QDockWidget*>(QStringLiteral("mappingQueueDock"))) {
        tabifyDockWidget(queue, timeline);
        timeline->raise();
    }
    connect(m_timeline, &TimelineView::recordClicked, m_eventLog,
            [this](quint64 index) { m_eventLog->selectRecord(index); });
    connect(m_eventLog, &EventLogView::recordSelected, m_timeline, [this](quint64 index) {
        if (const TraceRecord* r = m_shown ? m_shown->trace.find(index) : nullptr) {
            m_timeline->showRecordTime(r->timeNs);
        }
    });
}
// -----------------------------------------------------------------------------

void MainWindow::connectTransport() {
    SessionController& c = m_controller;
    connect(m_transport, &TransportBar::runLiveRequested, this, [&c] { c.runLive(); });
    connect(m_transport, &TransportBar::pauseRequested, this, [&c] { c.pause(); });
    connect(m_transport, &TransportBar::fastForwardRequested, this, [&c] { c.fastForward(); });
    connect(m_transport, &TransportBar::stopRequested, this, [&c] { c.stop(); });
    connect(m_transport, &TransportBar::stepRequested, this, [&c](StepUnit u) { c.step(u); });
    connect(m_transport, &TransportBar::stepBackRequested, this,
            [&c](StepUnit u) { c.stepBack(u); });
    connect(m_transport, &TransportBar::speedChanged, this, [&c](double s) { c.setSpeed(s); });
}

QString MainWindow::openScenario(const QString& pathOrName, TimeNs minDurationNs) {
    OpenedScenario opened = loadScenario(pathOrName);
    if (opened.spec && opened.spec->durationNs < minDurationNs) {
        opened.spec->durationNs = minDurationNs;
    }
    QString error = opened.error;
    if (error.isEmpty()) {
        const std::string problem = ScenarioRun::check(*opened.spec);
        if (!problem.empty()) {
            error = QString::fromStdString(problem);
        }
    }
    if (!error.isEmpty()) {
        reportError(tr("Cannot open %1").arg(pathOrName), error);
        return error;
    }
    m_controller.open(*opened.spec, opened.name.toStdString());
    m_controller.setSpeed(m_transport->speed());
    setWindowTitle(tr("PortScope — %1").arg(opened.name));
    RecentScenarios::add(pathOrName);
    m_menus->setRecent(RecentScenarios::load());
    return {};
}

void MainWindow::refreshNow() {
    std::shared_ptr<const SessionSnapshot> snap = m_controller.latest();
    if (snap && (!m_shown || snap->generation != m_shown->generation)) {
        showSnapshot(snap);
    }
    showAudio();
}

// ---- Live audio ---------------------------------------------------------------
void MainWindow::setAudio(SessionAudio* audio) {
    m_audio = audio;
    if (m_audio != nullptr) {
        m_audio->bind(m_controller);
    }
    showAudio();
}

// What is heard lags the DAC by the audio queued after it (the mixer's
// hold-back, the ring, the device's buffer): the audible time comes from the
// output's consumed-frame clock, the DAC's from the snapshot.
void MainWindow::showAudio() {
    if (m_audio == nullptr) {
        m_status->showAudio(tr("audio: none (timer)"), -1, QString());
        m_status->showInput(tr("input: scenario source"), QString());
        m_cyclicBuffer->setAudibleLagNs(-1);
        return;
    }
    TimeNs lagNs = -1;
    QString tip = m_audio->statusText();
    if (m_audio->feeding() && m_shown && m_shown->runState == SessionRunState::Live) {
        const TimeNs audible = m_audio->audibleSimTimeNs();
        lagNs = std::max<TimeNs>(0, m_shown->simTimeNs - audible);
        tip += tr("\nheard now: %1").arg(formatSimTime(audible));
    }
    if (const LiveAudioOutput* out = m_audio->output()) {
        tip += tr("\n%1").arg(out->formatText());
        if (out->usingDevice()) {
            tip += tr(", device buffer %1 ms").arg(out->deviceBufferNs() / 1'000'000);
        }
    }
    m_status->showAudio(m_audio->statusText(), lagNs, tip);
    m_cyclicBuffer->setAudibleLagNs(lagNs);
    const LiveAudioInput& input = m_audio->input();
    QString inputTip = m_audio->inputStatusText();
    if (input.usingDevice()) {
        inputTip += tr("\ncapture tapes: %1 stream(s), at most %2 s each; replays read them")
                        .arg(input.tapeCount())
                        .arg(static_cast<double>(input.tapeLimitNs()) / 1e9);
        inputTip += tr("\nframes short: %1, dropped: %2, replayed as silence past a full tape: %3")
                        .arg(input.shortfallFrames())
                        .arg(input.droppedFrames())
                        .arg(input.inexactFrames());
    }
    m_status->showInput(m_audio->inputStatusText(), inputTip);
}

void MainWindow::chooseOutputDevice(const QString& device) {
    PreferencesDialog::saveOutputDevice(device);
    if (m_audio != nullptr && !m_audio->forcedOff()) {
        m_audio->reopen(m_controller, device);
    }
    showAudio();
}

void MainWindow::chooseInputDevice(const QString& device) {
    PreferencesDialog::saveInputDevice(device);
    if (m_audio != nullptr && !m_audio->forcedOff()) {
        m_audio->reopenInput(device);
    }
    showAudio();
}

void MainWindow::preferencesDialog() {
    const QString current =
        m_audio != nullptr ? m_audio->deviceChoice() : PreferencesDialog::savedOutputDevice();
    const QString currentInput =
        m_audio != nullptr ? m_audio->inputChoice() : PreferencesDialog::savedInputDevice();
    PreferencesDialog dialog(current, currentInput, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    if (dialog.outputDevice() != current) {
        chooseOutputDevice(dialog.outputDevice());
    }
    if (dialog.inputDevice() != currentInput) {
        chooseInputDevice(dialog.inputDevice());
    }
}
// -----------------------------------------------------------------------------

void MainWindow::showSnapshot(const std::shared_ptr<const SessionSnapshot>& snapshot) {
    std::shared_ptr<const SessionSnapshot> previous = std::move(m_shown);
    m_shown = snapshot;
    m_transport->showSnapshot(*snapshot);
    m_stackTree->showSnapshot(*snapshot);
    m_status->showSnapshot(*snapshot);
    // Following a live run, the log repaints every few frames; on those
    // frames the timeline waits its turn, so no frame pays for both.
    const bool logRepainted = showInLogAndExplain(*snapshot);
    m_mappingQueue->showSnapshot(*snapshot);
    m_cyclicBuffer->showSnapshot(*snapshot);
    m_registers->showSnapshot(*snapshot);
    m_resources->showSnapshot(*snapshot);
    m_timeline->showSnapshot(*snapshot, !logRepainted);
    const QString error = QString::fromStdString(snapshot->error);
    if (!error.isEmpty() && error != m_shownError) {
        reportError(tr("The scenario did not start"), error);
    }
    m_shownError = error;
    // Every view has let go of the previous snapshot now.
    m_controller.releaseOnSimulationThread(std::move(previous));
}

void MainWindow::reportError(const QString& title, const QString& message) {
    statusBar()->showMessage(
        title + QStringLiteral(": ") + message.section(QLatin1Char('\n'), 0, 0), 10000);
    if (m_interactive) {
        QMessageBox box(QMessageBox::Warning, title, title, QMessageBox::Ok, this);
        box.setInformativeText(message);
        box.exec();
    }
}

void MainWindow::openFileDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                      tr("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        openScenario(path);
    }
}

void MainWindow::exportTraceDialog() {
    if (!m_shown || m_shown->trace.empty()) {
        reportError(tr("Nothing to export"), tr("The session has no trace records yet."));
        return;
    }
    QString filter;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export trace"), QStringLiteral("trace.json"),
                                     tr("Chrome trace (*.json);;CSV (*.csv)"), &filter);
    if (path.isEmpty()) {
        return;
    }
    const QString error = exportTrace(m_shown->trace, path);
    if (!error.isEmpty()) {
        reportError(tr("Export failed"), error);
    } else {
        statusBar()->showMessage(tr("Wrote %1 records to %2").arg(m_shown->trace.size()).arg(path),
                                 5000);
    }
}

void MainWindow::exportScreenshotDialog() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export screenshot"), QStringLiteral("portscope.png"), tr("PNG image (*.png)"));
    if (path.isEmpty()) {
        return;
    }
    if (!grab().save(path, "PNG")) {
        reportError(tr("Export failed"), tr("Could not write %1").arg(path));
    }
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    const double speed = settings.value(QStringLiteral("transport/speed"), 1.0).toDouble();
    m_transport->setSpeed(speed);
    m_menus->setRecent(RecentScenarios::load());
}

void MainWindow::saveSettings() {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("transport/speed"), m_transport->speed());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    event->accept();
}

}  // namespace ps
