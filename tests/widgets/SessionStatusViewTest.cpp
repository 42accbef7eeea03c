#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/SessionStatusView.h"

#include <QtTest>

namespace ps {

class SessionStatusViewTest : public QObject {
    Q_OBJECT
  private slots:
    void showsTimeStreamStatesGlitchesAndVerifier() {
        const auto snap = test::snapshotAt(msToNs(60));
        SessionStatusView view;
        view.showSnapshot(*snap);
        using F = SessionStatusView::Field;
        QCOMPARE(view.fieldText(F::Scenario), QStringLiteral("widget-test"));
        QCOMPARE(view.fieldText(F::SimTime), QStringLiteral("0:00:00.060 000"));
        QCOMPARE(view.fieldText(F::Streams),
                 QStringLiteral("pci out: RUN · rt out: RUN · rt in: RUN"));
        QCOMPARE(view.fieldText(F::Glitches),
                 QStringLiteral("%1 glitches").arg(snap->totalGlitches()));
        QCOMPARE(view.fieldText(F::Verifier),
                 QStringLiteral("verifier: %1 warnings").arg(snap->verifier.violations));
    }

    void saysWhatPacesTheRunAndTheLatency() {
        SessionStatusView view;
        using F = SessionStatusView::Field;
        view.showAudio(QStringLiteral("audio: pulse"), msToNs(172) + 400'000,
                       QStringLiteral("tip"));
        QCOMPARE(view.fieldText(F::Audio),
                 QStringLiteral("audio: pulse · latency DAC→speaker: 172 ms"));
        view.showAudio(QStringLiteral("audio: none (timer) — no audio output device"), -1, {});
        QCOMPARE(view.fieldText(F::Audio),
                 QStringLiteral("audio: none (timer) — no audio output device"));
    }

    void countsGlitchesOverStreamsAndShowsFindings() {
        SessionSnapshot snap;
        snap.scenarioName = "hand-made";
        snap.streams.resize(2);
        snap.streams[0].name = "a";
        snap.streams[0].state = "KSSTATE_PAUSE";
        snap.streams[0].glitches = 2;
        snap.streams[1].name = "b";
        snap.streams[1].state = "KSSTATE_STOP";
        snap.streams[1].glitches = 1;
        snap.verifier.violations = 1;
        snap.verifier.newestMessages = {"ReleaseMapping out of order: tag 3"};
        SessionStatusView view;
        view.showSnapshot(snap);
        using F = SessionStatusView::Field;
        QCOMPARE(view.fieldText(F::Streams), QStringLiteral("a: PAUSE · b: STOP"));
        QCOMPARE(view.fieldText(F::Glitches), QStringLiteral("3 glitches"));
        QCOMPARE(view.fieldText(F::Verifier), QStringLiteral("verifier: 1 warning"));
        snap.error = "streams[0]: bad";
        view.showSnapshot(snap);
        QCOMPARE(view.fieldText(F::Scenario), QStringLiteral("hand-made (failed to start)"));
    }

    void shortStateNames() {
        QCOMPARE(shortKsState("KSSTATE_ACQUIRE"), QStringLiteral("ACQUIRE"));
        QCOMPARE(shortKsState("odd"), QStringLiteral("odd"));
    }
};

}  // namespace ps

QTEST_MAIN(ps::SessionStatusViewTest)
#include "SessionStatusViewTest.moc"
