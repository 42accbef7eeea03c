// MinMaxSeries: range extrema and per-column decimation against brute force,
// and the bound on what decimation hands out for short and long runs.
#include "model/snapshot/MinMaxSeries.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

namespace ps {
namespace {

// Deterministic pseudo-random values (a 64-bit LCG).
class Lcg {
  public:
    explicit Lcg(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        m_state = m_state * 6364136223846793005ull + 1442695040888963407ull;
        return m_state >> 33;
    }

  private:
    std::uint64_t m_state;
};

// A FIFO-like series: a point every periodNs (with jitter), values wandering.
MinMaxSeries makeSeries(TimeNs durationNs, TimeNs periodNs, std::uint64_t seed) {
    MinMaxSeries s;
    Lcg rng(seed);
    std::int64_t value = 0;
    std::uint64_t index = 0;
    for (TimeNs t = 0; t < durationNs; t += periodNs) {
        value += static_cast<std::int64_t>(rng.next() % 129) - 64;
        const TimeNs jitter =
            static_cast<TimeNs>(rng.next() % static_cast<std::uint64_t>(periodNs));
        s.append(t + jitter, value, index);
        index += 3;
    }
    return s;
}

struct BruteColumn {
    bool any = false;
    std::int64_t min = 0;
    std::int64_t max = 0;
};

// Every point once, in time order, walking the column edges alongside.
std::vector<BruteColumn> bruteForce(const MinMaxSeries& s, TimeNs from, TimeNs to, int columns) {
    std::vector<BruteColumn> out(static_cast<std::size_t>(columns));
    int c = 0;
    for (std::size_t i = s.firstIndex(); i < s.size(); ++i) {
        const MinMaxSeries::Point& p = s.at(i);
        if (p.timeNs < from || p.timeNs >= to) {
            continue;
        }
        while (p.timeNs >= MinMaxSeries::columnEdge(from, to, columns, c + 1)) {
            ++c;
        }
        BruteColumn& col = out[static_cast<std::size_t>(c)];
        if (!col.any) {
            col = {true, p.value, p.value};
        } else {
            col.min = std::min(col.min, p.value);
            col.max = std::max(col.max, p.value);
        }
    }
    return out;
}

void expectExact(const MinMaxSeries& s, TimeNs from, TimeNs to, int columns) {
    std::vector<MinMaxSeries::Column> got;
    s.decimate(from, to, columns, got);
    const std::vector<BruteColumn> want = bruteForce(s, from, to, columns);
    std::size_t next = 0;
    for (int c = 0; c < columns; ++c) {
        const BruteColumn& w = want[static_cast<std::size_t>(c)];
        if (!w.any) {
            ASSERT_TRUE(next == got.size() || got[next].column != c) << "column " << c;
            continue;
        }
        ASSERT_LT(next, got.size()) << "column " << c;
        const MinMaxSeries::Column& g = got[next++];
        ASSERT_EQ(g.column, c);
        EXPECT_EQ(s.at(g.minAt).value, w.min) << "column " << c;
        EXPECT_EQ(s.at(g.maxAt).value, w.max) << "column " << c;
        EXPECT_GE(g.minAt, g.first);
        EXPECT_LT(g.minAt, g.last);
        EXPECT_GE(g.maxAt, g.first);
        EXPECT_LT(g.maxAt, g.last);
    }
    EXPECT_EQ(next, got.size());
}

TEST(MinMaxSeriesTest, RangeExtremaEqualBruteForceForEveryRangeOfASmallSeries) {
    const MinMaxSeries s = makeSeries(300'000, 1000, 11);
    ASSERT_EQ(s.size(), 300u);
    EXPECT_GE(s.levels(), 3u);
    for (std::size_t a = 0; a < s.size(); a += 7) {
        for (std::size_t b = a + 1; b <= s.size(); b += 5) {
            std::size_t minAt = 0;
            std::size_t maxAt = 0;
            s.rangeExtrema(a, b, minAt, maxAt);
            std::size_t wantMin = a;
            std::size_t wantMax = a;
            for (std::size_t i = a; i < b; ++i) {
                if (s.at(i).value < s.at(wantMin).value) {
                    wantMin = i;
                }
                if (s.at(i).value > s.at(wantMax).value) {
                    wantMax = i;
                }
            }
            ASSERT_EQ(minAt, wantMin) << a << ".." << b;
            ASSERT_EQ(maxAt, wantMax) << a << ".." << b;
        }
    }
}

TEST(MinMaxSeriesTest, DecimationIsExactPerColumn) {
    const MinMaxSeries s = makeSeries(secondsToNs(1), 20'000, 5);  // 50,000 points
    expectExact(s, 0, secondsToNs(1), 800);
    expectExact(s, msToNs(123), msToNs(456), 333);
    expectExact(s, msToNs(500), msToNs(501), 1000);  // zoomed in: columns of one point or none
    expectExact(s, -msToNs(10), msToNs(10), 7);
}

TEST(MinMaxSeriesTest, ColumnsAreBoundedByTheWidthForShortAndLongRuns) {
    // A point every 20 us: 50,000 points per simulated second.
    const MinMaxSeries longRun = makeSeries(secondsToNs(100), 20'000, 9);
    const MinMaxSeries shortRun = makeSeries(secondsToNs(1), 20'000, 9);
    for (const MinMaxSeries* run : {&shortRun, &longRun}) {
        const MinMaxSeries& s = *run;
        const TimeNs duration = s.back().timeNs + 1;
        for (const int width : {200, 1000}) {
            std::vector<MinMaxSeries::Column> columns;
            s.decimate(0, duration, width, columns);
            EXPECT_EQ(columns.size(), static_cast<std::size_t>(width));
            s.decimate(duration - secondsToNs(2) + msToNs(1), duration, width, columns);
            EXPECT_LE(columns.size(), static_cast<std::size_t>(width));
        }
    }
    expectExact(longRun, secondsToNs(40), secondsToNs(42), 500);
}

TEST(MinMaxSeriesTest, DroppingOldPointsKeepsWhatIsLeftExact) {
    MinMaxSeries s = makeSeries(secondsToNs(60), 200'000, 11);  // 300,000 points
    ASSERT_EQ(s.size(), 300'000u);
    const TimeNs end = s.back().timeNs + 1;
    s.dropBefore(1000);  // less than a whole unit: nothing goes
    EXPECT_EQ(s.firstIndex(), 0u);
    s.dropBefore(200'000);
    EXPECT_EQ(s.firstIndex(), 3 * MinMaxSeries::kDropUnit);
    EXPECT_EQ(s.size(), 300'000u);
    EXPECT_EQ(s.heldPoints(), 300'000u - 3 * MinMaxSeries::kDropUnit);
    const TimeNs kept = s.at(s.firstIndex()).timeNs;
    EXPECT_EQ(s.lowerBound(0), s.firstIndex());
    expectExact(s, kept, end, 800);
    expectExact(s, kept + secondsToNs(1), kept + secondsToNs(3), 333);

    // Appending goes on at the same positions, and queries stay exact.
    std::int64_t value = s.back().value;
    std::uint64_t record = s.back().recordIndex;
    for (int i = 0; i < 100'000; ++i) {
        value += (i * 7919) % 97 - 48;
        record += 3;
        s.append(end + TimeNs{i} * 200'000, value, record);
    }
    EXPECT_EQ(s.size(), 400'000u);
    expectExact(s, kept, s.back().timeNs + 1, 1000);

    // By record index: the first point of record 3 * 270,000 is position
    // 270,000, rounded down to a whole unit.
    s.dropBeforeRecord(3 * 270'000);
    EXPECT_EQ(s.firstIndex(), 4 * MinMaxSeries::kDropUnit);
    expectExact(s, s.at(s.firstIndex()).timeNs, s.back().timeNs + 1, 640);
}

TEST(MinMaxSeriesTest, ColumnOfAndColumnEdgeAgree) {
    const TimeNs from = 1000;
    const TimeNs to = 1000 + 997;
    // Wider and narrower columns than a nanosecond.
    for (const int columns : {13, 3000}) {
        for (TimeNs t = from; t < to; ++t) {
            const int c = MinMaxSeries::columnOf(from, to, columns, t);
            EXPECT_LE(MinMaxSeries::columnEdge(from, to, columns, c), t);
            EXPECT_GT(MinMaxSeries::columnEdge(from, to, columns, c + 1), t);
        }
    }
}

TEST(MinMaxSeriesTest, EarlierTimesAreHeldAtTheLastTimeAndClearEmpties) {
    MinMaxSeries s;
    s.append(100, 1, 0);
    s.append(50, 2, 1);
    EXPECT_EQ(s.at(1).timeNs, 100);
    EXPECT_EQ(s.lowerBound(100), 0u);
    EXPECT_EQ(s.lowerBound(101), 2u);
    s.clear();
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.levels(), 0u);
    std::vector<MinMaxSeries::Column> columns;
    s.decimate(0, 10, 10, columns);
    EXPECT_TRUE(columns.empty());
}

}  // namespace
}  // namespace ps
