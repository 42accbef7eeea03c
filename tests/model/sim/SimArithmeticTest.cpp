// The 64-bit fast paths of the exact time arithmetic agree with the 128-bit
// reference on both sides of the overflow boundary, and the canonical text of
// a record keeps its exact format.
#include "model/sim/PeriodicClock.h"
#include "model/sim/SimTime.h"
#include "model/sim/TraceRecord.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace ps {
namespace {

std::int64_t referenceMulDiv(std::int64_t v, std::int64_t num, std::int64_t den) {
    return static_cast<std::int64_t>(static_cast<detail::Int128>(v) * num / den);
}

TEST(MulDivFloor, MatchesTheWideProductOnBothSidesOfTheOverflowBoundary) {
    const std::int64_t num = 1'000'000'000'000'000;  // 1e15: a ppm-corrected period
    const std::int64_t den = 48'000'000'123;
    const std::int64_t boundary = std::numeric_limits<std::int64_t>::max() / num;
    for (std::int64_t v = boundary - 3; v <= boundary + 3; ++v) {
        EXPECT_EQ(mulDivFloor(v, num, den), referenceMulDiv(v, num, den)) << v;
    }
    const std::int64_t huge = std::int64_t{1} << 62;
    EXPECT_EQ(mulDivFloor(huge, 3, 7), referenceMulDiv(huge, 3, 7));
    EXPECT_EQ(mulDivFloor(12'345, 1'000'000'000, 44'100), 279'931'972);
    static_assert(mulDivFloor(3, 10, 4) == 7, "usable in constant expressions");
}

TEST(PeriodicClock, PeriodIsKeptInLowestTermsWithTheSameTicks) {
    // 1e15 / (48000 * (1e6 + 0)) ns = 62500 / 3 ns.
    const PeriodicClock clock(5, 1'000'000'000'000'000, 48'000'000'000);
    EXPECT_EQ(clock.periodNumeratorNs(), 62'500);
    EXPECT_EQ(clock.periodDenominator(), 3);
    const PeriodicClock reference(5, 62'500, 3);
    // Far beyond the point where n * 1e15 overflows 64 bits.
    for (std::int64_t n : {std::int64_t{0}, std::int64_t{1}, std::int64_t{9'223},
                           std::int64_t{9'224}, std::int64_t{48'000} * 86'400 * 365}) {
        EXPECT_EQ(clock.dueTimeNs(n), 5 + referenceMulDiv(n, 62'500, 3)) << n;
        EXPECT_EQ(clock.ticksDueBy(clock.dueTimeNs(n)), n + 1) << n;
        EXPECT_EQ(clock.ticksDueBy(clock.dueTimeNs(n) - 1), n) << n;
    }
    // Near the end of time the wide path still answers.
    const PeriodicClock fine(0, 1, 1'000'000);
    const TimeNs late = std::numeric_limits<TimeNs>::max() - 1;
    EXPECT_EQ(fine.ticksDueBy(late),
              static_cast<std::int64_t>(static_cast<detail::Int128>(late + 1) * 1'000'000 - 1) + 1);
}

TEST(TraceRecord, CanonicalTextFormatsEveryKindExactly) {
    TraceRecord r(TraceCategory::DdiCall, "miniport", "IMiniportWavePciStream::SetState", 7);
    r.index = 18'446'744'073'709'551'615ull;
    r.timeNs = -42;
    r.addInt("Negative", -9'223'372'036'854'775'807 - 1)
        .addInt("Zero", 0)
        .addUInt("Big", 18'446'744'073'709'551'615ull)
        .addHex("Address", 0x3F0ABull)
        .addHex("Nothing", 0)
        .addBool("Yes", true)
        .addBool("No", false)
        .addText("State", "KSSTATE_RUN")
        .setStatus(static_cast<std::int32_t>(0xC0000001u));
    EXPECT_EQ(toCanonicalString(r),
              "18446744073709551615|-42|ddi|7|miniport|IMiniportWavePciStream::SetState|"
              "0xC0000001|Negative=-9223372036854775808,Zero=0,Big=18446744073709551615,"
              "Address=0x3F0AB,Nothing=0x0,Yes=TRUE,No=FALSE,State=KSSTATE_RUN");
    TraceRecord plain(TraceCategory::Sim, "sim", "tick");
    plain.setStatus(0);
    EXPECT_EQ(toCanonicalString(plain), "0|0|sim||sim|tick|0x00000000|");
    EXPECT_EQ(formatFieldValue(r.fields[3]), "0x3F0AB");
    EXPECT_EQ(formatFieldValue(r.fields[0]), "-9223372036854775808");
}

}  // namespace
}  // namespace ps
