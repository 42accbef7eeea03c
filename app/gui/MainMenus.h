// The main window's menu bar: File (open, recent, export trace, export
// screenshot, preferences, quit), Scenarios (the built-in ones), Transport (the
// TransportActions) and View (one toggle per dock, added by the window).
// It only builds menus and forwards requests as signals. GUI thread.
#pragma once

#include <QObject>
#include <QStringList>

class QAction;
class QMainWindow;
class QMenu;

namespace ps {

class TransportActions;

class MainMenus : public QObject {
    Q_OBJECT
  public:
    MainMenus(QMainWindow* window, TransportActions* transport);

    void addViewAction(QAction* action);
    // Rebuilds File > Recent from the list (newest first).
    void setRecent(const QStringList& recent);

    QAction* openAction() const { return m_open; }
    QAction* exportTraceAction() const { return m_exportTrace; }
    QAction* exportScreenshotAction() const { return m_exportScreenshot; }
    QAction* preferencesAction() const { return m_preferences; }
    QMenu* scenariosMenu() const { return m_scenarios; }

  signals:
    void openFileRequested();
    void openRequested(const QString& pathOrName);
    void exportTraceRequested();
    void exportScreenshotRequested();
    void clearRecentRequested();
    void preferencesRequested();

  private:
    QAction* m_open;
    QAction* m_exportTrace;
    QAction* m_exportScreenshot;
    QAction* m_preferences;
    QMenu* m_recent;
    QMenu* m_scenarios;
    QMenu* m_view;
};

}  // namespace ps
