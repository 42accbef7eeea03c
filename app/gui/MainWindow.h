// The inspector's main window. For now it runs one built-in scenario paced to
// wall-clock time on a display timer and shows the newest trace records and a
// run status; the session controller, docks and views replace the body as
// they arrive (the window only assembles them, it owns no simulation logic).
#pragma once

#include "app/BuiltinScenarios.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <memory>

class QPlainTextEdit;

namespace ps {

class RunStatusView;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    MainWindow(const QString& scenario, std::unique_ptr<BuiltinRun> run, QWidget* parent = nullptr);

    // Advances the run by simulated time (used by --run-for and tests).
    void advanceBy(TimeNs deltaNs);

  private:
    void onDisplayTick();
    void refreshViews();

    QString m_scenario;
    std::unique_ptr<BuiltinRun> m_run;
    QPlainTextEdit* m_traceTail;
    RunStatusView* m_status;
    QTimer m_displayTimer;
    QElapsedTimer m_wallClock;
    qint64 m_lastWallNs = 0;
    std::uint64_t m_shownUpToIndex = 0;
};

}  // namespace ps
