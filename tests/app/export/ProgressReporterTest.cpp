// ProgressReporter: throttled carriage-return lines with a final newline,
// silence when disabled, and slicing a run for it changes nothing.
#include "RecordedRuns.h"

#include "app/export/ProgressReporter.h"
#include "model/sim/TraceDigest.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace ps {
namespace {

std::string contents(std::FILE* f) {
    std::fflush(f);
    std::rewind(f);
    std::string s;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        s.append(buf, n);
    }
    return s;
}

TEST(ProgressReporter, PrintsAtMostFourTimesASecondAndEndsTheLine) {
    std::FILE* out = std::tmpfile();
    ASSERT_NE(out, nullptr);
    std::int64_t wallNs = 0;
    ProgressReporter progress(secondsToNs(10), out, true, [&] { return wallNs; });
    // 40 updates 100 ms of wall time apart, each 0.25 s of simulated time.
    for (int i = 1; i <= 40; ++i) {
        wallNs += 100'000'000;
        progress.update(static_cast<TimeNs>(i) * 250'000'000);
    }
    // Due at 300, 600, ... 3900 ms: every third update.
    EXPECT_EQ(progress.linesPrinted(), 13u);
    progress.finish(secondsToNs(10));
    const std::string text = contents(out);
    std::fclose(out);
    EXPECT_EQ(progress.linesPrinted(), 14u);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 14);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
    EXPECT_EQ(text.back(), '\n');
    EXPECT_EQ(text.rfind('\r'), text.find("\rsimulated 10.000 s of 10.000 s (100.0%)"));
    // The first line: 0.75 s simulated (7.5 %) in 0.3 s of wall time.
    EXPECT_EQ(text.find("\rsimulated 0.750 s of 10.000 s (  7.5%), 2x real time"), 0u) << text;
}

TEST(ProgressReporter, DisabledPrintsNothing) {
    std::FILE* out = std::tmpfile();
    ASSERT_NE(out, nullptr);
    std::int64_t wallNs = 0;
    ProgressReporter progress(secondsToNs(1), out, false, [&] { return wallNs; });
    for (int i = 0; i < 10; ++i) {
        wallNs += 1'000'000'000;
        progress.update(msToNs(100) * i);
    }
    progress.finish(secondsToNs(1));
    EXPECT_EQ(progress.linesPrinted(), 0u);
    EXPECT_EQ(contents(out), "");
    std::fclose(out);
}

TEST(ProgressReporter, AShortRunPrintsNoLineAtAll) {
    std::FILE* out = std::tmpfile();
    ASSERT_NE(out, nullptr);
    std::int64_t wallNs = 0;
    ProgressReporter progress(secondsToNs(1), out, true, [&] { return wallNs; });
    wallNs = 100'000'000;
    progress.update(secondsToNs(1));
    progress.finish(secondsToNs(1));
    EXPECT_EQ(contents(out), "");
    std::fclose(out);
}

TEST(ProgressReporter, OnStderrOnlyWhenItIsATerminal) {
    ProgressReporter progress(secondsToNs(1));
    EXPECT_EQ(progress.enabled(), isatty(fileno(stderr)) != 0);
}

TEST(ProgressReporter, ARunInSlicesHasTheSameTrace) {
    std::FILE* out = std::tmpfile();
    ASSERT_NE(out, nullptr);
    std::int64_t wallNs = 0;
    ProgressReporter progress(msToNs(300), out, true, [&] { return wallNs += 50'000'000; });
    RunOptions sliced;
    sliced.progress = &progress;
    TraceDigest whole;
    TraceDigest inSlices;
    runWaveRtRender({&whole});
    runWaveRtRender({&inSlices}, nullptr, sliced);
    progress.finish(msToNs(300));
    EXPECT_EQ(whole.hex(), inSlices.hex());
    EXPECT_EQ(whole.recordCount(), inSlices.recordCount());
    EXPECT_GT(progress.linesPrinted(), 5u);
    std::fclose(out);
}

}  // namespace
}  // namespace ps
