#include "widgets/RunStatusView.h"
#include "widgets/SimTimeFormat.h"

#include <QtTest>

namespace ps {

class RunStatusViewTest : public QObject {
    Q_OBJECT
  private slots:
    void formatsSimulatedTime_data() {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << "0:00:00.000 000";
        QTest::newRow("sub-microsecond") << qint64(999) << "0:00:00.000 000";
        QTest::newRow("one frame at 48k") << qint64(20'833) << "0:00:00.000 020";
        QTest::newRow("h:m:s") << qint64(3'723'004'005'000) << "1:02:03.004 005";
        QTest::newRow("a day") << qint64(86'400) * 1'000'000'000 << "24:00:00.000 000";
        QTest::newRow("negative") << qint64(-1'500'000) << "-0:00:00.001 500";
        QTest::newRow("min") << std::numeric_limits<qint64>::min() << "-2562047:47:16.854 775";
    }
    void formatsSimulatedTime() {
        QFETCH(qint64, ns);
        QFETCH(QString, text);
        QCOMPARE(formatSimTime(ns), text);
    }

    void showsTheSnapshotItIsGiven() {
        RunStatusView view;
        QCOMPARE(view.fieldText(RunStatusView::Field::Scenario), QStringLiteral("no scenario"));
        view.showStatus(
            RunStatus{secondsToNs(2) + usToNs(7), 1234, 567, QStringLiteral("kernel-demo")});
        QCOMPARE(view.fieldText(RunStatusView::Field::Scenario), QStringLiteral("kernel-demo"));
        QCOMPARE(view.fieldText(RunStatusView::Field::SimTime), QStringLiteral("0:00:02.000 007"));
        QCOMPARE(view.fieldText(RunStatusView::Field::Events), QStringLiteral("1234 events"));
        QCOMPARE(view.fieldText(RunStatusView::Field::TraceRecords),
                 QStringLiteral("567 trace records"));
        const QPixmap pixmap = view.grab();
        QVERIFY(!pixmap.isNull());
        QVERIFY(pixmap.width() > 100);
    }
};

}  // namespace ps

QTEST_MAIN(ps::RunStatusViewTest)
#include "RunStatusViewTest.moc"
