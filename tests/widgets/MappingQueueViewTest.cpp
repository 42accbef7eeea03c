#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/MappingQueueCanvas.h"
#include "widgets/MappingQueueModels.h"
#include "widgets/MappingQueueView.h"
#include "widgets/StreamSelector.h"

#include <QtTest>

namespace ps {

namespace {

QString cell(const QAbstractItemModel& model, int row, int column) {
    return model.data(model.index(row, column), Qt::DisplayRole).toString();
}

std::shared_ptr<const SessionSnapshot> withRunState(const SessionSnapshot& s, SessionRunState st) {
    auto copy = std::make_shared<SessionSnapshot>(s);
    copy->runState = st;
    return copy;
}

}  // namespace

class MappingQueueViewTest : public QObject {
    Q_OBJECT
  private slots:
    void tablesCarryTheSnapshotsNumbers() {
        const auto snap = test::snapshotAt(msToNs(60));
        QVERIFY(snap);
        MappingQueueView view;
        view.resize(1000, 700);
        view.showSnapshot(*snap);
        QCOMPARE(view.selector()->count(), 1);
        QCOMPARE(view.selector()->selectedStream(), 0);
        QCOMPARE(view.selector()->currentText(), QStringLiteral("0: pci out"));

        const MappingQueueSnapshot& q = *snap->mappingQueueOf(0);
        const MappingTableModel& rows = *view.mappingModel();
        QCOMPARE(rows.rowCount(), static_cast<int>(q.mappings.size()));
        int loaded = 0;
        for (int r = 0; r < rows.rowCount(); ++r) {
            const MappingEntrySnapshot& m = q.mappings[static_cast<std::size_t>(r)];
            QVERIFY(cell(rows, r, MappingTableModel::Phase)
                        .startsWith(QString::fromLatin1(mappingPhaseName(m.phase))));
            QCOMPARE(cell(rows, r, MappingTableModel::Bytes), QString::number(m.byteCount));
            QCOMPARE(cell(rows, r, MappingTableModel::Address),
                     QStringLiteral("0x%1").arg(m.physicalAddress, 8, 16, QLatin1Char('0')));
            QCOMPARE(rows.data(rows.index(r, MappingTableModel::Tag), Qt::UserRole).toULongLong(),
                     m.tag);
            if (m.phase == MappingPhase::Loaded) {
                ++loaded;
                QCOMPARE(cell(rows, r, MappingTableModel::Slot), QString::number(m.slot));
            }
        }
        QVERIFY(loaded > 0);

        const DescriptorSlotModel& slotRows = *view.slotModel();
        QCOMPARE(slotRows.rowCount(), 32);
        QVERIFY(cell(slotRows, q.civ, DescriptorSlotModel::Marks).contains(QLatin1String("CIV")));
        QVERIFY(cell(slotRows, q.lvi, DescriptorSlotModel::Marks).contains(QLatin1String("LVI")));
        for (int s = 0; s < 32; ++s) {
            const DescriptorSlotSnapshot& d = q.descriptorSlots[static_cast<std::size_t>(s)];
            QCOMPARE(cell(slotRows, s, DescriptorSlotModel::Tag),
                     d.queued ? QString::number(d.tag) : QString());
            QCOMPARE(
                slotRows.data(slotRows.index(s, DescriptorSlotModel::Samples), Qt::UserRole).toUInt(),
                static_cast<uint>(d.samples));
            QCOMPARE(cell(slotRows, s, DescriptorSlotModel::Ioc),
                     d.ioc ? QStringLiteral("IOC") : QString());
        }
        const QString regs = view.registerText();
        QVERIFY2(regs.contains(QStringLiteral("CIV %1 ").arg(q.civ)), qPrintable(regs));
        QVERIFY(regs.contains(QStringLiteral("LVI %1 ").arg(q.lvi)));
        QVERIFY(
            regs.contains(QStringLiteral("PICB %1 (%2 B)").arg(q.picbSamples).arg(q.picbBytes)));
        QVERIFY(regs.contains(QStringLiteral("RPBM")));
    }

    void hoverTextGivesExactNumbers() {
        const auto snap = test::snapshotAt(msToNs(60));
        MappingQueueView view;
        view.resize(1000, 700);
        view.show();
        view.showSnapshot(*snap);
        const MappingQueueSnapshot& q = *snap->mappingQueueOf(0);
        const MappingEntrySnapshot& m = q.mappings[q.firstOf(MappingPhase::Loaded)];
        MappingQueueCanvas& canvas = *view.canvas();
        const QRectF box = canvas.boxRectOfTag(m.tag);
        QVERIFY(!box.isNull());
        const QString tip = canvas.toolTipAt(box.center());
        QVERIFY2(tip.contains(QStringLiteral("Tag %1 (loaded)").arg(m.tag)), qPrintable(tip));
        QVERIFY(tip.contains(hexAddress(m.physicalAddress)));
        QVERIFY(tip.contains(QStringLiteral("Bytes %1").arg(m.byteCount)));
        QVERIFY(tip.contains(QStringLiteral("Descriptor slot %1").arg(m.slot)));
        const QString slotTip = canvas.toolTipAt(canvas.slotRect(q.civ).center());
        QVERIFY2(slotTip.contains(QStringLiteral("PICB %1 samples").arg(q.picbSamples)),
                 qPrintable(slotTip));
        QVERIFY(canvas.toolTipAt(QPointF(1, canvas.height() - 1)).isEmpty());
    }

    void aSteppedSnapshotSlidesWhatChangedPhase() {
        const auto first = test::snapshotAt(msToNs(60), 1);
        const auto second = test::snapshotAt(msToNs(85), 2);
        QCOMPARE(first->runState, SessionRunState::Paused);
        MappingQueueView view;
        view.resize(1000, 700);
        view.show();
        view.showSnapshot(*first);
        MappingQueueCanvas& canvas = *view.canvas();
        QVERIFY(canvas.movedTags().empty());

        // Remember where each tag was drawn before the step.
        const MappingQueueSnapshot& before = *first->mappingQueueOf(0);
        std::map<std::uint64_t, QRectF> was;
        for (const MappingEntrySnapshot& m : before.mappings) {
            if (m.phase != MappingPhase::Available && !canvas.boxRectOfTag(m.tag).isNull()) {
                was[m.tag] = canvas.boxRectOfTag(m.tag);
            }
        }
        view.showSnapshot(*second);
        const std::vector<std::uint64_t> moved = canvas.movedTags();
        QVERIFY(!moved.empty());
        QCOMPARE(canvas.animation().state(), QAbstractAnimation::Running);
        QVERIFY(canvas.animation().duration() <= 500);
        const MappingQueueSnapshot& after = *second->mappingQueueOf(0);
        int checked = 0;
        for (std::uint64_t tag : moved) {
            const MappingEntrySnapshot* now = after.findTag(tag);
            QVERIFY(now != nullptr);
            const MappingEntrySnapshot* then = before.findTag(tag);
            if (then != nullptr) {
                QVERIFY(then->phase != now->phase);  // only phase changes are highlighted
            }
            if (was.count(tag) == 0) {
                continue;
            }
            canvas.animation().setCurrentTime(0);
            QCOMPARE(canvas.boxRectOfTag(tag), was[tag]);
            canvas.animation().setCurrentTime(canvas.animation().duration());
            QVERIFY(canvas.boxRectOfTag(tag) != was[tag]);
            ++checked;
        }
        QVERIFY(checked > 0);
        // The model shows the new phase at once.
        QCOMPARE(view.mappingModel()->rowCount(), static_cast<int>(after.mappings.size()));
    }

    void liveSnapshotsDoNotAnimate() {
        const auto first = test::snapshotAt(msToNs(60), 1);
        const auto second = test::snapshotAt(msToNs(85), 2);
        MappingQueueView view;
        view.resize(1000, 700);
        view.showSnapshot(*withRunState(*first, SessionRunState::Live));
        view.showSnapshot(*withRunState(*second, SessionRunState::Live));
        QVERIFY(view.canvas()->movedTags().empty());
        QCOMPARE(view.canvas()->animation().state(), QAbstractAnimation::Stopped);
    }

    void theSelectorPicksTheStream() {
        SessionSnapshot snap;
        snap.streams.resize(4);
        snap.streams[3].name = "second";
        MappingQueueSnapshot a;
        a.streamId = 0;
        a.mappings.resize(2);
        a.mappings[0].tag = 11;
        a.mappings[0].phase = MappingPhase::Loaded;
        a.mappings[1].tag = 12;
        a.mappings[1].phase = MappingPhase::Released;
        MappingQueueSnapshot b;
        b.streamId = 3;
        b.mappings.resize(1);
        b.mappings[0].tag = 99;
        b.mappings[0].phase = MappingPhase::Revoked;
        b.civ = 7;
        snap.mappingQueues = {a, b};
        MappingQueueView view;
        view.showSnapshot(snap);
        QCOMPARE(view.selector()->count(), 2);
        QCOMPARE(view.mappingModel()->rowCount(), 2);
        view.selector()->setCurrentIndex(1);
        QCOMPARE(view.selector()->selectedStream(), 3);
        QCOMPARE(view.selector()->currentText(), QStringLiteral("3: second"));
        QCOMPARE(view.mappingModel()->rowCount(), 1);
        QCOMPARE(cell(*view.mappingModel(), 0, MappingTableModel::Tag), QStringLiteral("99"));
        QCOMPARE(cell(*view.mappingModel(), 0, MappingTableModel::Phase),
                 QStringLiteral("revoked"));
        QVERIFY(view.registerText().contains(QStringLiteral("CIV 7 ")));
        QCOMPARE(view.canvas()->boxCount(MappingPhase::Revoked), 1);
        // The selection stays on stream 3 with the next snapshot.
        view.showSnapshot(snap);
        QCOMPARE(view.selector()->selectedStream(), 3);
        // No WavePci stream: nothing selected, empty tables.
        view.showSnapshot(SessionSnapshot{});
        QCOMPARE(view.selector()->selectedStream(), -1);
        QCOMPARE(view.mappingModel()->rowCount(), 0);
        QCOMPARE(view.slotModel()->rowCount(), 0);
        QCOMPARE(view.registerText(), QStringLiteral("No open WavePci stream"));
    }

    void paintsWithoutAStream() {
        MappingQueueView view;
        view.resize(600, 400);
        const QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
    }
};

}  // namespace ps

QTEST_MAIN(ps::MappingQueueViewTest)
#include "MappingQueueViewTest.moc"
