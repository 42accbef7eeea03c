// EventLogModel: the numbers each cell shows, filtering, incremental appends,
// dropped chunks and a million-record log, read back through data().
#include "TraceLogFixture.h"
#include "model/kernel/NtStatus.h"
#include "widgets/EventLogModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

namespace ps {

namespace {

QString cell(const EventLogModel& m, int row, int column) {
    return m.data(m.index(row, column)).toString();
}

TraceRecord getMapping(std::uint16_t stream, std::uint64_t tag, std::uint64_t bytes) {
    TraceRecord r(TraceCategory::DdiCall, "miniport", "IPortWavePciStream::GetMapping", stream);
    r.addHex("Tag", tag).addUInt("ByteCount", bytes).addText("Irql", "DISPATCH_LEVEL");
    r.setStatus(STATUS_SUCCESS);
    return r;
}

// Stream s = i % 8, category alternating DdiCall / Dma, ByteCount = i % 1000.
TraceRecord numbered(std::uint64_t i) {
    TraceRecord r(i % 2 == 0 ? TraceCategory::DdiCall : TraceCategory::Dma, "port",
                  i % 2 == 0 ? "IPortWavePciStream::ReleaseMapping" : "DMA burst",
                  static_cast<std::uint16_t>(i % 8));
    r.addUInt("ByteCount", i % 1000);
    return r;
}

}  // namespace

class EventLogModelTest : public QObject {
    Q_OBJECT
  private slots:
    void showsTheNumbersOfEachRecord() {
        test::TraceLogFixture f;
        f.add(getMapping(2, 0x5, 4096).setStatus(STATUS_NOT_FOUND), 1'234'567);
        TraceRecord lvi(TraceCategory::Register, "AC97", "PO LVI write", 0);
        lvi.addText("Register", "LVI").addHex("Value", 0x1F);
        f.add(lvi, 2'000'000);
        f.add(TraceRecord(TraceCategory::Register, "HDA#1", "SDCTL write", 3).addBool("RUN", true));
        f.add(TraceRecord(TraceCategory::Dma, "HDA#1", "BCIS set", 3));
        f.add(TraceRecord(TraceCategory::Dma, "AC97", "DMA burst", 0).addUInt("Bytes", 128));
        f.add(TraceRecord(TraceCategory::Register, "HDA#0", "GCAP read"));
        f.add(TraceRecord(TraceCategory::DdiCall, "kernel", "NoSuchRoutine"));

        EventLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTrace(f.view());
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
        QCOMPARE(cell(model, 0, EventLogModel::Index), QStringLiteral("0"));
        QCOMPARE(cell(model, 0, EventLogModel::Time), QStringLiteral("0:00:00.001 234"));
        QCOMPARE(cell(model, 0, EventLogModel::Stream), QStringLiteral("2"));
        QCOMPARE(cell(model, 0, EventLogModel::Category), QStringLiteral("ddi"));
        QCOMPARE(cell(model, 0, EventLogModel::Source), QStringLiteral("miniport"));
        QCOMPARE(cell(model, 0, EventLogModel::What),
                 QStringLiteral("IPortWavePciStream::GetMapping"));
        QCOMPARE(cell(model, 0, EventLogModel::Details),
                 QStringLiteral("Tag=0x5, ByteCount=4096, Irql=DISPATCH_LEVEL"));
        QCOMPARE(cell(model, 0, EventLogModel::Status), QStringLiteral("STATUS_NOT_FOUND"));
        QCOMPARE(cell(model, 1, EventLogModel::Details),
                 QStringLiteral("Register=LVI, Value=0x1F"));
        QCOMPARE(cell(model, 1, EventLogModel::Status), QString());
        QCOMPARE(cell(model, 5, EventLogModel::Stream), QString());
        QCOMPARE(model.data(model.index(1, 0), EventLogModel::RecordIndexRole).toULongLong(), 1ull);
        QCOMPARE(model.data(model.index(1, 0), EventLogModel::TimeNsRole).toLongLong(),
                 2'000'000ll);

        const auto key = [&](int row) {
            return model.data(model.index(row, 0), EventLogModel::ExplainKeyRole).toString();
        };
        QCOMPARE(key(0), QStringLiteral("IPortWavePciStream::GetMapping"));
        QCOMPARE(key(1), QStringLiteral("ac97/LVI"));
        QCOMPARE(key(2), QStringLiteral("hda/SDCTL"));
        QCOMPARE(key(3), QStringLiteral("hda/SDSTS"));
        QCOMPARE(key(4), QStringLiteral("concept/dma-burst"));
        QCOMPARE(key(5), QStringLiteral("hda/GCAP"));
        QCOMPARE(key(6), QStringLiteral("NoSuchRoutine"));  // named, though it has no page
        QCOMPARE(model.headerData(EventLogModel::Status, Qt::Horizontal).toString(),
                 QStringLiteral("Status"));
        QCOMPARE(model.streamsSeen(), (std::vector<std::uint16_t>{0, 2, 3, kNoStream}));
    }

    void filtersByStreamCategoryAndText() {
        test::TraceLogFixture f;
        for (std::uint64_t i = 0; i < 100; ++i)
            f.add(numbered(i));
        EventLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTrace(f.view());

        EventLogFilter byStream;
        byStream.streamId = 3;
        model.setFilter(byStream);
        QCOMPARE(model.rowCount(), 13);  // 3, 11, ..., 99
        QCOMPARE(model.recordIndexAt(0), 3ull);
        QCOMPARE(model.recordIndexAt(12), 99ull);
        QCOMPARE(cell(model, 1, EventLogModel::Index), QStringLiteral("11"));

        EventLogFilter byCategory;
        byCategory.categoryMask = EventLogFilter::bit(TraceCategory::Dma);
        model.setFilter(byCategory);
        QCOMPARE(model.rowCount(), 50);
        QCOMPARE(cell(model, 0, EventLogModel::What), QStringLiteral("DMA burst"));

        EventLogFilter byText;
        byText.text = QStringLiteral("releasemapping");  // case is ignored
        model.setFilter(byText);
        QCOMPARE(model.rowCount(), 50);
        byText.text = QStringLiteral("BYTECOUNT=7");  // details: 7 and 70..79
        model.setFilter(byText);
        QCOMPARE(model.rowCount(), 11);
        QCOMPARE(model.recordIndexAt(0), 7ull);
        QCOMPARE(model.recordIndexAt(1), 70ull);
        byText.text = QStringLiteral("PORT");  // source
        model.setFilter(byText);
        QCOMPARE(model.rowCount(), 100);

        EventLogFilter all3;
        all3.streamId = 2;
        all3.categoryMask = EventLogFilter::bit(TraceCategory::DdiCall);
        all3.text = QStringLiteral("ByteCount=5");  // 50..58 step 8 with i%8==2: 50, 58
        model.setFilter(all3);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.recordIndexAt(0), 50ull);
        QCOMPARE(model.recordIndexAt(1), 58ull);
        QCOMPARE(model.rowOfRecord(58), 1);
        QCOMPARE(model.rowOfRecord(57), -1);
        QCOMPARE(model.rowAtOrAfter(51), 1);

        model.setFilter(EventLogFilter{});
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.rowOfRecord(57), 57);
    }

    void appendsNewRecordsInOneInsertionPerTrace() {
        test::TraceLogFixture f;
        EventLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (std::uint64_t i = 0; i < 10; ++i)
            f.add(numbered(i));
        model.setTrace(f.view());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        for (std::uint64_t i = 10; i < 25; ++i)
            f.add(numbered(i));
        model.setTrace(f.view());
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 10);
        QCOMPARE(inserted.at(0).at(2).toInt(), 24);
        QCOMPARE(model.rowCount(), 25);
        QCOMPARE(cell(model, 24, EventLogModel::Index), QStringLiteral("24"));

        // The same view again: nothing happens.
        model.setTrace(f.view());
        QCOMPARE(inserted.count(), 1);

        // Filtered: only the matches of the new records are inserted, and
        // only the new records are tested.
        EventLogFilter odd;
        odd.categoryMask = EventLogFilter::bit(TraceCategory::Dma);
        model.setFilter(odd);
        QCOMPARE(model.rowCount(), 12);
        for (std::uint64_t i = 25; i < 31; ++i)
            f.add(numbered(i));
        model.setTrace(f.view());
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 12);
        QCOMPARE(inserted.at(1).at(2).toInt(), 14);
        QCOMPARE(model.recordIndexAt(14), 29ull);
        QCOMPARE(reset.count(), 1);  // the filter change only

        // Records that do not match insert nothing.
        f.add(numbered(32));
        model.setTrace(f.view());
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowCount(), 15);
    }

    void removesRowsOfDroppedChunks() {
        test::TraceLogFixture f(2 * kTraceLogChunkRecords);
        EventLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::uint64_t chunk = kTraceLogChunkRecords;
        for (std::uint64_t i = 0; i < 2 * chunk; ++i)
            f.add(numbered(i));
        model.setTrace(f.view());
        QCOMPARE(std::uint64_t(model.rowCount()), 2 * chunk);

        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (std::uint64_t i = 2 * chunk; i < 2 * chunk + 10; ++i)
            f.add(numbered(i));
        model.setTrace(f.view());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(std::uint64_t(removed.at(0).at(2).toInt()), chunk - 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(std::uint64_t(model.rowCount()), chunk + 10);
        QCOMPARE(model.recordIndexAt(0), chunk);
        QCOMPARE(cell(model, 0, EventLogModel::Index), QString::number(chunk));
        QCOMPARE(model.totalRecords(), chunk + 10);

        // Filtered: the dropped matches go, the rest stay in place.
        EventLogFilter stream5;
        stream5.streamId = 5;
        model.setFilter(stream5);
        const int before = model.rowCount();
        QCOMPARE(before, int(chunk / 8) + 1);  // 4101, 4109, ..., 8197
        for (std::uint64_t i = 2 * chunk + 10; i < 3 * chunk + 10; ++i)
            f.add(numbered(i));
        model.setTrace(f.view());
        QCOMPARE(removed.count(), 2);
        QCOMPARE(removed.at(1).at(2).toInt(), int(chunk / 8) - 1);
        QCOMPARE(model.recordIndexAt(0), 2 * chunk + 5);
        QCOMPARE(std::uint64_t(model.rowCount()), chunk / 8 + 1);
        for (int row = 0; row < model.rowCount(); row += 97)
            QCOMPARE(model.recordIndexAt(row) % 8, 5ull);
    }

    void anotherLogResetsTheModel() {
        test::TraceLogFixture first;
        test::TraceLogFixture second;
        for (std::uint64_t i = 0; i < 10; ++i)
            first.add(numbered(i));
        for (std::uint64_t i = 0; i < 20; ++i)
            second.add(numbered(i + 1));
        EventLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTrace(first.view());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setTrace(second.view());  // more records, but not the same log
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(cell(model, 0, EventLogModel::Stream), QStringLiteral("1"));
        model.setTrace(TraceLogView{});
        QCOMPARE(model.rowCount(), 0);
    }

    void millionRecords() {
        const std::uint64_t n = std::uint64_t{1} << 20;
        test::TraceLogFixture f(n);
        for (std::uint64_t i = 0; i < n; ++i)
            f.add(numbered(i), static_cast<TimeNs>(i) * 20'833);
        EventLogModel model;
        QElapsedTimer timer;
        timer.start();
        model.setTrace(f.view());
        const qint64 setTraceMs = timer.elapsed();
        QCOMPARE(model.rowCount(), int(n));
        for (std::uint64_t i :
             {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{4095}, std::uint64_t{4096},
              std::uint64_t{524287}, std::uint64_t{1000000}, n - 1}) {
            const int row = static_cast<int>(i);
            QCOMPARE(cell(model, row, EventLogModel::Index), QString::number(i));
            QCOMPARE(cell(model, row, EventLogModel::Stream), QString::number(i % 8));
            QCOMPARE(cell(model, row, EventLogModel::Details),
                     QStringLiteral("ByteCount=%1").arg(i % 1000));
        }
        QCOMPARE(cell(model, 1'000'000, EventLogModel::Time), QStringLiteral("0:00:20.833 000"));

        EventLogFilter stream;
        stream.streamId = 6;
        timer.restart();
        model.setFilter(stream);
        const qint64 streamMs = timer.elapsed();
        QCOMPARE(std::uint64_t(model.rowCount()), n / 8);
        QCOMPARE(model.recordIndexAt(1000), 8006ull);

        EventLogFilter text;
        text.text = QStringLiteral("bytecount=999");
        timer.restart();
        model.setFilter(text);
        const qint64 textMs = timer.elapsed();
        std::uint64_t expected = 0;
        for (std::uint64_t i = 0; i < n; ++i)
            expected += (i % 1000 == 999) ? 1 : 0;
        QCOMPARE(std::uint64_t(model.rowCount()), expected);
        QCOMPARE(model.recordIndexAt(1), 1999ull);
        qInfo("1M records: setTrace %lld ms, stream filter %lld ms, text filter %lld ms",
              setTraceMs, streamMs, textMs);
    }
};

}  // namespace ps

QTEST_MAIN(ps::EventLogModelTest)
#include "EventLogModelTest.moc"
