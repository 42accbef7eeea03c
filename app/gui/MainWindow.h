// The inspector's main window. It only assembles: the transport (a movable
// tool bar), the docks (stack tree, event log, explain pane; the domain
// views of later work dock in the same way), the menus (MainMenus) and the
// status bar (SessionStatusView). It owns no simulation logic: commands go
// to the SessionController, and a display timer (about 60 Hz) takes the
// newest snapshot and hands it to every view when it changed.
//
// Audio: setAudio() gives it the SessionAudio that plays live runs; the
// status bar then says what paces the run and the latency from the DAC to
// the speaker, and the cyclic-buffer view draws the audible position.
// File > Preferences chooses the output device (kept with QSettings; the
// change re-opens the output, the session goes on) and the input device
// capture streams record from; the status bar names both.
//
// Layout (dock positions, geometry), the live speed and the recent
// scenarios are kept with QSettings and restored at construction. When not
// interactive (screenshots, benchmarks, tests) errors are returned, never
// shown in dialogs. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>
#include <utility>

class QDockWidget;

namespace ps {

class CyclicBufferView;
class EventLogView;
class ExplainPane;
class MappingQueueView;
class RegisterView;
class SessionAudio;
class StreamResourcesView;
class MainMenus;
class SessionController;
class SessionStatusView;
class StackTreeView;
class TimelineView;
class TransportBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(SessionController& controller, QWidget* parent = nullptr);
    ~MainWindow() override;

    void setInteractive(bool interactive) { m_interactive = interactive; }
    // The live audio (may be null: silent, timer-paced). Not owned.
    void setAudio(SessionAudio* audio);
    SessionAudio* audio() const { return m_audio; }
    // Applies an output-device choice (as Preferences does, without the
    // dialog): saved, and the output re-opened.
    void chooseOutputDevice(const QString& device);
    // The same for the input device capture streams record from (the
    // session goes on; see SessionAudio).
    void chooseInputDevice(const QString& device);

    // Loads the scenario (file path or built-in name) and opens it in the
    // session; "" or the error (shown in a dialog when interactive). The
    // current session stays when loading fails.
    // minDurationNs: a scenario shorter than that runs that long (the frame
    // bench measures a running scenario, not its restarts).
    QString openScenario(const QString& pathOrName, TimeNs minDurationNs = 0);
    // Takes the newest snapshot now (the display timer does it on its own).
    void refreshNow();
    const std::shared_ptr<const SessionSnapshot>& shownSnapshot() const { return m_shown; }

    TransportBar* transport() const { return m_transport; }
    StackTreeView* stackTree() const { return m_stackTree; }
    SessionStatusView* statusView() const { return m_status; }
    MainMenus* menus() const { return m_menus; }
    EventLogView* eventLog() const { return m_eventLog; }
    ExplainPane* explainPane() const { return m_explain; }
    MappingQueueView* mappingQueueView() const { return m_mappingQueue; }
    CyclicBufferView* cyclicBufferView() const { return m_cyclicBuffer; }
    RegisterView* registerView() const { return m_registers; }
    StreamResourcesView* streamResourcesView() const { return m_resources; }
    TimelineView* timelineView() const { return m_timeline; }

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    QDockWidget* addDock(QWidget* view, const QString& title, const QString& objectName,
                         Qt::DockWidgetArea area);
    // Returns the event log's dock and the explain pane's.
    std::pair<QDockWidget*, QDockWidget*> createLogAndExplainDocks();
    // True when the event log repainted its rows.
    bool showInLogAndExplain(const SessionSnapshot& snapshot);
    // The mapping queue and the cyclic buffer, to the right of the stack tree.
    void createDomainDocks(QDockWidget* besideStack);
    // Registers and stream resources, tabbed with the cyclic buffer.
    void createRegisterAndResourceDocks();
    // The timeline plots, tabbed with the mapping queue, tied to the event log.
    void createTimelineDock();
    void connectTransport();
    void showSnapshot(const std::shared_ptr<const SessionSnapshot>& snapshot);
    void openFileDialog();
    void exportTraceDialog();
    void exportScreenshotDialog();
    void reportError(const QString& title, const QString& message);
    void showAudio();
    void preferencesDialog();
    void restoreSettings();
    void saveSettings();

    SessionController& m_controller;
    TransportBar* m_transport;
    StackTreeView* m_stackTree;
    SessionStatusView* m_status;
    MainMenus* m_menus;
    EventLogView* m_eventLog = nullptr;
    ExplainPane* m_explain = nullptr;
    MappingQueueView* m_mappingQueue = nullptr;
    CyclicBufferView* m_cyclicBuffer = nullptr;
    RegisterView* m_registers = nullptr;
    StreamResourcesView* m_resources = nullptr;
    SessionAudio* m_audio = nullptr;
    TimelineView* m_timeline = nullptr;
    QTimer m_displayTimer;
    std::shared_ptr<const SessionSnapshot> m_shown;
    QString m_shownError;
    bool m_interactive = true;
};

}  // namespace ps
