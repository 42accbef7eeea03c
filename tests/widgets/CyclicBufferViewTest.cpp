#include "tests/widgets/WidgetTestSnapshots.h"
#include "widgets/CyclicBufferCanvas.h"
#include "widgets/CyclicBufferModel.h"
#include "widgets/CyclicBufferView.h"
#include "widgets/StreamSelector.h"

#include <QtTest>

namespace ps {

namespace {

QVariant raw(const CyclicBufferModel& model, int row) {
    return model.data(model.index(row, CyclicBufferModel::Value), Qt::UserRole);
}

QString text(const CyclicBufferModel& model, int row, int column) {
    return model.data(model.index(row, column), Qt::DisplayRole).toString();
}

CyclicBufferSnapshot handMade() {
    CyclicBufferSnapshot b;
    b.streamId = 5;
    b.bufferBytes = 4000;
    b.bytesPerFrame = 4;
    b.rateHz = 48000;
    b.eventMode = true;
    b.notificationCount = 2;
    b.bdl = {{0, 0x1000, 2000, true}, {2000, 0x5000, 2000, true}};
    b.notificationOffsets = {2000, 4000};
    b.pages = {{0, 0x1000}};
    b.running = true;
    b.lpibBytes = 1200;
    b.playOffsetBytes = 1000;
    b.clientOffsetBytes = 3000;
    b.fetchPositionBytes = 9200;
    b.playPositionBytes = 9000;
    b.clientPositionBytes = 11000;
    b.paddingBytes = 2000;
    b.clientGlitches = 3;
    b.underruns = {{msToNs(7), 0, 2000, 6000, 400}};
    return b;
}

}  // namespace

class CyclicBufferViewTest : public QObject {
    Q_OBJECT
  private slots:
    void tableCarriesTheSnapshotsNumbers() {
        const auto snap = test::snapshotAt(msToNs(60));
        QVERIFY(snap);
        CyclicBufferView view;
        view.resize(900, 600);
        view.showSnapshot(*snap);
        QCOMPARE(view.selector()->count(), 2);
        QCOMPARE(view.selector()->selectedStream(), 1);
        const CyclicBufferSnapshot& b = *snap->cyclicBufferOf(1);
        const CyclicBufferModel& m = *view.model();
        using R = CyclicBufferModel;
        QCOMPARE(m.rowCount(), R::FixedRowCount + static_cast<int>(b.bdl.size()));
        QCOMPARE(raw(m, R::BufferSize).toULongLong(), static_cast<qulonglong>(b.bufferBytes));
        QCOMPARE(raw(m, R::FetchOffset).toUInt(), b.lpibBytes);
        QCOMPARE(raw(m, R::PlayOffset).toUInt(), b.playOffsetBytes);
        QCOMPARE(raw(m, R::ClientOffset).toUInt(), b.clientOffsetBytes);
        QCOMPARE(raw(m, R::Padding).toLongLong(), static_cast<qlonglong>(b.paddingBytes));
        QCOMPARE(text(m, R::FetchOffset, R::Item), QStringLiteral("Fetch position (LPIB)"));
        QCOMPARE(text(m, R::FetchOffset, R::Value), QStringLiteral("%1 B").arg(b.lpibBytes));
        QCOMPARE(text(m, R::ClientOffset, R::Item), QStringLiteral("Client write position"));
        QCOMPARE(text(m, R::Mode, R::Value), QStringLiteral("event, 2 notifications"));
        QVERIFY(
            text(m, R::Padding, R::Value)
                .startsWith(
                    QStringLiteral("%1 B (%2 frames").arg(b.paddingBytes).arg(b.paddingBytes / 4)));
        for (std::size_t i = 0; i < b.bdl.size(); ++i) {
            const int row = m.firstBdlRow() + static_cast<int>(i);
            QCOMPARE(text(m, row, R::Item), QStringLiteral("BDL entry %1").arg(i));
            QCOMPARE(raw(m, row).toUInt(), b.bdl[i].offsetBytes);
            QVERIFY(
                text(m, row, R::Value).contains(QStringLiteral("%1 B").arg(b.bdl[i].lengthBytes)));
        }

        view.selector()->setCurrentIndex(1);
        QCOMPARE(view.selector()->selectedStream(), 2);
        const CyclicBufferSnapshot& in = *snap->cyclicBufferOf(2);
        QCOMPARE(text(m, R::ClientOffset, R::Item), QStringLiteral("Client read position"));
        QCOMPARE(raw(m, R::FetchOffset).toUInt(), in.lpibBytes);
        QCOMPARE(raw(m, R::Padding).toLongLong(), static_cast<qlonglong>(in.paddingBytes));
    }

    void glitchesAreRowsAndMarks() {
        SessionSnapshot snap;
        snap.cyclicBuffers = {handMade()};
        CyclicBufferView view;
        view.resize(900, 600);
        view.show();
        view.showSnapshot(snap);
        const CyclicBufferModel& m = *view.model();
        QCOMPARE(m.rowCount(), CyclicBufferModel::FixedRowCount + 2 + 1);
        const int row = m.firstUnderrunRow();
        QCOMPARE(text(m, row, CyclicBufferModel::Item), QStringLiteral("Glitch 1"));
        QCOMPARE(raw(m, row).toUInt(), 2000u);
        QCOMPARE(text(m, row, CyclicBufferModel::Value),
                 QStringLiteral("at 7000.000 µs, offset 2000, 400 B missed"));
        QCOMPARE(text(m, CyclicBufferModel::NotificationPoints, CyclicBufferModel::Value),
                 QStringLiteral("2000, 4000 B"));
        QCOMPARE(raw(m, CyclicBufferModel::Underruns).toULongLong(), 3ull);

        // The glitch cross sits on the ring at offset 2000 (six o'clock).
        CyclicBufferCanvas& canvas = *view.canvas();
        const double mid = (canvas.innerRadius() + canvas.outerRadius()) / 2;
        const QPointF at = canvas.ringPoint(2000, mid);
        QVERIFY(std::abs(at.x() - canvas.ringCenter().x()) < 0.01);
        QVERIFY(at.y() > canvas.ringCenter().y());
        const QImage image = canvas.grab().toImage();
        const QColor pixel = image.pixelColor(at.toPoint());
        QVERIFY2(pixel.red() > 150 && pixel.green() < 120, qPrintable(pixel.name()));
    }

    void hardwareUnderrunsAreRowsAndMarksAtLpib() {
        SessionSnapshot snap;
        CyclicBufferSnapshot b = handMade();
        b.underrunFrames = 480;
        b.hardwareGlitches = {{msToNs(9), true, 1000, 480}};
        snap.cyclicBuffers = {b};
        CyclicBufferView view;
        view.resize(900, 600);
        view.show();
        view.showSnapshot(snap);
        const CyclicBufferModel& m = *view.model();
        QCOMPARE(m.rowCount(), CyclicBufferModel::FixedRowCount + 2 + 1 + 1);
        const int row = m.firstHardwareGlitchRow();
        QCOMPARE(row, m.firstUnderrunRow() + 1);
        QCOMPARE(text(m, row, CyclicBufferModel::Item), QStringLiteral("FIFO underrun 1"));
        QCOMPARE(raw(m, row).toUInt(), 1000u);
        QCOMPARE(text(m, row, CyclicBufferModel::Value),
                 QStringLiteral("at 9000.000 µs, LPIB 1000, 480 frames of zeros played"));

        // A red triangle on the ring's outer edge at offset 1000 (three
        // o'clock), pointing in; the hover text names it.
        CyclicBufferCanvas& canvas = *view.canvas();
        const QPointF at = canvas.ringPoint(1000, canvas.outerRadius() + 3);
        QVERIFY(at.x() > canvas.ringCenter().x());
        const QImage image = canvas.grab().toImage();
        const QColor pixel = image.pixelColor(at.toPoint());
        QVERIFY2(pixel.red() > 150 && pixel.green() < 120, qPrintable(pixel.name()));
        const QString tip = canvas.toolTipAt(canvas.ringPoint(1000, canvas.outerRadius() - 4));
        QVERIFY2(tip.contains(QStringLiteral("FIFO underrun at 9000 µs: 480 frames")),
                 qPrintable(tip));
    }

    void geometryAndHoverFollowOffsets() {
        SessionSnapshot snap;
        snap.cyclicBuffers = {handMade()};
        CyclicBufferView view;
        view.resize(900, 600);
        view.show();
        view.showSnapshot(snap);
        CyclicBufferCanvas& canvas = *view.canvas();
        const QPointF top = canvas.ringPoint(0, canvas.outerRadius());
        QVERIFY(std::abs(top.x() - canvas.ringCenter().x()) < 0.01);
        QVERIFY(top.y() < canvas.ringCenter().y());
        const QPointF quarter = canvas.ringPoint(1000, canvas.outerRadius());
        QVERIFY(quarter.x() > canvas.ringCenter().x());  // clockwise
        QCOMPARE(canvas.barX(2000), canvas.barRect().center().x());
        const QString tip =
            canvas.toolTipAt(QPointF(canvas.barX(1100), canvas.barRect().center().y()));
        QVERIFY2(tip.contains(QStringLiteral("Offset 1100 B")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("BDL entry 0: offset 0, 2000 B")));
        QVERIFY(tip.contains(QStringLiteral("Fetch (LPIB) 1200 B, stream 9200")));
        QVERIFY(tip.contains(QStringLiteral("Padding 2000 B (500 frames, 10.417 ms)")));
        QVERIFY(canvas.toolTipAt(QPointF(canvas.width() - 2, canvas.height() - 2)).isEmpty());
    }

    // The audible needle: the DAC's stream position less the latency in
    // bytes, as a buffer offset; none without a latency, for capture, or
    // before the stream has played that much.
    void theAudibleNeedleLagsTheDacByTheLatency() {
        SessionSnapshot snap;
        snap.cyclicBuffers = {handMade()};
        CyclicBufferView view;
        view.resize(900, 600);
        view.show();
        view.showSnapshot(snap);
        CyclicBufferCanvas& canvas = *view.canvas();
        QCOMPARE(canvas.audibleOffsetBytes(), std::int64_t{-1});
        view.setAudibleLagNs(msToNs(10));  // 480 frames, 1920 B before 9000
        QCOMPARE(canvas.audibleOffsetBytes(), std::int64_t{(9000 - 1920) % 4000});
        QVERIFY(!canvas.grab().toImage().isNull());
        view.setAudibleLagNs(msToNs(100));  // more than the stream has played
        QCOMPARE(canvas.audibleOffsetBytes(), std::int64_t{-1});
        snap.cyclicBuffers[0].capture = true;
        view.showSnapshot(snap);
        view.setAudibleLagNs(msToNs(10));
        QCOMPARE(canvas.audibleOffsetBytes(), std::int64_t{-1});
        view.setAudibleLagNs(-1);
        QCOMPARE(canvas.audibleOffsetBytes(), std::int64_t{-1});
    }

    // The ring is drawn from a cached layer; a new palette redraws it.
    void aNewPaletteRedrawsTheCachedRing() {
        SessionSnapshot snap;
        snap.cyclicBuffers = {handMade()};
        CyclicBufferView view;
        view.resize(900, 600);
        view.show();
        view.showSnapshot(snap);
        CyclicBufferCanvas& canvas = *view.canvas();
        const auto ringHas = [&canvas](const QColor& colour) {
            const QImage image = canvas.grab().toImage();
            const double mid = (canvas.innerRadius() + canvas.outerRadius()) / 2;
            for (std::uint32_t offset = 0; offset < 4000; offset += 50) {
                if (image.pixelColor(canvas.ringPoint(offset, mid).toPoint()) == colour) {
                    return true;
                }
            }
            return false;
        };
        const QColor before = canvas.palette().color(QPalette::AlternateBase);
        QVERIFY(ringHas(before));
        QPalette palette = canvas.palette();
        const QColor after(0x12, 0x34, 0x56);
        palette.setColor(QPalette::AlternateBase, after);
        canvas.setPalette(palette);
        QVERIFY(ringHas(after));
        QVERIFY(!ringHas(before));
    }

    void emptyAndClosedStreams() {
        CyclicBufferView view;
        view.resize(600, 400);
        view.showSnapshot(SessionSnapshot{});
        QCOMPARE(view.selector()->selectedStream(), -1);
        QCOMPARE(view.model()->rowCount(), 0);
        QVERIFY(!view.grab().toImage().isNull());
        SessionSnapshot snap;
        CyclicBufferSnapshot noBuffer;
        noBuffer.streamId = 1;
        snap.cyclicBuffers = {noBuffer};
        view.showSnapshot(snap);
        QCOMPARE(view.selector()->selectedStream(), 1);
        QVERIFY(!view.grab().toImage().isNull());
    }
};

}  // namespace ps

QTEST_MAIN(ps::CyclicBufferViewTest)
#include "CyclicBufferViewTest.moc"
