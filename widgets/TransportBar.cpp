#include "widgets/TransportBar.h"

#include "widgets/FixedSizeLabel.h"
#include "widgets/LiveLabel.h"

#include "widgets/SimTimeFormat.h"
#include "widgets/TransportActions.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include <cmath>

namespace ps {

QList<double> TransportBar::speeds() {
    return {0.01, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0};
}

TransportBar::TransportBar(QWidget* parent)
    : QWidget(parent),
      m_actions(new TransportActions(this)),
      m_unit(new QComboBox(this)),
      m_speed(new QComboBox(this)),
      m_time(new LiveLabel(this)),
      m_state(new LiveLabel(this)) {
    // One flat background under the buttons and the labels: the labels
    // that change every frame (LiveLabel) paint their own, which would
    // show as boxes on the tool bar's gradient.
    setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    const auto button = [&](QAction* action) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(action);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setAutoRaise(true);
        layout->addWidget(b);
    };
    for (QAction* a : {m_actions->runLive(), m_actions->pause(), m_actions->fastForward(),
                       m_actions->stop(), m_actions->stepBack(), m_actions->step()}) {
        button(a);
    }

    for (int i = 0; i < kStepUnitCount; ++i) {
        m_unit->addItem(QString::fromLatin1(stepUnitName(static_cast<StepUnit>(i))));
    }
    m_unit->setToolTip(tr("What step and step back move by (Alt+1 … Alt+5)"));
    m_unit->setAccessibleName(tr("Step unit"));
    layout->addWidget(m_unit);

    for (double s : speeds()) {
        m_speed->addItem(QStringLiteral("%1×").arg(s), s);
    }
    m_speed->setCurrentIndex(static_cast<int>(speeds().indexOf(1.0)));
    m_speed->setToolTip(
        tr("Live speed: simulated seconds per second (Ctrl+[ slower, Ctrl+] faster)"));
    m_speed->setAccessibleName(tr("Speed"));
    layout->addWidget(m_speed);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.25);
    m_time->setFont(mono);
    m_time->setToolTip(tr("Simulated time (h:mm:ss.mmm µs) of the run's duration"));
    fixLabelSize(m_time, QStringLiteral("00:00:00.000 000 / 00:00:00.000 000"));
    fixLabelSize(m_state, QStringLiteral("fast-forward · event 0000000000"));
    layout->addSpacing(12);
    layout->addWidget(m_time);
    layout->addWidget(m_state);
    layout->addStretch(1);

    connect(m_actions->runLive(), &QAction::triggered, this, &TransportBar::runLiveRequested);
    connect(m_actions->pause(), &QAction::triggered, this, &TransportBar::pauseRequested);
    connect(m_actions->fastForward(), &QAction::triggered, this,
            &TransportBar::fastForwardRequested);
    connect(m_actions->stop(), &QAction::triggered, this, &TransportBar::stopRequested);
    connect(m_actions->step(), &QAction::triggered, this,
            [this] { emit stepRequested(m_actions->unit()); });
    connect(m_actions->stepBack(), &QAction::triggered, this,
            [this] { emit stepBackRequested(m_actions->unit()); });
    connect(m_actions->faster(), &QAction::triggered, this, [this] { changeSpeedIndex(1); });
    connect(m_actions->slower(), &QAction::triggered, this, [this] { changeSpeedIndex(-1); });
    connect(m_unit, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
            [this](int i) { m_actions->setUnit(static_cast<StepUnit>(i)); });
    connect(m_actions, &TransportActions::unitChanged, this,
            [this](StepUnit u) { m_unit->setCurrentIndex(static_cast<int>(u)); });
    connect(m_speed, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
            [this](int) { emit speedChanged(speed()); });

    showSnapshot(SessionSnapshot{});
}

void TransportBar::changeSpeedIndex(int delta) {
    const int i = std::clamp(m_speed->currentIndex() + delta, 0, m_speed->count() - 1);
    m_speed->setCurrentIndex(i);
}

void TransportBar::setSpeed(double speed) {
    int best = 0;
    for (int i = 0; i < m_speed->count(); ++i) {
        if (std::abs(m_speed->itemData(i).toDouble() - speed) <
            std::abs(m_speed->itemData(best).toDouble() - speed)) {
            best = i;
        }
    }
    m_speed->setCurrentIndex(best);
}

double TransportBar::speed() const {
    return m_speed->currentData().toDouble();
}

StepUnit TransportBar::unit() const {
    return m_actions->unit();
}

QString TransportBar::timeText() const {
    return m_time->text();
}

QString TransportBar::stateText() const {
    return m_state->text();
}

void TransportBar::showSnapshot(const SessionSnapshot& snapshot) {
    const QString time = QStringLiteral("%1 / %2").arg(formatSimTime(snapshot.simTimeNs),
                                                       formatSimTime(snapshot.durationNs));
    if (m_time->text() != time) {
        m_time->setText(time);
        m_time->setAccessibleName(time);
    }
    const SessionRunState state = snapshot.runState;
    QString stateText = QString::fromLatin1(sessionRunStateName(state));
    if (state != SessionRunState::Empty) {
        stateText += tr(" · event %1").arg(snapshot.eventsExecuted);
    }
    if (m_state->text() != stateText) {
        m_state->setText(stateText);
    }
    const bool open = state != SessionRunState::Empty;
    const bool running = state == SessionRunState::Live || state == SessionRunState::FastForward;
    const bool finished = state == SessionRunState::Finished;
    m_actions->runLive()->setEnabled(open && !finished && state != SessionRunState::Live);
    m_actions->fastForward()->setEnabled(open && !finished &&
                                         state != SessionRunState::FastForward);
    m_actions->pause()->setEnabled(running);
    m_actions->stop()->setEnabled(open);
    m_actions->step()->setEnabled(open && !finished);
    m_actions->stepBack()->setEnabled(open && snapshot.eventsExecuted > 0);
}

}  // namespace ps
