#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/ClientRegisterModel.h"
#include "widgets/ExplainCatalog.h"
#include "widgets/RegisterModel.h"
#include "widgets/RegisterView.h"
#include "widgets/StreamSelector.h"

#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

namespace ps {

namespace {

QString text(const QAbstractItemModel& m, int row, int column, const QModelIndex& parent = {}) {
    return m.data(m.index(row, column, parent), Qt::DisplayRole).toString();
}

qulonglong raw(const QAbstractItemModel& m, int row, int column, const QModelIndex& parent = {}) {
    return m.data(m.index(row, column, parent), Qt::UserRole).toULongLong();
}

DeviceRegistersSnapshot handMade(std::uint32_t ctl) {
    DeviceRegistersSnapshot d;
    d.streamId = 4;
    d.hda = true;
    d.deviceName = "HD Audio, stream descriptor 4 (output)";
    d.registers = {{findRegisterLayout("hda", "SDCTL"), "SD4 CTL", 0x100, ctl},
                   {findRegisterLayout("hda", "SDLPIB"), "SD4 LPIB", 0x104, 640},
                   {findRegisterLayout("hda", "SDFMT"), "SD4 FMT", 0x112, 0x0011}};
    ClientRegisterSnapshot clock;
    clock.clock = true;
    clock.available = true;
    clock.widthBits = 32;
    clock.numerator = 24'000'000;
    clock.denominator = 1;
    clock.accuracy = 1;
    clock.frequencyHz = 24e6;
    clock.target = "WALCLK";
    clock.value = 123456;
    d.clientRegisters = {clock};
    return d;
}

}  // namespace

class RegisterViewTest : public QObject {
    Q_OBJECT
  private slots:
    void rowsCarryTheSnapshotsRegisters() {
        const auto snap = test::snapshotAt(msToNs(60));
        QVERIFY(snap);
        RegisterView view;
        view.resize(900, 600);
        view.showSnapshot(*snap);
        QCOMPARE(view.selector()->count(), 3);  // every open stream
        QCOMPARE(view.selector()->selectedStream(), 0);
        const DeviceRegistersSnapshot& pci = *snap->registersOf(0);
        const RegisterModel& m = *view.model();
        QCOMPARE(m.rowCount(), static_cast<int>(pci.registers.size()));
        QCOMPARE(view.deviceText(), QStringLiteral("AC'97 bus master, PO engine"));
        const int civ = m.rowOf("CIV");
        QVERIFY(civ >= 0);
        QCOMPARE(text(m, civ, RegisterModel::Name), QStringLiteral("PO CIV"));
        QCOMPARE(text(m, civ, RegisterModel::Offset), QStringLiteral("0x14"));
        QCOMPARE(raw(m, civ, RegisterModel::Value), qulonglong{snap->mappingQueueOf(0)->civ});
        const int cr = m.rowOf("CR");
        QCOMPARE(text(m, cr, RegisterModel::Value), registerHex(snap->mappingQueueOf(0)->cr, 8));
        QVERIFY(text(m, cr, RegisterModel::Decoded).contains(QStringLiteral("RPBM")));
        // The CR's fields are its children: RPBM is bit 0 and set.
        const QModelIndex crIndex = m.index(cr, 0);
        QCOMPARE(m.rowCount(crIndex), 5);
        QCOMPARE(text(m, 0, RegisterModel::Name, crIndex), QStringLiteral("RPBM"));
        QCOMPARE(text(m, 0, RegisterModel::Offset, crIndex), QStringLiteral("[0]"));
        QCOMPARE(raw(m, 0, RegisterModel::Value, crIndex), 1ull);
        QCOMPARE(m.parent(m.index(0, 0, crIndex)).row(), cr);
        QVERIFY(m.data(m.index(civ, 0), Qt::BackgroundRole).isNull());  // nothing changed yet
        QCOMPARE(view.clientModel()->rowCount(), 0);  // WavePci: no client registers

        // The WaveRT render stream: its descriptor, the globals and the
        // client's position and clock registers.
        view.selector()->setCurrentIndex(1);
        QCOMPARE(view.selector()->selectedStream(), 1);
        const DeviceRegistersSnapshot& rt = *snap->registersOf(1);
        QCOMPARE(m.rowCount(), static_cast<int>(rt.registers.size()));
        const int lpib = m.rowOf("SDLPIB");
        QCOMPARE(raw(m, lpib, RegisterModel::Value),
                 qulonglong{snap->cyclicBufferOf(1)->lpibBytes});
        QCOMPARE(text(m, m.rowOf("SDFMT"), RegisterModel::Decoded),
                 QStringLiteral("48000 Hz, 16 bit, 2 ch"));
        const ClientRegisterModel& c = *view.clientModel();
        QCOMPARE(c.rowCount(), 2);
        QCOMPARE(text(c, 0, ClientRegisterModel::Register), QStringLiteral("Position register"));
        QCOMPARE(text(c, 1, ClientRegisterModel::Register), QStringLiteral("Clock register"));
        for (int row = 0; row < 2; ++row) {
            const ClientRegisterSnapshot& r = rt.clientRegisters[static_cast<std::size_t>(row)];
            QCOMPARE(raw(c, row, ClientRegisterModel::Value), qulonglong{r.value});
            QCOMPARE(c.data(c.index(row, ClientRegisterModel::Frequency), Qt::UserRole).toDouble(),
                     r.frequencyHz);
        }
    }

    void aChangedValueLightsUpAndFades() {
        qint64 now = 5000;
        SessionSnapshot first;
        first.deviceRegisters = {handMade(0x100002)};
        RegisterView view;
        view.model()->setClock([&now] { return now; });
        view.showSnapshot(first);
        const RegisterModel& m = *view.model();
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(text(m, 0, RegisterModel::Value), QStringLiteral("0x100002"));
        QCOMPARE(text(m, 0, RegisterModel::Decoded), QStringLiteral("RUN STRM=1"));

        SessionSnapshot second = first;
        second.deviceRegisters[0].registers[0].value = 0x10001E;
        QSignalSpy changed(view.model(), &QAbstractItemModel::dataChanged);
        view.showSnapshot(second);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);  // only the changed row
        QCOMPARE(text(m, 0, RegisterModel::Decoded), QStringLiteral("RUN IOCE FEIE DEIE STRM=1"));
        const QColor full = m.data(m.index(0, 0), Qt::BackgroundRole).value<QColor>();
        QVERIFY(full.isValid());
        QVERIFY(m.data(m.index(1, 0), Qt::BackgroundRole).isNull());  // LPIB did not change
        now += RegisterModel::kHighlightFadeMs / 2;
        const QColor half = m.data(m.index(0, 0), Qt::BackgroundRole).value<QColor>();
        QVERIFY(half.alphaF() < full.alphaF() && half.alphaF() > 0.0);
        QVERIFY(view.model()->fadeTick());
        now += RegisterModel::kHighlightFadeMs;
        QVERIFY(!view.model()->fadeTick());
        QVERIFY(m.data(m.index(0, 0), Qt::BackgroundRole).isNull());

        // Client registers: the clock as the client sees it.
        const ClientRegisterModel& c = *view.clientModel();
        QCOMPARE(text(c, 0, ClientRegisterModel::Target), QStringLiteral("WALCLK"));
        QCOMPARE(text(c, 0, ClientRegisterModel::Ratio), QStringLiteral("24000000 / 1"));
        QCOMPARE(text(c, 0, ClientRegisterModel::Frequency), QStringLiteral("24 MHz"));
        QCOMPARE(text(c, 0, ClientRegisterModel::Value), QStringLiteral("0x0001E240 (123456)"));
    }

    void selectingARegisterAsksForItsExplanation() {
        const auto snap = test::snapshotAt(msToNs(30));
        QVERIFY(snap);
        RegisterView view;
        view.showSnapshot(*snap);
        QSignalSpy explain(&view, &RegisterView::explainRequested);
        const RegisterModel& m = *view.model();
        view.tree()->setCurrentIndex(m.index(m.rowOf("LVI"), 0));
        QCOMPARE(explain.count(), 1);
        QCOMPARE(explain.first().at(0).toString(), QStringLiteral("ac97/LVI"));
        // A field row explains its register.
        const QModelIndex sr = m.index(m.rowOf("SR"), 0);
        view.tree()->setCurrentIndex(m.index(1, 0, sr));
        QCOMPARE(explain.last().at(0).toString(), QStringLiteral("ac97/SR"));
        // Every register of both devices has a page.
        const ExplainCatalog& catalog = ExplainCatalog::instance();
        for (int i = 0; i < view.selector()->count(); ++i) {
            view.selector()->setCurrentIndex(i);
            QVERIFY(m.rowCount() > 0);
            for (int row = 0; row < m.rowCount(); ++row) {
                const QString key = m.explainKey(m.index(row, 0));
                QVERIFY2(catalog.contains(key), qPrintable(key));
            }
        }
    }
};

}  // namespace ps

QTEST_MAIN(ps::RegisterViewTest)
#include "RegisterViewTest.moc"
