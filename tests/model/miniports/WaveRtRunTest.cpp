// A render stream in RUN: IOC interrupts -> ISR -> DPC -> KeSetEvent at the
// documented points (DDI.md §9, §11.2), the DAC playing the cyclic buffer, and
// the notification-event registration rules (sysvad, DDI.md §9).
#include "WaveRtFixture.h"

namespace ps::test {
namespace {

const AudioFormat kStereo48 = AudioFormat::pcm(48000, 2, 16);

// A client thread that waits on a notification event again and again and
// records when it resumed.
class EventWaiter {
  public:
    EventWaiter(Kernel& kernel, PKEVENT event, std::vector<const char*>* log = nullptr)
        : m_kernel(kernel), m_event(event), m_log(log) {
        wait();
    }
    std::vector<TimeNs> wakeTimes;

  private:
    void wait() {
        m_kernel.waitForEvent(m_event, [this](std::int32_t status) {
            if (status == STATUS_SUCCESS) {
                wakeTimes.push_back(m_kernel.scheduler().now());
                if (m_log != nullptr) {
                    m_log->push_back(m_event->name);
                }
                m_kernel.KeClearEvent(m_event);
                wait();
            }
        });
    }
    Kernel& m_kernel;
    PKEVENT m_event;
    std::vector<const char*>* m_log;
};

class WaveRtRunTest : public WaveRtFixture {
  protected:
    void SetUp() override {
        ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kHdaRtPinRender, false, kStereo48, &s), STATUS_SUCCESS);
        kernel.KeInitializeEvent(&first, NotificationEvent, FALSE, "client event A");
        kernel.KeInitializeEvent(&second, SynchronizationEvent, FALSE, "client event B");
    }
    void TearDown() override {
        if (s.stream) {
            setState(s, KSSTATE_STOP);
            s.notification->UnregisterNotificationEvent(&first);
            s.notification->UnregisterNotificationEvent(&second);
            closeStream(s);
        }
    }
    // Checks that wake k (0-based) of a stream started at runNs with packets
    // of packetBytes came when the DMA had fetched the end of packet k: no
    // earlier than the FIFO's worth of bytes before the DAC plays it, no later
    // than the DAC playing it (plus interrupt, DPC and thread latency).
    void expectWakesAtPacketEnds(const std::vector<TimeNs>& wakes, TimeNs runNs,
                                 ULONG packetBytes) {
        const ULONGLONG bytesPerSecond = kStereo48.bytesPerSecond();
        const ULONGLONG fifo = hwState(s).fifoCapacityBytes;
        for (std::size_t k = 0; k < wakes.size(); ++k) {
            const ULONGLONG end = (k + 1) * ULONGLONG{packetBytes};
            const TimeNs latest =
                runNs + static_cast<TimeNs>(end * 1'000'000'000ull / bytesPerSecond) + 50'000;
            const TimeNs earliest =
                runNs + static_cast<TimeNs>((end - fifo - kStereo48.bytesPerFrame()) *
                                            1'000'000'000ull / bytesPerSecond);
            EXPECT_GE(wakes[k], earliest) << "wake " << k;
            EXPECT_LE(wakes[k], latest) << "wake " << k;
        }
    }

    WaveRtOpenedStream s;
    KEVENT first;
    KEVENT second;
};

TEST_F(WaveRtRunTest, CountOneSignalsOncePerBufferAtItsEnd) {
    ASSERT_EQ(allocate(s, 8192, 1), STATUS_SUCCESS);  // 2048 frames, 42.67 ms
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&first), STATUS_SUCCESS);
    EventWaiter waiter(kernel, &first);
    setState(s, KSSTATE_RUN);
    const TimeNs runNs = scheduler.now();
    runFor(4 * 42 * kRtMs + 20 * kRtMs);  // just past the 4th buffer end
    ASSERT_EQ(waiter.wakeTimes.size(), 4u);
    expectWakesAtPacketEnds(waiter.wakeTimes, runNs, 8192);
    EXPECT_EQ(s.impl->interruptCount(), 4u);
    EXPECT_EQ(s.impl->dpcCount(), 4u);
}

TEST_F(WaveRtRunTest, CountTwoSignalsAtTheMidpointAndTheEnd) {
    ASSERT_EQ(allocate(s, 8192, 2), STATUS_SUCCESS);
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&first), STATUS_SUCCESS);
    EventWaiter waiter(kernel, &first);
    setState(s, KSSTATE_RUN);
    const TimeNs runNs = scheduler.now();
    runFor(3 * 42 * kRtMs + 10 * kRtMs);  // past 6 half buffers
    ASSERT_EQ(waiter.wakeTimes.size(), 6u);
    expectWakesAtPacketEnds(waiter.wakeTimes, runNs, 4096);
    // Each DPC ran at DISPATCH_LEVEL and signalled the one event.
    const auto dpcs = miniportRecords(TraceCategory::Dpc, "notification events signalled");
    ASSERT_EQ(dpcs.size(), 6u);
    for (const TraceRecord& r : dpcs) {
        EXPECT_EQ(r.field("Events")->u, 1u);
        EXPECT_STREQ(r.field("State")->text, "KSSTATE_RUN");
    }
    // Nothing the kernel would bug-check on (KeSetEvent at DISPATCH_LEVEL,
    // locks released, IRQL restored in ISR and DPC).
    std::size_t verifier = 0;
    tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
        verifier += r.category == TraceCategory::Verifier ? 1 : 0;
    });
    EXPECT_EQ(verifier, 0u);
}

TEST_F(WaveRtRunTest, EveryRegisteredEventIsSignalledInRegistrationOrder) {
    ASSERT_EQ(allocate(s, 8192, 2), STATUS_SUCCESS);
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&first), STATUS_SUCCESS);
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&second), STATUS_SUCCESS);
    // Waiters resume in the order their events were set (equal-time
    // scheduler events run first in, first out).
    std::vector<const char*> order;
    EventWaiter a(kernel, &first, &order);
    EventWaiter b(kernel, &second, &order);
    setState(s, KSSTATE_RUN);
    runFor(50 * kRtMs);
    ASSERT_EQ(a.wakeTimes.size(), 2u);
    EXPECT_EQ(b.wakeTimes, a.wakeTimes);
    ASSERT_EQ(order.size(), 4u);
    for (std::size_t i = 0; i < order.size(); ++i) {
        EXPECT_STREQ(order[i], i % 2 == 0 ? "client event A" : "client event B");
    }
    EXPECT_EQ(first.setCount, 2u);
    EXPECT_EQ(second.setCount, 2u);
}

TEST_F(WaveRtRunTest, TheDacPlaysTheCyclicBufferAsTheClientWroteIt) {
    ASSERT_EQ(allocate(s, 8192, 2), STATUS_SUCCESS);
    fillBuffer(s, 3);
    setState(s, KSSTATE_RUN);
    runFor(100 * kRtMs);  // more than two laps
    const std::vector<std::uint8_t>& played = dacOf(s).bytes;
    ASSERT_GT(played.size(), 2u * s.actualSize);
    for (std::size_t i = 0; i < played.size(); ++i) {
        ASSERT_EQ(played[i], waveRtPatternByte(3, i % s.actualSize)) << "byte " << i;
    }
    EXPECT_EQ(dacOf(s).underrunFrames, 0u);
    EXPECT_EQ(hwState(s).underrunFrames, 0);
}

TEST_F(WaveRtRunTest, APollingStreamPlaysWithoutAnyInterrupt) {
    ASSERT_EQ(allocate(s, 8192, 0), STATUS_SUCCESS);
    fillBuffer(s, 4);
    setState(s, KSSTATE_RUN);
    runFor(100 * kRtMs);
    EXPECT_EQ(s.impl->interruptCount(), 0u);
    EXPECT_TRUE(miniportRecords(TraceCategory::Interrupt, "ISR ack").empty());
    EXPECT_GT(dacOf(s).bytes.size(), 2u * s.actualSize);
    EXPECT_EQ(dacOf(s).bytes[s.actualSize + 5], waveRtPatternByte(4, 5));
}

TEST_F(WaveRtRunTest, EventsRegisterOnceAndUnregisterOnlyWhenKnown) {
    ASSERT_EQ(allocate(s, 8192, 1), STATUS_SUCCESS);
    EXPECT_EQ(s.notification->RegisterNotificationEvent(nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(s.notification->RegisterNotificationEvent(&first), STATUS_SUCCESS);
    EXPECT_EQ(s.notification->RegisterNotificationEvent(&first), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(s.impl->registeredEventCount(), 1u);
    EXPECT_EQ(s.notification->UnregisterNotificationEvent(&second), STATUS_NOT_FOUND);
    EXPECT_EQ(s.notification->UnregisterNotificationEvent(&first), STATUS_SUCCESS);
    EXPECT_EQ(s.notification->UnregisterNotificationEvent(&first), STATUS_NOT_FOUND);
    EXPECT_EQ(s.impl->registeredEventCount(), 0u);
}

TEST_F(WaveRtRunTest, AnEventUnregisteredWhileRunningIsNoLongerSignalled) {
    ASSERT_EQ(allocate(s, 8192, 2), STATUS_SUCCESS);
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&first), STATUS_SUCCESS);
    EventWaiter waiter(kernel, &first);
    setState(s, KSSTATE_RUN);
    runFor(30 * kRtMs);
    ASSERT_EQ(waiter.wakeTimes.size(), 1u);
    ASSERT_EQ(s.notification->UnregisterNotificationEvent(&first), STATUS_SUCCESS);
    runFor(60 * kRtMs);
    EXPECT_EQ(waiter.wakeTimes.size(), 1u);
    EXPECT_GE(s.impl->dpcCount(), 3u);  // the interrupts go on
}

TEST_F(WaveRtRunTest, EventsNeverUnregisteredAreTracedWhenTheStreamGoes) {
    ASSERT_EQ(allocate(s, 8192, 2), STATUS_SUCCESS);
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&first), STATUS_SUCCESS);
    closeStream(s);
    const auto records = miniportRecords(TraceCategory::Dma, "events never unregistered");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].field("Count")->u, 1u);
}

}  // namespace
}  // namespace ps::test
