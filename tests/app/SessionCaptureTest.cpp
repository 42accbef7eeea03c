// Capture streams recording from a live input in the inspector's session:
// a fake input device (LiveAudioInput::openTestDevice, deliver()) feeds a
// 440 Hz tone; the run records it; stepping back and running forward again
// to the same event reaches the same state and the capture stream's ADC
// reads the very samples it read the first time, although the device has
// delivered something else since; a new scenario records afresh.
#include "app/audio/LiveAudioInput.h"
#include "app/scenario/ScenarioLoader.h"
#include "app/session/SessionController.h"
#include "tests/e2e/ToneAnalysis.h"

#include <QtTest>

#include <cmath>
#include <memory>
#include <mutex>
#include <vector>

namespace ps {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kDeviceRateHz = 48000;

// What one run's capture source handed to the ADC, channel 0 by frame.
struct RunLog {
    std::vector<float> frames;
    std::vector<bool> seen;
};

// Records every frame the wrapped source renders (simulation thread).
class RecordingSource final : public SampleSource {
  public:
    RecordingSource(std::unique_ptr<SampleSource> inner, std::shared_ptr<RunLog> log)
        : m_inner(std::move(inner)), m_log(std::move(log)) {}
    void render(std::int64_t firstFrame, float* out, std::size_t frames, int channels) override {
        m_inner->render(firstFrame, out, frames, channels);
        const auto end = static_cast<std::size_t>(firstFrame) + frames;
        if (m_log->frames.size() < end) {
            m_log->frames.resize(end);
            m_log->seen.resize(end);
        }
        for (std::size_t i = 0; i < frames; ++i) {
            m_log->frames[static_cast<std::size_t>(firstFrame) + i] =
                out[i * static_cast<std::size_t>(channels)];
            m_log->seen[static_cast<std::size_t>(firstFrame) + i] = true;
        }
    }

  private:
    std::unique_ptr<SampleSource> m_inner;
    std::shared_ptr<RunLog> m_log;
};

struct Fixture {
    LiveAudioInput input{0};  // no priming: the test delivers before the run reads
    std::mutex mutex;
    std::vector<std::shared_ptr<RunLog>> runs;  // one per run built, in order

    SessionControllerConfig config() {
        SessionControllerConfig c;
        c.hooks.openCaptureSource = [this](std::size_t stream, const AudioFormat& format) {
            std::unique_ptr<SampleSource> source = input.makeSource(stream, format);
            if (!source) {
                return source;
            }
            auto log = std::make_shared<RunLog>();
            std::lock_guard<std::mutex> lock(mutex);
            runs.push_back(log);
            return std::unique_ptr<SampleSource>(
                std::make_unique<RecordingSource>(std::move(source), log));
        };
        c.beforeOpen = [this] { input.newTapes(); };
        return c;
    }
    std::shared_ptr<RunLog> run(std::size_t i) {
        std::lock_guard<std::mutex> lock(mutex);
        return i < runs.size() ? runs[i] : nullptr;
    }
    std::size_t runCount() {
        std::lock_guard<std::mutex> lock(mutex);
        return runs.size();
    }
    // seconds of a sine at the device rate, mono, delivered in 10 ms blocks.
    void deliverTone(double hz, double seconds, double phaseFrames = 0) {
        const auto frames = static_cast<std::size_t>(seconds * kDeviceRateHz);
        std::vector<float> x(frames);
        for (std::size_t i = 0; i < frames; ++i) {
            x[i] = static_cast<float>(
                0.5 *
                std::sin(2 * kPi * hz * (static_cast<double>(i) + phaseFrames) / kDeviceRateHz));
        }
        for (std::size_t at = 0; at < frames; at += 480) {
            input.deliver(x.data() + at, std::min<std::size_t>(480, frames - at));
        }
    }
};

ScenarioSpec captureSpec() {
    const ScenarioLoadResult loaded =
        ScenarioLoader::loadBuiltin(QStringLiteral("wavert-event-capture"));
    return loaded.spec.value_or(ScenarioSpec{});
}

// The first `frames` frames both logs saw.
bool sameFrames(const RunLog& a, const RunLog& b, std::size_t frames) {
    if (a.frames.size() < frames || b.frames.size() < frames) {
        return false;
    }
    for (std::size_t i = 0; i < frames; ++i) {
        if (!a.seen[i] || !b.seen[i] || a.frames[i] != b.frames[i]) {
            return false;
        }
    }
    return true;
}
}  // namespace

class SessionCaptureTest : public QObject {
    Q_OBJECT
  private slots:
    void stepBackReplaysTheRecordedInputAndTheToneIsCaptured() {
        Fixture f;
        f.input.openTestDevice(kDeviceRateHz, 1, QStringLiteral("test input"));
        const ScenarioSpec spec = captureSpec();
        QCOMPARE(spec.streams.size(), std::size_t{1});
        QCOMPARE(spec.streams[0].format.rateHz, DWORD{96000});
        SessionController controller(f.config());
        controller.open(spec, "capture");
        controller.waitIdle();
        QCOMPARE(f.runCount(), std::size_t{1});
        QCOMPARE(f.input.tapeCount(), std::size_t{1});
        // 0.6 s of 440 Hz, then 0.3 s of the run.
        f.deliverTone(440, 0.6);
        controller.advanceBy(msToNs(300));
        controller.waitIdle();
        const auto first = controller.latest();
        const auto firstRun = f.run(0);
        QVERIFY(first->eventsExecuted > 10);
        const std::size_t heard = firstRun->frames.size();
        QVERIFY2(heard >= 28000, qPrintable(QString::number(heard)));  // 0.3 s at 96 kHz

        // The ADC recorded the tone (past the resampler's start).
        const std::size_t from = 2000;
        const std::size_t n = heard - from;
        const double hz =
            tone::dominantFrequencyHz(firstRun->frames.data() + from, n, 96000, 50, 3000);
        QVERIFY2(std::fabs(hz - 440) < 2, qPrintable(QString::number(hz)));
        const tone::ToneFit fit = tone::fitTone(firstRun->frames.data() + from, n, 96000, 440);
        QVERIFY2(std::fabs(fit.amplitude - 0.5) < 0.01, qPrintable(QString::number(fit.amplitude)));
        QVERIFY2(fit.snrDb > 60, qPrintable(QString::number(fit.snrDb)));
        QCOMPARE(f.input.shortfallFrames(), std::int64_t{0});

        // The device goes on with another tone; the replay must not hear it.
        f.deliverTone(1000, 0.5);
        controller.stepBack(StepUnit::Event);
        controller.stepBack(StepUnit::Event);
        controller.stepBack(StepUnit::Event);
        controller.waitIdle();
        QCOMPARE(controller.latest()->eventsExecuted, first->eventsExecuted - 3);
        QVERIFY(f.runCount() >= 2);  // the run was rebuilt
        controller.seek(first->eventsExecuted);
        controller.waitIdle();
        const auto again = controller.latest();
        QCOMPARE(again->eventsExecuted, first->eventsExecuted);
        QCOMPARE(again->simTimeNs, first->simTimeNs);
        QCOMPARE(again->traceRecords, first->traceRecords);
        QCOMPARE(again->traceDigestHex, first->traceDigestHex);
        QCOMPARE(again->streams.size(), first->streams.size());
        QCOMPARE(again->streams[0].state, first->streams[0].state);
        QCOMPARE(again->streams[0].glitches, first->streams[0].glitches);
        const auto replay = f.run(f.runCount() - 1);
        QCOMPARE(replay->frames.size(), heard);
        QVERIFY(sameFrames(*firstRun, *replay, heard));
        QCOMPARE(f.input.inexactFrames(), std::int64_t{0});

        // Running on past the first pass takes new frames: the 1000 Hz tone
        // follows the rest of the 440 Hz one.
        controller.advanceBy(msToNs(500));
        controller.waitIdle();
        const auto onward = f.run(f.runCount() - 1);
        QVERIFY(sameFrames(*firstRun, *onward, heard));
        QVERIFY(onward->frames.size() > heard + 45000);
        const std::size_t tail = onward->frames.size() - 15000;
        const double later =
            tone::dominantFrequencyHz(onward->frames.data() + tail, 12000, 96000, 50, 3000);
        QVERIFY2(std::fabs(later - 1000) < 3, qPrintable(QString::number(later)));
    }

    void aNewScenarioRecordsAfresh() {
        Fixture f;
        f.input.openTestDevice(kDeviceRateHz, 1, QStringLiteral("test input"));
        SessionController controller(f.config());
        controller.open(captureSpec(), "capture");
        controller.waitIdle();
        f.deliverTone(440, 0.4);
        controller.advanceBy(msToNs(200));
        controller.waitIdle();
        controller.open(captureSpec(), "capture again");
        controller.waitIdle();
        f.deliverTone(1000, 0.4);
        controller.advanceBy(msToNs(200));
        controller.waitIdle();
        const auto log = f.run(f.runCount() - 1);
        QVERIFY(log->frames.size() > 12000);
        const double hz =
            tone::dominantFrequencyHz(log->frames.data() + 2000, 10000, 96000, 50, 3000);
        QVERIFY2(std::fabs(hz - 1000) < 5, qPrintable(QString::number(hz)));
        QCOMPARE(f.input.tapeCount(), std::size_t{1});
    }

    void withoutADeviceTheScenarioSignalStaysForTheWholeSession() {
        Fixture f;  // no device opened
        SessionController controller(f.config());
        controller.open(captureSpec(), "capture");
        controller.advanceBy(msToNs(50));
        controller.waitIdle();
        QCOMPARE(f.runCount(), std::size_t{0});
        QCOMPARE(f.input.tapeCount(), std::size_t{0});
        // A device that appears mid-session does not change this session's
        // runs (a replay must match): the signal stays until a new scenario.
        f.input.openTestDevice(kDeviceRateHz, 1, QStringLiteral("test input"));
        controller.stepBack(StepUnit::Event);
        controller.waitIdle();
        QCOMPARE(f.runCount(), std::size_t{0});
        controller.open(captureSpec(), "capture");
        controller.waitIdle();
        QCOMPARE(f.runCount(), std::size_t{1});
    }
};

}  // namespace ps

QTEST_MAIN(ps::SessionCaptureTest)
#include "SessionCaptureTest.moc"
