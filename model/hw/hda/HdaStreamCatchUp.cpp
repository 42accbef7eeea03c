// Coalesced DMA bursts (HdaConfig::coalesceBursts): the bursts between two
// observable points run in catch-up whenever the stream is synced, and only
// the next observable burst has a scheduler event. In the default mode the
// helpers here reduce to the one-event-per-burst behaviour.
#include "model/hw/hda/HdaStream.h"

#include "model/hw/hda/HdaTraceNames.h"
#include "model/kernel/Kernel.h"

#include <algorithm>

namespace ps::hda {

namespace {

// Bounds one planning pass; a plan that long simply gets an event there.
constexpr int kMaxPlannedBursts = 1 << 16;

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
    return (a + b - 1) / b;
}

}  // namespace

bool HdaStream::burstPending() const {
    return m_config.coalesceBursts ? m_burstPlanned : m_scheduler.isPending(m_burstEvent);
}

void HdaStream::cancelBurst() {
    m_scheduler.cancel(m_burstEvent);
    m_burstEvent = EventId{};
    m_burstPlanned = false;
    flushBurstSummary();
}

TimeNs HdaStream::nextBurstDue(TimeNs atNs) const {
    // The next burst runs the instant the converter has made room (output)
    // or data (input) for it: at the tick of frame clocked + m - 1.
    const auto need = static_cast<std::int64_t>(burstNeed());
    const auto have =
        static_cast<std::int64_t>(m_output ? m_fifo.freeBytes() : m_fifo.levelBytes());
    if (have >= need) {
        return atNs;
    }
    if (!m_clock.running()) {
        return -1;
    }
    const std::int64_t frames = ceilDiv(need - have, static_cast<std::int64_t>(m_bytesPerFrame));
    return std::max(atNs, m_clock.dueTimeNs(m_framesClocked + frames - 1));
}

void HdaStream::catchUp(TimeNs nowNs) {
    if (!m_config.coalesceBursts || m_inCatchUp || m_inBurst) {
        return;
    }
    m_inCatchUp = true;
    const std::uint8_t statusBefore = m_sts;
    while (m_burstPlanned && m_burstDueNs <= nowNs) {
        runPlannedBurst();
    }
    flushBurstSummary();
    m_inCatchUp = false;
    if (!m_burstPlanned) {
        reschedule();  // the DMA stopped or waits: the glitch watch may apply
    }
    if (m_sts != statusBefore) {
        notify();
    }
}

// What onBurst() does at the burst's own instant, without an event.
void HdaStream::runPlannedBurst() {
    const TimeNs at = m_burstDueNs;
    m_inBurst = true;
    syncTo(at, true);
    m_burstPlanned = false;
    if (dmaActive()) {
        const std::size_t available = m_output ? m_fifo.freeBytes() : m_fifo.levelBytes();
        const std::uint32_t need = burstNeed();
        if (available >= need) {
            const std::uint32_t left = m_bdl[m_entry].lengthBytes - m_entryOffset;
            burst(static_cast<std::uint32_t>(
                std::min<std::size_t>({m_config.burstBytes, left, available})));
        }
    }
    m_inBurst = false;
    if (dmaActive()) {
        const TimeNs next = nextBurstDue(at);
        if (next >= 0) {
            m_burstDueNs = next;
            m_burstPlanned = true;
        }
    }
}

// Replays the burst timing of runPlannedBurst() on a copy of the FIFO level,
// converter position and BDL position, without moving data, up to the first
// burst that something can observe: it completes an entry (BCIS, the next
// entry), its converter sync would glitch (FIFOE), it would not find the
// room or data it was planned for, or it touches unallocated memory.
TimeNs HdaStream::planObservableBurst() const {
    if (!m_clock.running() || m_bdl.empty()) {
        return m_burstDueNs;
    }
    const auto bpf = static_cast<std::int64_t>(m_bytesPerFrame);
    const auto capacity = static_cast<std::int64_t>(fifoCapacity());
    const auto noDeadlock = capacity - bpf + 1;
    const auto burstBytes = static_cast<std::int64_t>(m_config.burstBytes);
    std::int64_t level = static_cast<std::int64_t>(m_fifo.levelBytes());
    std::int64_t frames = m_framesClocked;
    unsigned entry = m_entry;
    std::int64_t offset = m_entryOffset;
    TimeNs at = m_burstDueNs;
    const PhysicalMemory& memory = m_kernel.memory();
    for (int i = 0; i < kMaxPlannedBursts; ++i) {
        // The converter up to the burst's instant (syncTo's rules).
        std::int64_t target = m_clock.framesDueBy(at);
        if (target > frames) {
            std::int64_t pending = target - frames;
            const std::int64_t good = (m_output ? level : capacity - level) / bpf;
            if (good < pending && m_clock.dueTimeNs(target - 1) == at) {
                --pending;  // the tick at this instant waits for the burst
            }
            if (good < pending) {
                return at;
            }
            level += m_output ? -pending * bpf : pending * bpf;
            frames += pending;
        }
        const BdlEntry& e = m_bdl[entry];
        const std::int64_t left = static_cast<std::int64_t>(e.lengthBytes) - offset;
        const std::int64_t available = m_output ? capacity - level : level;
        if (available < std::min({burstBytes, left, noDeadlock})) {
            return at;
        }
        const std::int64_t bytes = std::min({burstBytes, left, available});
        const std::uint64_t address = e.address + static_cast<std::uint64_t>(offset);
        if (!memory.isAddressValid(address) ||
            !memory.isAddressValid(address + static_cast<std::uint64_t>(bytes) - 1)) {
            return at;
        }
        if (bytes == left) {
            return at;  // completes the entry
        }
        offset += bytes;
        level += m_output ? bytes : -bytes;
        // nextBurstDue() on the copy.
        const std::int64_t need = std::min({burstBytes, left - bytes, noDeadlock});
        const std::int64_t have = m_output ? capacity - level : level;
        if (have < need) {
            at = std::max(at, m_clock.dueTimeNs(frames + ceilDiv(need - have, bpf) - 1));
        }
    }
    return at;
}

void HdaStream::scheduleObservableEvent() {
    m_scheduler.cancel(m_burstEvent);
    m_burstEvent = m_scheduler.schedule(
        planObservableBurst(), [this] { onCoalescedEvent(); }, burstLabel(m_index));
}

void HdaStream::onCoalescedEvent() {
    m_burstEvent = EventId{};
    catchUp(m_scheduler.now());
    reschedule();
    notify();
}

void HdaStream::flushBurstSummary() {
    if (m_summaryBursts == 0) {
        return;
    }
    TraceRecord r = record(TraceCategory::Dma, "DMA bursts");
    r.addUInt("Bursts", m_summaryBursts)
        .addUInt("Bytes", m_summaryBytes)
        .addInt("FirstBurstNs", m_summaryFirstNs)
        .addInt("LastBurstNs", m_summaryLastNs)
        .addUInt("Entry", m_entry)
        .addUInt("LPIB", m_lpib)
        .addUInt("FifoBytes", m_fifo.levelBytes());
    m_summaryBursts = 0;
    m_summaryBytes = 0;
    m_kernel.tracer().record(r);
}

}  // namespace ps::hda
