// The built-in "kernel-demo" run: the simulation kernel on its own, before any
// audio stack is wired in. A device model raises its interrupt line every
// periodNs; the ISR acknowledges the device and queues a DPC; the DPC signals a
// synchronization event; a client thread waiting on the event records how late
// it woke up and waits again. A 48 kHz frame clock counts frames alongside.
// Everything is traced, so the run exercises the scheduler, periodic sources,
// the tracer, interrupts, DPCs and events end to end. The GUI and portscope-sim
// both run it by name.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/sim/PeriodicSource.h"
#include "model/sim/Random.h"
#include "model/sim/Scheduler.h"
#include "model/sim/TraceDigest.h"
#include "model/sim/Tracer.h"

#include <cstdint>
#include <memory>

namespace ps {

struct KernelDemoConfig {
    std::uint64_t seed = 1;
    TimeNs interruptPeriodNs = msToNs(10);
    std::int64_t frameRateHz = 48'000;
    // Mean of an exponentially distributed extra DPC delay (0 = none), drawn
    // from the seeded RNG: a small taste of the interference model.
    TimeNs meanDpcJitterNs = usToNs(20);
};

struct KernelDemoCounters {
    std::uint64_t interrupts = 0;
    std::uint64_t dpcs = 0;
    std::uint64_t clientWakeups = 0;
    std::int64_t frames = 0;
    TimeNs maxWakeLatencyNs = 0;  // interrupt raised -> client resumed
};

class KernelDemo {
  public:
    explicit KernelDemo(KernelDemoConfig config = {},
                        std::size_t traceRingCapacity = Tracer::kDefaultRingCapacity);
    ~KernelDemo();
    KernelDemo(const KernelDemo&) = delete;
    KernelDemo& operator=(const KernelDemo&) = delete;

    // Advances simulated time to untilNs.
    void runUntil(TimeNs untilNs) { m_scheduler.runUntil(untilNs); }

    Scheduler& scheduler() { return m_scheduler; }
    const Scheduler& scheduler() const { return m_scheduler; }
    const Tracer& tracer() const { return m_tracer; }
    Tracer& tracer() { return m_tracer; }
    const KernelDemoCounters& counters() const { return m_counters; }
    const TraceDigest& digest() const { return m_digest; }

  private:
    static BOOLEAN isr(KINTERRUPT* interrupt, PVOID context);
    static void dpc(KDPC* dpc, PVOID context, PVOID arg1, PVOID arg2);
    void clientWait();

    KernelDemoConfig m_config;
    Scheduler m_scheduler;
    Tracer m_tracer;
    TraceDigest m_digest;
    Random m_random;
    Kernel m_kernel;
    KernelDemoCounters m_counters;
    InterruptLine& m_line;
    bool m_deviceStatus = false;
    TimeNs m_raisedAtNs = 0;
    PKINTERRUPT m_interrupt = nullptr;
    KDPC m_dpc;
    KEVENT m_event;
    std::unique_ptr<PeriodicSource> m_deviceClock;
    std::unique_ptr<PeriodicSource> m_frameClock;
};

}  // namespace ps
