// TraceSha256: the SHA-256 of a run's canonical trace text, equal for equal
// runs and different for different ones.
#include "RecordedRuns.h"

#include "app/export/TraceSha256.h"
#include "model/sim/TraceDigest.h"

#include <QCryptographicHash>

#include <gtest/gtest.h>

namespace ps {
namespace {

TEST(TraceSha256, IsTheSha256OfTheCanonicalLines) {
    TraceSha256 sha;
    RecordLog log;
    runWaveRtRender({&sha, &log});
    std::string text;
    for (const RecordLog::Texts& t : log.texts) {
        text += t.canonical;
        text += '\n';
    }
    const QByteArray expected =
        QCryptographicHash::hash(QByteArray(text.data(), static_cast<int>(text.size())),
                                 QCryptographicHash::Sha256)
            .toHex();
    EXPECT_EQ(sha.hex(), expected.toStdString());
    EXPECT_EQ(sha.hex().size(), 64u);
    EXPECT_EQ(sha.recordCount(), log.records.size());
}

TEST(TraceSha256, EqualRunsGiveEqualDigestsAndDifferentRunsDifferentOnes) {
    TraceSha256 first;
    TraceSha256 second;
    TraceSha256 otherLateness;
    RunOptions other;
    other.lateWakeup = 31;
    runWaveRtRender({&first});
    runWaveRtRender({&second});
    runWaveRtRender({&otherLateness}, nullptr, other);
    EXPECT_EQ(first.hex(), second.hex());
    EXPECT_EQ(first.recordCount(), second.recordCount());
    EXPECT_NE(first.hex(), otherLateness.hex());

    TraceSha256 pciFirst;
    TraceSha256 pciSecond;
    TraceSha256 pciLongerPackets;
    RunOptions longer;
    longer.bufferMs = 20;
    runWavePciRender({&pciFirst});
    runWavePciRender({&pciSecond});
    runWavePciRender({&pciLongerPackets}, nullptr, longer);
    EXPECT_EQ(pciFirst.hex(), pciSecond.hex());
    EXPECT_NE(pciFirst.hex(), pciLongerPackets.hex());
    EXPECT_NE(pciFirst.hex(), first.hex());
}

}  // namespace
}  // namespace ps
