#include "model/scenario/KernelDemo.h"

#include <algorithm>

namespace ps {

namespace {
constexpr ULONG kDemoVector = 5;
}

KernelDemo::KernelDemo(KernelDemoConfig config, std::size_t traceRingCapacity)
    : m_config(config),
      m_tracer(m_scheduler, traceRingCapacity),
      m_random(config.seed),
      m_kernel(m_scheduler, m_tracer),
      m_line(m_kernel.interruptLine(kDemoVector)) {
    m_tracer.addSink(&m_digest);
    if (m_config.meanDpcJitterNs > 0) {
        m_kernel.faultHooks().extraDpcDelayNs = [this] {
            return static_cast<TimeNs>(
                m_random.exponential(static_cast<double>(m_config.meanDpcJitterNs)));
        };
    }
    m_kernel.KeInitializeDpc(&m_dpc, &KernelDemo::dpc, this, "demo DPC");
    m_kernel.KeInitializeEvent(&m_event, SynchronizationEvent, FALSE, "demo event");
    m_kernel.IoConnectInterrupt(&m_interrupt, &KernelDemo::isr, this, nullptr, kDemoVector,
                                kDefaultDeviceIrql, kDefaultDeviceIrql, LevelSensitive, FALSE, 1,
                                FALSE, "demo ISR");
    m_deviceClock =
        std::make_unique<PeriodicSource>(m_scheduler, "demo device", [this](std::int64_t) {
            m_deviceStatus = true;
            m_raisedAtNs = m_scheduler.now();
            m_line.setAsserted(true);
        });
    m_frameClock = std::make_unique<PeriodicSource>(
        m_scheduler, "frame clock", [this](std::int64_t n) { m_counters.frames = n + 1; });
    m_deviceClock->start(PeriodicClock(m_config.interruptPeriodNs, m_config.interruptPeriodNs, 1));
    m_frameClock->start(PeriodicClock::fromRateHz(0, m_config.frameRateHz));
    clientWait();
}

KernelDemo::~KernelDemo() {
    m_deviceClock->stop();
    m_frameClock->stop();
    if (m_interrupt != nullptr) {
        m_kernel.IoDisconnectInterrupt(m_interrupt);
    }
    m_tracer.removeSink(&m_digest);
}

BOOLEAN KernelDemo::isr(KINTERRUPT*, PVOID context) {
    auto* self = static_cast<KernelDemo*>(context);
    if (!self->m_deviceStatus) {
        return FALSE;
    }
    ++self->m_counters.interrupts;
    self->m_deviceStatus = false;  // acknowledge: the device drops its line
    self->m_line.setAsserted(false);
    self->m_kernel.KeInsertQueueDpc(&self->m_dpc, nullptr, nullptr);
    return TRUE;
}

void KernelDemo::dpc(KDPC*, PVOID context, PVOID, PVOID) {
    auto* self = static_cast<KernelDemo*>(context);
    ++self->m_counters.dpcs;
    self->m_kernel.KeSetEvent(&self->m_event);
}

void KernelDemo::clientWait() {
    m_kernel.waitForEvent(&m_event, [this](NTSTATUS) {
        ++m_counters.clientWakeups;
        const TimeNs latencyNs = m_scheduler.now() - m_raisedAtNs;
        m_counters.maxWakeLatencyNs = std::max(m_counters.maxWakeLatencyNs, latencyNs);
        m_tracer.record(TraceRecord(TraceCategory::Client, "client", "woke")
                            .addInt("WakeLatencyNs", latencyNs)
                            .addInt("Frames", m_counters.frames));
        clientWait();
    });
}

}  // namespace ps
