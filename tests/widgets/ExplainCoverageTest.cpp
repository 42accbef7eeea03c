// The explanation pages cover what the product shows: every method of every
// interface on the DDI pages PortScope emulates, every DDI name the model
// traces (found in the model's sources and in a run of both stacks), every
// modeled register of the AC'97 bus master and the HD Audio controller; and
// every link between pages resolves.
#include "model/hw/ac97/Ac97Engine.h"
#include "model/hw/ac97/Ac97Registers.h"
#include "model/hw/hda/HdaRegisters.h"
#include "model/scenario/BenchSpec.h"
#include "model/scenario/ScenarioRun.h"
#include "model/sim/TraceLog.h"
#include "widgets/ExplainCatalog.h"
#include "widgets/TraceExplainKey.h"

#include <QDir>
#include <QDirIterator>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

namespace ps {

namespace {

// The methods named on the DDI pages PortScope emulates: IPortWavePciStream;
// the WavePci miniport page (IMiniportWavePci with IMiniport's methods,
// IMiniportWavePciStream); IMiniportWaveRTStreamNotification;
// IPortClsStreamResourceManager (with PcAdd/PcRemoveStreamResource and the
// "2" interface); the WaveRT miniport page (IMiniportWaveRT,
// IMiniportWaveRTStream).
const char* const kSeedMethods[] = {
    "IPortWavePciStream::GetMapping",
    "IPortWavePciStream::ReleaseMapping",
    "IPortWavePciStream::TerminatePacket",
    "IMiniport::GetDescription",
    "IMiniport::DataRangeIntersection",
    "IMiniportWavePci::Init",
    "IMiniportWavePci::NewStream",
    "IMiniportWavePci::Service",
    "IMiniportWavePciStream::GetAllocatorFraming",
    "IMiniportWavePciStream::GetPosition",
    "IMiniportWavePciStream::MappingAvailable",
    "IMiniportWavePciStream::NormalizePhysicalPosition",
    "IMiniportWavePciStream::RevokeMappings",
    "IMiniportWavePciStream::Service",
    "IMiniportWavePciStream::SetFormat",
    "IMiniportWavePciStream::SetState",
    "IMiniportWaveRTStreamNotification::AllocateBufferWithNotification",
    "IMiniportWaveRTStreamNotification::FreeBufferWithNotification",
    "IMiniportWaveRTStreamNotification::RegisterNotificationEvent",
    "IMiniportWaveRTStreamNotification::UnregisterNotificationEvent",
    "IPortClsStreamResourceManager::AddStreamResource",
    "IPortClsStreamResourceManager::RemoveStreamResource",
    "IPortClsStreamResourceManager2::AddStreamResource2",
    "PcAddStreamResource",
    "PcRemoveStreamResource",
    "IMiniportWaveRT::Init",
    "IMiniportWaveRT::NewStream",
    "IMiniportWaveRT::GetDeviceDescription",
    "IMiniportWaveRTStream::AllocateAudioBuffer",
    "IMiniportWaveRTStream::FreeAudioBuffer",
    "IMiniportWaveRTStream::GetClockRegister",
    "IMiniportWaveRTStream::GetHWLatency",
    "IMiniportWaveRTStream::GetPosition",
    "IMiniportWaveRTStream::GetPositionRegister",
    "IMiniportWaveRTStream::SetFormat",
    "IMiniportWaveRTStream::SetState",
};

const char* const kConcepts[] = {
    "concept/portcls",  "concept/wavepci",          "concept/wavert",       "concept/ac97",
    "concept/hda",      "concept/dma-burst",        "concept/bdl",          "concept/interrupt",
    "concept/dpc",      "concept/ksstate",          "concept/position",     "concept/glitch",
    "concept/irql",     "concept/stream-resources", "concept/exit-latency", "concept/mapping",
    "concept/verifier", "concept/event-log",        "concept/simulation",   "concept/client",
};

QStringList missing(const ExplainCatalog& catalog, const QStringList& keys) {
    QStringList out;
    for (const QString& key : keys) {
        if (!catalog.contains(key))
            out << key;
    }
    return out;
}

}  // namespace

class ExplainCoverageTest : public QObject {
    Q_OBJECT
  private slots:
    void catalogLoads() {
        const ExplainCatalog& catalog = ExplainCatalog::instance();
        QCOMPARE(catalog.loadError(), QString());
        QVERIFY(catalog.keys().size() > 100);
        // Every indexed page exists, has a title and some substance.
        for (const QString& key : catalog.keys()) {
            const QString text = catalog.markdown(key);
            QVERIFY2(text.size() > 200, qPrintable(key));
            QVERIFY2(text.startsWith(QStringLiteral("# ")), qPrintable(key));
            QVERIFY2(!catalog.title(key).isEmpty(), qPrintable(key));
            // Record-name aliases resolve to the page's first (canonical) key.
            QVERIFY2(catalog.contains(catalog.canonicalKey(key)), qPrintable(key));
        }
        // Every page in the resources is reachable through the index.
        QSet<QString> indexed;
        for (const QString& file : catalog.pageFiles())
            indexed.insert(QFileInfo(file).fileName());
        QDirIterator it(QStringLiteral(":/explain"), {QStringLiteral("*.md")});
        int pages = 0;
        while (it.hasNext()) {
            const QString name = QFileInfo(it.next()).fileName();
            QVERIFY2(indexed.contains(name), qPrintable(name + " is not in index.txt"));
            ++pages;
        }
        QCOMPARE(pages, indexed.size());
    }

    void everySeedMethodHasAPage() {
        QStringList keys;
        for (const char* m : kSeedMethods)
            keys << QString::fromLatin1(m);
        QCOMPARE(missing(ExplainCatalog::instance(), keys), QStringList());
    }

    void everyConceptHasAPage() {
        QStringList keys;
        for (const char* c : kConcepts)
            keys << QString::fromLatin1(c);
        QCOMPARE(missing(ExplainCatalog::instance(), keys), QStringList());
    }

    void everyDdiNameInTheModelSourcesHasAPage() {
        // "Interface::Method" string literals are the DDI names the model
        // traces (DdiCall records) and checks (verifier rules).
        static const QRegularExpression ddiName(QStringLiteral(
            R"re("(I[A-Za-z0-9]+::[A-Za-z0-9]+|(?:Mm|Pc)[A-Za-z]+(?:IoSpace|StreamResource))")re"));
        QStringList names;
        QDirIterator it(QStringLiteral(PORTSCOPE_SOURCE_DIR "/model"),
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                        QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            ++files;
            auto matches = ddiName.globalMatch(QString::fromUtf8(file.readAll()));
            while (matches.hasNext()) {
                const QString name = matches.next().captured(1);
                if (name != QLatin1String("Interface::Method") && !names.contains(name))
                    names << name;
            }
        }
        QVERIFY(files > 100);
        QVERIFY2(names.size() > 40, qPrintable(names.join(QLatin1Char(' '))));
        QCOMPARE(missing(ExplainCatalog::instance(), names), QStringList());
    }

    void everyDdiCallOfARunHasAPage() {
        // Both stacks, long enough for streams to start, run and stop.
        ScenarioRun run(makeBenchSpec(2, BenchStacks::Both, msToNs(120)));
        auto log = TraceLog::attachTo(run.machine().tracer());
        QCOMPARE(QString::fromStdString(run.start()), QString());
        run.runToEnd();
        const TraceLogView view = log->view();
        // The log must not outlive its place in the tracer's sinks.
        run.machine().tracer().removeSink(log.get());
        QVERIFY2(view.size() > 500, qPrintable(QString::number(view.size())));
        const ExplainCatalog& catalog = ExplainCatalog::instance();
        QStringList calls;
        QStringList unexplained;
        for (std::uint64_t i = view.firstIndex(); i < view.endIndex(); ++i) {
            const TraceRecord& r = view.at(i);
            const QString key = explainKeyFor(r, catalog);
            if (!catalog.contains(key) && !unexplained.contains(key))
                unexplained << key;
            if (r.category == TraceCategory::DdiCall && !calls.contains(QString::fromUtf8(r.name)))
                calls << QString::fromUtf8(r.name);
        }
        QVERIFY2(calls.size() > 20, qPrintable(calls.join(QLatin1Char(' '))));
        QCOMPARE(missing(catalog, calls), QStringList());
        // And every record of the run leads to some page.
        QCOMPARE(unexplained, QStringList());
    }

    void everyModeledRegisterHasAPage() {
        QStringList keys;
        using ac97::RegisterId;
        for (RegisterId id : {RegisterId::Bdbar, RegisterId::Civ, RegisterId::Lvi, RegisterId::Sr,
                              RegisterId::Picb, RegisterId::Piv, RegisterId::Cr, RegisterId::PsFmt,
                              RegisterId::PsRate, RegisterId::PsPcnt})
            keys << QStringLiteral("ac97/") + QString::fromLatin1(ac97::registerName(id));
        // The engine block offsets and the global registers, by their enum names.
        const std::pair<std::uint32_t, const char*> ac97Offsets[] = {
            {ac97::BDBAR, "BDBAR"},
            {ac97::CIV, "CIV"},
            {ac97::LVI, "LVI"},
            {ac97::SR, "SR"},
            {ac97::PICB, "PICB"},
            {ac97::PIV, "PIV"},
            {ac97::CR, "CR"},
            {ac97::GLOB_CNT, "GLOB_CNT"},
            {ac97::GLOB_STA, "GLOB_STA"},
            {ac97::CAS, "CAS"},
            {ac97::PS_FMT_BASE, "PS_FMT_BASE"},
            {ac97::PS_RATE_BASE, "PS_RATE_BASE"},
            {ac97::PS_PCNT_BASE, "PS_PCNT_BASE"}};
        for (const auto& [offset, name] : ac97Offsets) {
            Q_UNUSED(offset);
            keys << QStringLiteral("ac97/") + QString::fromLatin1(name);
        }
        for (std::uint32_t offset :
             {hda::GCAP, hda::VMIN, hda::VMAJ, hda::OUTPAY, hda::INPAY, hda::GCTL, hda::WAKEEN,
              hda::STATESTS, hda::INTCTL, hda::INTSTS, hda::WALCLK, hda::SSYNC, hda::DPLBASE,
              hda::DPUBASE}) {
            const char* name = hda::globalRegisterName(offset);
            QVERIFY(name != nullptr);
            keys << QStringLiteral("hda/") + QString::fromLatin1(name);
        }
        for (std::uint32_t offset :
             {hda::SD_CTL, hda::SD_STS, hda::SD_LPIB, hda::SD_CBL, hda::SD_LVI, hda::SD_FIFOW,
              hda::SD_FIFOS, hda::SD_FMT, hda::SD_BDPL, hda::SD_BDPU}) {
            const char* name = hda::streamRegisterName(offset);
            QVERIFY(name != nullptr);
            keys << QStringLiteral("hda/") + QString::fromLatin1(name);
        }
        // The enum spellings of the stream registers ("SD_LPIB") resolve too.
        for (const char* name : {"SD_CTL", "SD_STS", "SD_LPIB", "SD_CBL", "SD_LVI", "SD_FIFOW",
                                 "SD_FIFOS", "SD_FMT", "SD_BDPL", "SD_BDPU"})
            keys << QStringLiteral("hda/") + QString::fromLatin1(name);
        QCOMPARE(keys.size(), 10 + 13 + 14 + 20);
        QCOMPARE(missing(ExplainCatalog::instance(), keys), QStringList());
    }

    void everyLinkResolves() {
        const ExplainCatalog& catalog = ExplainCatalog::instance();
        int links = 0;
        for (const QString& key : catalog.keys()) {
            const QString text = catalog.markdown(key);
            for (const QString& target : ExplainCatalog::linkedKeys(text)) {
                ++links;
                QVERIFY2(catalog.contains(target), qPrintable(key + " links to " + target));
            }
            // Every link is a topic link or a web address: no file links.
            static const QRegularExpression anyLink(QStringLiteral(R"(\]\(([^)]*)\))"));
            auto it = anyLink.globalMatch(text);
            while (it.hasNext()) {
                const QString target = it.next().captured(1);
                QVERIFY2(target.startsWith(QLatin1String("explain:")) ||
                             target.startsWith(QLatin1String("https://")),
                         qPrintable(key + ": " + target));
            }
        }
        QVERIFY(links > 300);
        // The pages the pane's "no page yet" message links to.
        QVERIFY(catalog.contains(QStringLiteral("concept/event-log")));
        QVERIFY(catalog.contains(QStringLiteral("concept/portcls")));
    }

    void linkParsing() {
        QCOMPARE(ExplainCatalog::linkedKeys(QStringLiteral(
                     "see [a](explain:IPortWavePciStream::GetMapping) and [b](explain:ac97/LVI), "
                     "[web](https://example.com)")),
                 (QStringList{QStringLiteral("IPortWavePciStream::GetMapping"),
                              QStringLiteral("ac97/LVI")}));
    }
};

}  // namespace ps

QTEST_MAIN(ps::ExplainCoverageTest)
#include "ExplainCoverageTest.moc"
