#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/CachedTextDelegate.h"
#include "widgets/StackTreeModel.h"
#include "widgets/StackTreeView.h"

#include <QAbstractItemModelTester>
#include <QtTest>

namespace ps {

namespace {
// The first index (column 0) whose Object text starts with `name`.
QModelIndex findRow(const QAbstractItemModel& model, const QString& name,
                    const QModelIndex& parent = {}) {
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        if (i.data().toString().startsWith(name)) {
            return i;
        }
        const QModelIndex below = findRow(model, name, i);
        if (below.isValid()) {
            return below;
        }
    }
    return {};
}

QString cell(const QModelIndex& row, int column) {
    return row.sibling(row.row(), column).data().toString();
}
}  // namespace

class StackTreeViewTest : public QObject {
    Q_OBJECT
  private slots:
    void showsObjectsInterfacesAndReferenceCounts() {
        const auto snap = test::snapshotAt(msToNs(60));
        QVERIFY(snap);
        StackTreeView view;
        QAbstractItemModelTester tester(view.stackModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.showSnapshot(*snap);
        const StackTreeModel& model = *view.stackModel();
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex machine = model.index(0, 0);
        QCOMPARE(machine.data().toString(), QStringLiteral("machine"));
        QCOMPARE(model.rowCount(machine), static_cast<int>(snap->stack.children.size()));

        // Every adapter: port, miniport and filter, as in the snapshot.
        const StackNode& pciAdapter = snap->stack.children[0];
        const QModelIndex port = findRow(model, QStringLiteral("CPortWavePci"));
        QVERIFY(port.isValid());
        QCOMPARE(cell(port, StackTreeModel::InterfacesColumn),
                 QStringLiteral("IUnknown, IPort, IPortWavePci, IServiceSink"));
        QCOMPARE(cell(port, StackTreeModel::RefsColumn),
                 QString::number(pciAdapter.children[0].refCount));
        QCOMPARE(port.data(StackTreeModel::KindRole).toString(), QStringLiteral("port"));

        // Each stream under its pin, with state and format.
        for (const StreamSnapshot& s : snap->streams) {
            const QModelIndex row = findRow(model, QString::fromStdString(s.name) + " (");
            QVERIFY2(row.isValid(), s.name.c_str());
            QVERIFY(
                cell(row, StackTreeModel::DetailsColumn).contains(QStringLiteral("KSSTATE_RUN")));
            QVERIFY(cell(row, StackTreeModel::DetailsColumn)
                        .contains(QString::fromStdString(s.formatText)));
            QCOMPARE(row.data(StackTreeModel::StreamIdRole).toInt(), static_cast<int>(s.streamId));
            QCOMPARE(row.parent().data().toString().left(4), QStringLiteral("pin "));
            QCOMPARE(model.rowCount(row), 1);  // the miniport stream
            QVERIFY(!cell(model.index(0, 0, row), StackTreeModel::RefsColumn).isEmpty());
        }
        QVERIFY(view.isExpanded(findRow(model, QStringLiteral("pin 0"))));
    }

    void anUnchangedStackChangesNothing() {
        const auto snap = test::snapshotAt(msToNs(40));
        StackTreeView view;
        view.showSnapshot(*snap);
        QSignalSpy changed(view.stackModel(), &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(view.stackModel(), &QAbstractItemModel::rowsInserted);
        SessionSnapshot again = *snap;
        again.generation += 1;
        view.showSnapshot(again);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(inserted.count(), 0);

        // A changed count reaches the model.
        StackNode* port = &again.stack.children[0].children[0];
        port->refCount += 1;
        view.showSnapshot(again);
        QCOMPARE(changed.count(), 1);
        const QModelIndex row = findRow(*view.stackModel(), QStringLiteral("CPortWavePci"));
        QCOMPARE(cell(row, StackTreeModel::RefsColumn), QString::number(port->refCount));
    }

    void keepsExpansionAndSelectionAcrossUpdates() {
        StackTreeView view;
        view.showSnapshot(*test::snapshotAt(msToNs(40)));
        StackTreeModel& model = *view.stackModel();
        const QModelIndex miniport = findRow(model, QStringLiteral("CMiniportWaveAc97"));
        view.setCurrentIndex(miniport);
        const QModelIndex filter = findRow(model, QStringLiteral("AC97 Wave"));
        QVERIFY(filter.isValid());
        view.collapse(filter);

        // Same shape: values change in place, nothing is reset.
        view.showSnapshot(*test::snapshotAt(msToNs(80), 2));
        QCOMPARE(model.resetCount(), 1);
        QVERIFY(!view.isExpanded(findRow(model, QStringLiteral("AC97 Wave"))));
        QCOMPARE(view.currentIndex().data().toString(), QStringLiteral("CMiniportWaveAc97"));

        // A node appears: a row is inserted, nothing is reset, collapsed
        // stays collapsed, the selection stays.
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        SessionSnapshot changed = *test::snapshotAt(msToNs(80), 3);
        StackNode extra;
        extra.kind = StackNode::Kind::Adapter;
        extra.name = "extra adapter";
        StackNode port;
        port.kind = StackNode::Kind::Port;
        port.name = "CPortExtra";
        port.refCount = 1;
        extra.children.push_back(port);
        changed.stack.children.push_back(extra);
        view.showSnapshot(changed);
        QCOMPARE(model.resetCount(), 1);
        const QModelIndex added = findRow(model, QStringLiteral("extra adapter"));
        QVERIFY(added.isValid());
        QVERIFY(view.isExpanded(added));  // new rows open
        QCOMPARE(cell(findRow(model, QStringLiteral("CPortExtra")), StackTreeModel::RefsColumn),
                 QStringLiteral("1"));
        QVERIFY(!view.isExpanded(findRow(model, QStringLiteral("AC97 Wave"))));
        QCOMPARE(view.currentIndex().data().toString(), QStringLiteral("CMiniportWaveAc97"));

        // A stream goes away: its rows are removed, nothing is reset.
        SessionSnapshot fewer = changed;
        StackNode& pciPin = fewer.stack.children[0].children[2].children[0];
        QCOMPARE(pciPin.children.size(), std::size_t{1});
        pciPin.children.clear();
        view.showSnapshot(fewer);
        QCOMPARE(model.resetCount(), 1);
        QVERIFY(!findRow(model, QStringLiteral("pci out (")).isValid());
        QCOMPARE(view.currentIndex().data().toString(), QStringLiteral("CMiniportWaveAc97"));

        // Survivors out of order: a reset, after which expansion and
        // selection are found again by path.
        SessionSnapshot swapped = fewer;
        std::swap(swapped.stack.children[0], swapped.stack.children[1]);
        view.showSnapshot(swapped);
        QCOMPARE(model.resetCount(), 2);
        QVERIFY(!view.isExpanded(findRow(model, QStringLiteral("AC97 Wave"))));
        QVERIFY(view.isExpanded(findRow(model, QStringLiteral("HD Audio WaveRT adapter"))));
        QCOMPARE(view.currentIndex().data().toString(), QStringLiteral("CMiniportWaveAc97"));
    }

    void paintsCellTextFromCachedLayouts() {
        StackTreeView view;
        view.resize(1000, 500);
        view.showSnapshot(*test::snapshotAt(msToNs(40)));
        auto* delegate = qobject_cast<CachedTextDelegate*>(view.itemDelegate());
        QVERIFY(delegate);
        const QImage first = view.grab().toImage();
        const int entries = delegate->cachedEntries();
        QVERIFY(entries > 20);  // every visible cell with text
        const QImage second = view.grab().toImage();
        QCOMPARE(delegate->cachedEntries(), entries);  // all from the cache
        QCOMPARE(first, second);
        int dark = 0;
        for (int y = 30; y < first.height(); y += 2) {
            for (int x = 0; x < first.width(); x += 2) {
                dark += qGray(first.pixel(x, y)) < 90;
            }
        }
        QVERIFY2(dark > 300, qPrintable(QString::number(dark)));  // the text is drawn
    }

    void anEmptySnapshotShowsAnEmptyMachine() {
        StackTreeView view;
        view.showSnapshot(SessionSnapshot{});
        QCOMPARE(view.stackModel()->rowCount(), 1);
        QCOMPARE(view.stackModel()->rowCount(view.stackModel()->index(0, 0)), 0);
    }
};

}  // namespace ps

QTEST_MAIN(ps::StackTreeViewTest)
#include "StackTreeViewTest.moc"
