// Coalesced DMA bursts (Ac97Config::coalesceBursts): the bursts between two
// observable points run in catch-up whenever the engine is synced, and only
// the next observable burst has a scheduler event. In the default mode the
// helpers here reduce to the one-event-per-burst behaviour.
#include "model/hw/ac97/Ac97Engine.h"

#include "model/kernel/Kernel.h"

#include <algorithm>

namespace ps::ac97 {

namespace {

// Bounds one planning pass; a plan that long simply gets an event there.
constexpr int kMaxPlannedBursts = 1 << 16;

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
    return (a + b - 1) / b;
}

const char* coalescedLabel(Engine e) {
    switch (e) {
        case Engine::PcmIn:
            return "AC97 PI bursts";
        case Engine::PcmOut:
            return "AC97 PO bursts";
        case Engine::MicIn:
            return "AC97 MC bursts";
    }
    return "AC97 bursts";
}

}  // namespace

bool Ac97Engine::burstPending() const {
    return m_config.coalesceBursts ? m_burstPlanned : m_scheduler.isPending(m_burstEvent);
}

void Ac97Engine::cancelBurst() {
    m_scheduler.cancel(m_burstEvent);
    m_burstEvent = EventId{};
    m_burstPlanned = false;
    flushBurstSummary();
}

TimeNs Ac97Engine::nextBurstDue(TimeNs atNs) const {
    // The next burst runs the instant the converter has made room (render) or
    // data (capture) for it: after frame clocked + m - 1.
    const std::int64_t need = std::min(m_config.burstBytes, m_descBytes - m_descOffset);
    const auto have =
        static_cast<std::int64_t>(isRender() ? m_fifo.freeBytes() : m_fifo.levelBytes());
    if (have >= need) {
        return atNs;
    }
    const std::int64_t frames = ceilDiv(need - have, static_cast<std::int64_t>(m_bytesPerFrame));
    return std::max(atNs, m_clock.dueTimeNs(m_framesClocked + frames - 1));
}

void Ac97Engine::catchUp(TimeNs nowNs) {
    if (!m_config.coalesceBursts || m_inCatchUp || m_inBurst) {
        return;
    }
    m_inCatchUp = true;
    const std::uint16_t statusBefore = statusRegister();
    while (m_burstPlanned && m_burstDueNs <= nowNs) {
        runPlannedBurst();
    }
    flushBurstSummary();
    m_inCatchUp = false;
    if (!m_burstPlanned) {
        reschedule();  // the DMA halted: the glitch watch may apply
    }
    if (statusRegister() != statusBefore) {
        notify();
    }
}

// What onBurst() does at the burst's own instant, without an event.
void Ac97Engine::runPlannedBurst() {
    const TimeNs at = m_burstDueNs;
    m_inBurst = true;
    syncTo(at, true);
    m_burstPlanned = false;
    if (dmaActive()) {
        const std::uint32_t bytes = std::min(m_config.burstBytes, m_descBytes - m_descOffset);
        const std::size_t available = isRender() ? m_fifo.freeBytes() : m_fifo.levelBytes();
        if (available >= bytes) {
            if (isRender()) {
                burstRender(bytes);
            } else {
                burstCapture(bytes);
            }
        }
    }
    m_inBurst = false;
    if (dmaActive()) {
        m_burstDueNs = nextBurstDue(at);
        m_burstPlanned = true;
    }
}

// Replays the burst timing of runPlannedBurst() on a copy of the FIFO level,
// converter position and descriptor offset, without moving data, up to the
// first burst that something can observe: it completes the descriptor (BCIS,
// LVBCI, the next fetch), its converter sync would glitch, it would not find
// the room or data it was planned for, or it touches unallocated memory.
TimeNs Ac97Engine::planObservableBurst() const {
    if (!m_clock.running()) {
        return m_burstDueNs;
    }
    const auto bpf = static_cast<std::int64_t>(m_bytesPerFrame);
    const auto capacity = static_cast<std::int64_t>(m_fifo.capacityBytes());
    const auto burstBytes = static_cast<std::int64_t>(m_config.burstBytes);
    std::int64_t level = static_cast<std::int64_t>(m_fifo.levelBytes());
    std::int64_t frames = m_framesClocked;
    std::int64_t offset = m_descOffset;
    const auto length = static_cast<std::int64_t>(m_descBytes);
    TimeNs at = m_burstDueNs;
    const PhysicalMemory& memory = m_kernel.memory();
    for (int i = 0; i < kMaxPlannedBursts; ++i) {
        std::int64_t target = m_clock.framesDueBy(at);
        if (target > frames) {
            std::int64_t pending = target - frames;
            const std::int64_t good = (isRender() ? level : capacity - level) / bpf;
            if (good < pending && m_clock.dueTimeNs(target - 1) == at) {
                --pending;  // the tick at this instant waits for the burst
            }
            if (good < pending) {
                return at;
            }
            level += isRender() ? -pending * bpf : pending * bpf;
            frames += pending;
        }
        const std::int64_t bytes = std::min(burstBytes, length - offset);
        const std::int64_t available = isRender() ? capacity - level : level;
        if (bytes <= 0 || available < bytes) {
            return at;
        }
        const std::uint64_t address =
            static_cast<std::uint64_t>(m_desc.address) + static_cast<std::uint64_t>(offset);
        if (!memory.isAddressValid(address) ||
            !memory.isAddressValid(address + static_cast<std::uint64_t>(bytes) - 1)) {
            return at;
        }
        if (offset + bytes == length) {
            return at;  // completes the descriptor
        }
        offset += bytes;
        level += isRender() ? bytes : -bytes;
        const std::int64_t need = std::min(burstBytes, length - offset);
        const std::int64_t have = isRender() ? capacity - level : level;
        if (have < need) {
            at = std::max(at, m_clock.dueTimeNs(frames + ceilDiv(need - have, bpf) - 1));
        }
    }
    return at;
}

void Ac97Engine::scheduleObservableEvent() {
    m_scheduler.cancel(m_burstEvent);
    m_burstEvent = m_scheduler.schedule(
        planObservableBurst(), [this] { onCoalescedEvent(); }, coalescedLabel(m_id));
}

void Ac97Engine::onCoalescedEvent() {
    m_burstEvent = EventId{};
    catchUp(m_scheduler.now());
    reschedule();
    notify();
}

void Ac97Engine::noteBurst(std::uint32_t bytes) {
    if (m_summaryBursts == 0) {
        m_summaryFirstNs = m_burstDueNs;
    }
    m_summaryLastNs = m_burstDueNs;
    ++m_summaryBursts;
    m_summaryBytes += bytes;
}

void Ac97Engine::flushBurstSummary() {
    if (m_summaryBursts == 0) {
        return;
    }
    TraceRecord r = record(TraceCategory::Dma, "DMA bursts");
    r.addUInt("Bursts", m_summaryBursts)
        .addUInt("Bytes", m_summaryBytes)
        .addInt("FirstBurstNs", m_summaryFirstNs)
        .addInt("LastBurstNs", m_summaryLastNs)
        .addUInt("CIV", m_civ)
        .addUInt("PICB", picb())
        .addUInt("FifoBytes", m_fifo.levelBytes());
    m_summaryBursts = 0;
    m_summaryBytes = 0;
    m_kernel.tracer().record(r);
}

}  // namespace ps::ac97
