#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/StreamResourcesModels.h"
#include "widgets/StreamResourcesView.h"

#include <QtTest>

namespace ps {

namespace {

QString text(const QAbstractItemModel& m, int row, int column) {
    return m.data(m.index(row, column), Qt::DisplayRole).toString();
}

StreamResourcesSnapshot handMade() {
    StreamResourcesSnapshot r;
    r.osVersion = "windows-10-rtm";
    r.offeredInterfaces = {"IPortClsStreamResourceManager", "PcAddStreamResource",
                           "PcRemoveStreamResource"};
    r.interferenceEnabled = true;
    r.lowLatencyStreamsRunning = 1;
    r.shieldingOn = true;
    r.dpcDelays = 7;
    r.dpcShielded = 3;
    AdapterResourcesSnapshot a;
    a.name = "HD Audio WaveRT adapter 0";
    a.pdo = "PDO";
    a.powerState = "D3";
    a.poweringUp = true;
    a.d0ReadyAtNs = msToNs(35);
    a.exitLatency = "PcExitLatencyFast";
    a.exitLatencyNs = msToNs(35);
    a.registeredNow = 1;
    a.addCount = 2;
    a.removeCount = 1;
    StreamResourceRegistrationSnapshot irq;
    irq.handle = 1;
    irq.type = "ePcStreamResourceInterrupt";
    irq.owner = "hda interrupt";
    irq.resourceId = 2;
    irq.method = "PcAddStreamResource";
    irq.pdo = "PDO";
    irq.registeredAtNs = msToNs(1);
    irq.removedAtNs = msToNs(20);
    irq.removed = true;
    StreamResourceRegistrationSnapshot thread = irq;
    thread.handle = 2;
    thread.type = "ePcStreamResourceThread";
    thread.owner = "worker";
    thread.removed = false;
    thread.removedAtNs = -1;
    thread.shielded = true;
    a.registrations = {irq, thread};
    r.adapters = {a};
    return r;
}

}  // namespace

class StreamResourcesViewTest : public QObject {
    Q_OBJECT
  private slots:
    void showsTheRunsRegistrationsAndPower() {
        const auto snap = test::snapshotAt(msToNs(60));
        QVERIFY(snap);
        StreamResourcesView view;
        view.showSnapshot(*snap);
        const StreamResourcesSnapshot& r = snap->resources;
        QCOMPARE(
            view.osText(),
            QStringLiteral("OS windows-10-1511 — PortCls offers: IPortClsStreamResourceManager, "
                           "IPortClsStreamResourceManager2, PcAddStreamResource, "
                           "PcRemoveStreamResource"));
        const AdapterPowerModel& p = *view.powerModel();
        QCOMPARE(p.rowCount(), static_cast<int>(r.adapters.size()));
        int registrations = 0;
        for (int row = 0; row < p.rowCount(); ++row) {
            const AdapterResourcesSnapshot& a = r.adapters[static_cast<std::size_t>(row)];
            QCOMPARE(text(p, row, AdapterPowerModel::Adapter), QString::fromStdString(a.name));
            QCOMPARE(text(p, row, AdapterPowerModel::PowerState), QStringLiteral("D0"));
            QCOMPARE(
                p.data(p.index(row, AdapterPowerModel::ExitLatencyMs), Qt::UserRole).toLongLong(),
                static_cast<qlonglong>(a.exitLatencyNs));
            registrations += static_cast<int>(a.registrations.size());
        }
        const RegistrationModel& m = *view.registrationModel();
        QCOMPARE(m.rowCount(), registrations);
        QVERIFY(registrations >= 2);
        const int last = m.rowCount() - 1;
        const StreamResourceRegistrationSnapshot& reg = r.adapters.back().registrations.back();
        QCOMPARE(m.data(m.index(last, RegistrationModel::Handle), Qt::UserRole).toULongLong(),
                 static_cast<qulonglong>(reg.handle));
        QCOMPARE(text(m, last, RegistrationModel::Type), QString::fromStdString(reg.type));
        QVERIFY(
            text(m, last, RegistrationModel::Owner).startsWith(QString::fromStdString(reg.owner)));
        QCOMPARE(m.data(m.index(last, RegistrationModel::RegisteredAt), Qt::UserRole).toLongLong(),
                 static_cast<qlonglong>(reg.registeredAtNs));
    }

    void removedRegistrationsAreGreyAndShieldingIsStated() {
        SessionSnapshot snap;
        snap.runState = SessionRunState::Paused;
        snap.resources = handMade();
        StreamResourcesView view;
        view.showSnapshot(snap);
        const RegistrationModel& m = *view.registrationModel();
        QCOMPARE(m.rowCount(), 2);
        QVERIFY(m.data(m.index(0, 0), RegistrationModel::RemovedRole).toBool());
        QVERIFY(m.data(m.index(0, 0), Qt::ForegroundRole).value<QColor>().isValid());
        QVERIFY(!m.data(m.index(1, 0), RegistrationModel::RemovedRole).toBool());
        QVERIFY(m.data(m.index(1, 0), Qt::ForegroundRole).isNull());
        QCOMPARE(text(m, 0, RegistrationModel::RemovedAt), QStringLiteral("0:00:00.020 000"));
        QCOMPARE(text(m, 1, RegistrationModel::RemovedAt), QStringLiteral("registered"));
        QCOMPARE(text(m, 1, RegistrationModel::Shielded), QStringLiteral("yes"));
        QCOMPARE(text(m, 0, RegistrationModel::Owner), QStringLiteral("hda interrupt (id 2)"));
        const AdapterPowerModel& p = *view.powerModel();
        QCOMPARE(text(p, 0, AdapterPowerModel::PowerState),
                 QStringLiteral("D3, D0 at 0:00:00.035 000"));
        QCOMPARE(text(p, 0, AdapterPowerModel::ExitLatencyMs), QStringLiteral("35 ms"));
        QCOMPARE(text(p, 0, AdapterPowerModel::Registrations),
                 QStringLiteral("1 now, 2 added, 1 removed"));
        QVERIFY(view.shieldingText().startsWith(
            QStringLiteral("interference on; shielding ON (1 low-latency streams running)")));
        QVERIFY(view.osText().endsWith(QStringLiteral("PcRemoveStreamResource")));
    }
};

}  // namespace ps

QTEST_MAIN(ps::StreamResourcesViewTest)
#include "StreamResourcesViewTest.moc"
