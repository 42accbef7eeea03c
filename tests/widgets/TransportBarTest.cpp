#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/TransportActions.h"
#include "widgets/TransportBar.h"

#include <QAction>
#include <QComboBox>
#include <QSignalSpy>
#include <QtTest>

Q_DECLARE_METATYPE(ps::StepUnit)

namespace ps {

class TransportBarTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { qRegisterMetaType<ps::StepUnit>(); }

    void showsSimulatedTimeAndState() {
        const auto snap = test::snapshotAt(msToNs(25));
        TransportBar bar;
        bar.showSnapshot(*snap);
        QCOMPARE(bar.timeText(), QStringLiteral("0:00:00.025 000 / 0:00:00.300 000"));
        QCOMPARE(bar.stateText(), QStringLiteral("paused · event %1").arg(snap->eventsExecuted));
        SessionSnapshot live = *snap;
        live.runState = SessionRunState::Live;
        bar.showSnapshot(live);
        QVERIFY(bar.stateText().startsWith(QStringLiteral("live")));
        QVERIFY(bar.actions()->pause()->isEnabled());
        QVERIFY(!bar.actions()->runLive()->isEnabled());
    }

    void enablesWhatMakesSense() {
        TransportBar bar;
        bar.showSnapshot(SessionSnapshot{});  // no scenario
        QCOMPARE(bar.stateText(), QStringLiteral("no scenario"));
        for (QAction* a : {bar.actions()->runLive(), bar.actions()->step(),
                           bar.actions()->stepBack(), bar.actions()->pause()}) {
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
        }
        SessionSnapshot atStart;
        atStart.runState = SessionRunState::Paused;
        bar.showSnapshot(atStart);
        QVERIFY(bar.actions()->step()->isEnabled());
        QVERIFY(!bar.actions()->stepBack()->isEnabled());  // event 0: nothing behind
        QVERIFY(!bar.actions()->pause()->isEnabled());
        atStart.eventsExecuted = 10;
        bar.showSnapshot(atStart);
        QVERIFY(bar.actions()->stepBack()->isEnabled());
        atStart.runState = SessionRunState::Finished;
        bar.showSnapshot(atStart);
        QVERIFY(!bar.actions()->step()->isEnabled());
        QVERIFY(!bar.actions()->runLive()->isEnabled());
    }

    void everyActionHasAShortcutShownInItsTooltip() {
        TransportBar bar;
        QSet<QString> keys;
        for (QAction* a : bar.actions()->all()) {
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->text()));
            const QString key = a->shortcut().toString(QKeySequence::NativeText);
            QVERIFY2(a->toolTip().contains(QStringLiteral("(%1)").arg(key)),
                     qPrintable(a->toolTip()));
            keys.insert(key);
        }
        QCOMPARE(keys.size(), bar.actions()->all().size());  // no two alike
        QCOMPARE(bar.actions()->runLive()->shortcut(), QKeySequence(Qt::Key_F5));
        QCOMPARE(bar.actions()->step()->shortcut(), QKeySequence(Qt::Key_F10));
    }

    void stepsByTheChosenUnit() {
        TransportBar bar;
        QSignalSpy step(&bar, &TransportBar::stepRequested);
        QSignalSpy back(&bar, &TransportBar::stepBackRequested);
        QVERIFY(step.isValid() && back.isValid());
        bar.actions()->step()->trigger();
        QCOMPARE(step.count(), 1);
        QCOMPARE(step.at(0).at(0).value<StepUnit>(), StepUnit::Event);

        bar.actions()->unitAction(StepUnit::Descriptor)->trigger();
        QCOMPARE(bar.unit(), StepUnit::Descriptor);
        QCOMPARE(bar.findChild<QComboBox*>()->currentText(), QStringLiteral("descriptor"));
        bar.actions()->stepBack()->trigger();
        QCOMPARE(back.count(), 1);
        QCOMPARE(back.at(0).at(0).value<StepUnit>(), StepUnit::Descriptor);

        bar.findChild<QComboBox*>()->setCurrentIndex(static_cast<int>(StepUnit::DdiCall));
        QVERIFY(bar.actions()->unitAction(StepUnit::DdiCall)->isChecked());
        bar.actions()->step()->trigger();
        QCOMPARE(step.at(1).at(0).value<StepUnit>(), StepUnit::DdiCall);
    }

    void speedControl() {
        TransportBar bar;
        QCOMPARE(bar.speed(), 1.0);
        QSignalSpy speed(&bar, &TransportBar::speedChanged);
        bar.actions()->faster()->trigger();
        QCOMPARE(bar.speed(), 2.0);
        QCOMPARE(speed.count(), 1);
        QCOMPARE(speed.at(0).at(0).toDouble(), 2.0);
        bar.actions()->slower()->trigger();
        bar.actions()->slower()->trigger();
        QCOMPARE(bar.speed(), 0.5);
        bar.setSpeed(9.0);
        QCOMPARE(bar.speed(), 10.0);
        bar.actions()->faster()->trigger();  // already the fastest
        QCOMPARE(bar.speed(), 10.0);
    }

    void transportRequestsAreSignals() {
        TransportBar bar;
        QSignalSpy live(&bar, &TransportBar::runLiveRequested);
        QSignalSpy pause(&bar, &TransportBar::pauseRequested);
        QSignalSpy ff(&bar, &TransportBar::fastForwardRequested);
        QSignalSpy stop(&bar, &TransportBar::stopRequested);
        SessionSnapshot paused;
        paused.runState = SessionRunState::Paused;
        bar.showSnapshot(paused);
        bar.actions()->runLive()->trigger();
        bar.actions()->fastForward()->trigger();
        bar.actions()->stop()->trigger();
        paused.runState = SessionRunState::Live;
        bar.showSnapshot(paused);
        bar.actions()->pause()->trigger();
        QCOMPARE(live.count(), 1);
        QCOMPARE(ff.count(), 1);
        QCOMPARE(stop.count(), 1);
        QCOMPARE(pause.count(), 1);
    }
};

}  // namespace ps

QTEST_MAIN(ps::TransportBarTest)
#include "TransportBarTest.moc"
