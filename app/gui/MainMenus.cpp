#include "app/gui/MainMenus.h"

#include "app/BuiltinScenarios.h"
#include "widgets/TransportActions.h"

#include <QAction>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace ps {

MainMenus::MainMenus(QMainWindow* window, TransportActions* transport) : QObject(window) {
    QMenuBar* bar = window->menuBar();

    QMenu* file = bar->addMenu(tr("&File"));
    m_open = file->addAction(tr("&Open scenario…"), this, &MainMenus::openFileRequested);
    m_open->setShortcut(QKeySequence::Open);
    m_recent = file->addMenu(tr("Open &recent"));
    file->addSeparator();
    m_exportTrace = file->addAction(tr("&Export trace…"), this, &MainMenus::exportTraceRequested);
    m_exportTrace->setShortcut(Qt::CTRL | Qt::Key_E);
    m_exportTrace->setStatusTip(tr("Write the trace so far as Chrome trace JSON or CSV"));
    m_exportScreenshot =
        file->addAction(tr("Export &screenshot…"), this, &MainMenus::exportScreenshotRequested);
    m_exportScreenshot->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    file->addSeparator();
    m_preferences = file->addAction(tr("&Preferences…"), this, &MainMenus::preferencesRequested);
    m_preferences->setShortcut(QKeySequence::Preferences);
    m_preferences->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), window, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_scenarios = bar->addMenu(tr("&Scenarios"));
    for (const BuiltinScenarioInfo& info : builtinScenarios()) {
        QAction* a = m_scenarios->addAction(info.name);
        a->setStatusTip(info.description);
        a->setToolTip(info.description);
        connect(a, &QAction::triggered, this,
                [this, name = info.name] { emit openRequested(name); });
    }
    m_scenarios->setToolTipsVisible(true);

    QMenu* run = bar->addMenu(tr("&Transport"));
    for (QAction* a :
         {transport->runLive(), transport->pause(), transport->fastForward(), transport->stop()}) {
        run->addAction(a);
    }
    run->addSeparator();
    run->addAction(transport->step());
    run->addAction(transport->stepBack());
    QMenu* units = run->addMenu(tr("Step &unit"));
    for (int i = 0; i < kStepUnitCount; ++i) {
        units->addAction(transport->unitAction(static_cast<StepUnit>(i)));
    }
    run->addSeparator();
    run->addAction(transport->faster());
    run->addAction(transport->slower());

    m_view = bar->addMenu(tr("&View"));
    setRecent({});
}

void MainMenus::addViewAction(QAction* action) {
    m_view->addAction(action);
}

void MainMenus::setRecent(const QStringList& recent) {
    m_recent->clear();
    for (const QString& entry : recent) {
        const QFileInfo info(entry);
        QAction* a = m_recent->addAction(info.exists() ? info.fileName() : entry);
        a->setStatusTip(entry);
        connect(a, &QAction::triggered, this, [this, entry] { emit openRequested(entry); });
    }
    if (!recent.isEmpty()) {
        m_recent->addSeparator();
        m_recent->addAction(tr("Clear list"), this, &MainMenus::clearRecentRequested);
    }
    m_recent->setEnabled(!recent.isEmpty());
}

}  // namespace ps
