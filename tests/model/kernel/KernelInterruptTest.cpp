#include "KernelFixture.h"

#include <functional>
#include <string>
#include <vector>

namespace ps {
namespace {

// A tiny device: a status bit that asserts the line, cleared by the ISR
// (write-1-to-clear in a real device), whose ISR queues a DPC.
struct FakeDevice {
    Kernel* kernel = nullptr;
    InterruptLine* line = nullptr;
    bool status = false;
    bool isrClears = true;
    KDPC dpc;
    std::vector<std::string> log;

    void raise() {
        status = true;
        line->setAsserted(true);
    }
    static BOOLEAN isr(KINTERRUPT*, PVOID context) {
        auto* d = static_cast<FakeDevice*>(context);
        if (!d->status) {
            return FALSE;
        }
        d->log.push_back(std::string("isr@") + irqlName(d->kernel->KeGetCurrentIrql()));
        if (d->isrClears) {
            d->status = false;
            d->line->setAsserted(false);
        }
        d->kernel->KeInsertQueueDpc(&d->dpc, nullptr, nullptr);
        return TRUE;
    }
    static void dpcRoutine(KDPC*, PVOID context, PVOID, PVOID) {
        auto* d = static_cast<FakeDevice*>(context);
        d->log.push_back(std::string("dpc@") + irqlName(d->kernel->KeGetCurrentIrql()));
    }
};

class KernelInterrupt : public KernelFixture {
  protected:
    FakeDevice device;
    PKINTERRUPT interrupt = nullptr;
    void SetUp() override {
        device.kernel = &kernel;
        device.line = &kernel.interruptLine(11);
        kernel.KeInitializeDpc(&device.dpc, FakeDevice::dpcRoutine, &device, "device DPC");
        ASSERT_EQ(kernel.IoConnectInterrupt(&interrupt, FakeDevice::isr, &device, nullptr, 11, 6, 6,
                                            LevelSensitive, TRUE, 1, FALSE, "device ISR"),
                  STATUS_SUCCESS);
    }
};

TEST_F(KernelInterrupt, IsrRunsAtDirqlThenItsDpcAtDispatch) {
    scheduler.schedule(1'000, [&] { device.raise(); });
    scheduler.runUntil(msToNs(1));
    EXPECT_EQ(device.log, (std::vector<std::string>{"isr@DIRQL 6", "dpc@DISPATCH_LEVEL"}));
    EXPECT_EQ(interrupt->isrCalls, 1u);
    EXPECT_EQ(interrupt->claimed, 1u);
    auto isr = records(TraceCategory::Interrupt, "ISR");
    auto dpc = records(TraceCategory::Dpc, "device DPC");
    ASSERT_EQ(isr.size(), 1u);
    ASSERT_EQ(dpc.size(), 1u);
    EXPECT_EQ(isr[0]->timeNs, 1'000 + kernel.config().interruptLatencyNs);
    EXPECT_EQ(dpc[0]->timeNs, isr[0]->timeNs + kernel.config().dpcLatencyNs);
    EXPECT_LT(isr[0]->index, dpc[0]->index);
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(violations(), 0u);
}

TEST_F(KernelInterrupt, LineHeldAssertedRedispatchesUntilStormLimitMasksIt) {
    device.isrClears = false;
    device.raise();
    scheduler.runUntil(msToNs(10));
    EXPECT_EQ(interrupt->isrCalls, kernel.config().interruptStormLimit);
    EXPECT_TRUE(device.line->masked());
    EXPECT_EQ(records(TraceCategory::Verifier, "interrupt storm").size(), 1u);
}

TEST_F(KernelInterrupt, LostInterruptSkipsTheIsrUntilTheLineIsReasserted) {
    int calls = 0;
    kernel.faultHooks().loseInterrupt = [&calls](ULONG) { return ++calls == 1; };
    device.raise();
    scheduler.runUntil(msToNs(1));
    EXPECT_EQ(interrupt->isrCalls, 0u);
    EXPECT_EQ(device.line->lostCount(), 1u);
    EXPECT_TRUE(device.line->asserted()) << "the device still wants service";
    // The driver notices (say, by polling) and clears the status; the next
    // interrupt is delivered.
    device.status = false;
    device.line->setAsserted(false);
    device.raise();
    scheduler.runUntil(msToNs(2));
    EXPECT_EQ(interrupt->isrCalls, 1u);
}

TEST_F(KernelInterrupt, SynchronizeExecutionHoldsTheInterruptLockAtSynchronizeIrql) {
    struct Ctx {
        Kernel* k;
        PKINTERRUPT i;
        KIRQL irql = 0;
        bool lockHeld = false;
    } ctx{&kernel, interrupt};
    const BOOLEAN r = kernel.KeSynchronizeExecution(
        interrupt,
        [](PVOID c) -> BOOLEAN {
            auto* x = static_cast<Ctx*>(c);
            x->irql = x->k->KeGetCurrentIrql();
            x->lockHeld = x->i->lock.held;
            return TRUE;
        },
        &ctx);
    EXPECT_TRUE(r);
    EXPECT_EQ(ctx.irql, 6);
    EXPECT_TRUE(ctx.lockHeld);
    EXPECT_FALSE(interrupt->lock.held);
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
}

// Six ISRs share vector 12, more than the dispatch keeps without an
// allocation: they run in connection order until one claims, and an ISR
// connected from inside a dispatch waits for the next one.
TEST(KernelSharedInterrupt, SixSharedIsrsRunInConnectionOrderUntilOneClaims) {
    Scheduler scheduler;
    Tracer tracer{scheduler, 4096};
    Kernel kernel{scheduler, tracer};
    InterruptLine& line = kernel.interruptLine(12);
    struct Device {
        int id = 0;
        bool claims = false;
        std::vector<int>* order = nullptr;
        InterruptLine* line = nullptr;
        std::function<void()> inIsr;
    };
    std::vector<int> order;
    std::vector<Device> devices(7);
    const auto isr = [](KINTERRUPT*, PVOID context) -> BOOLEAN {
        auto* d = static_cast<Device*>(context);
        d->order->push_back(d->id);
        if (d->inIsr) {
            std::function<void()> once = std::move(d->inIsr);
            d->inIsr = nullptr;
            once();
        }
        if (d->claims) {
            d->line->setAsserted(false);
        }
        return d->claims ? TRUE : FALSE;
    };
    std::vector<PKINTERRUPT> interrupts(7, nullptr);
    for (int k = 0; k < 6; ++k) {
        devices[k] = Device{k, k == 5, &order, &line, nullptr};
        ASSERT_EQ(kernel.IoConnectInterrupt(&interrupts[k], isr, &devices[k], nullptr, 12, 6, 6,
                                            LevelSensitive, TRUE, 1, FALSE, "shared ISR"),
                  STATUS_SUCCESS);
    }
    // The second ISR connects a seventh, which claims, during the first dispatch.
    devices[6] = Device{6, true, &order, &line, nullptr};
    devices[1].inIsr = [&] {
        EXPECT_EQ(kernel.IoConnectInterrupt(&interrupts[6], isr, &devices[6], nullptr, 12, 6, 6,
                                            LevelSensitive, TRUE, 1, FALSE, "late ISR"),
                  STATUS_SUCCESS);
    };
    line.setAsserted(true);
    scheduler.runUntil(msToNs(1));
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
    for (int k = 0; k < 6; ++k) {
        EXPECT_EQ(interrupts[k]->isrCalls, 1u) << k;
    }
    EXPECT_EQ(interrupts[5]->claimed, 1u);
    EXPECT_EQ(interrupts[6]->isrCalls, 0u);

    // Next time the first six decline before the late one claims.
    devices[5].claims = false;
    order.clear();
    line.setAsserted(true);
    scheduler.runUntil(msToNs(2));
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(interrupts[6]->claimed, 1u);
    EXPECT_FALSE(line.asserted());
}

TEST_F(KernelInterrupt, ConnectRejectsBadArgumentsAndTakenVectors) {
    PKINTERRUPT other = nullptr;
    EXPECT_EQ(
        kernel.IoConnectInterrupt(&other, FakeDevice::isr, &device, nullptr, 12, DISPATCH_LEVEL,
                                  DISPATCH_LEVEL, LevelSensitive, FALSE, 1, FALSE),
        STATUS_INVALID_PARAMETER);
    EXPECT_EQ(kernel.IoConnectInterrupt(&other, FakeDevice::isr, &device, nullptr, 11, 6, 6,
                                        LevelSensitive, FALSE, 1, FALSE),
              STATUS_INVALID_PARAMETER)
        << "vector 11 is connected and this connection does not share";
    kernel.IoDisconnectInterrupt(interrupt);
    device.raise();
    scheduler.runUntil(msToNs(1));
    EXPECT_TRUE(device.log.empty());
}

}  // namespace
}  // namespace ps
