// Coalesced DMA bursts (Ac97Config::coalesceBursts): the bursts between two
// observable points run in catch-up whenever the engine is synced, and only
// the next observable burst has a scheduler event. In the default mode the
// helpers here reduce to the one-event-per-burst behaviour.
#include "model/hw/ac97/Ac97Engine.h"

#include "model/hw/CoalescedBurstMath.h"
#include "model/kernel/Kernel.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace ps::ac97 {

namespace {

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
    const std::int64_t frames = m_perFrame.ceilQuotientOf(need - have);
    return std::max(atNs, m_clock.dueTimeNs(m_framesClocked + frames - 1));
}

void Ac97Engine::catchUp(TimeNs nowNs, bool flushSummary) {
    if (!m_config.coalesceBursts || m_inCatchUp || m_inBurst) {
        return;
    }
    // Nothing due and nothing to leave in the trace (most register reads):
    // the pass below would run no burst, flush no summary, keep the plan and
    // so leave SR alone.
    if (m_burstPlanned && m_burstDueNs > nowNs && (!flushSummary || m_summaryBursts == 0)) {
        return;
    }
    m_inCatchUp = true;
    const std::uint16_t statusBefore = statusRegister();
    while (m_burstPlanned && m_burstDueNs <= nowNs) {
        if (runUnobservableBursts(nowNs) == 0) {
            runPlannedBurst();
        }
    }
    // A read only looks: its summary joins the next one. Anything else (a
    // write, an event, the DMA halting) leaves the summary in the trace now.
    if (flushSummary || !m_burstPlanned) {
        flushBurstSummary();
    }
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

// The same bursts runPlannedBurst() would run one at a time, up to the first
// one something can observe (the rules of planObservableBurst()) or the first
// due after nowNs: their timing is replayed on copies of the FIFO level,
// converter position and descriptor offset, then the data moves in one
// piece. The DAC gets the FIFO's bytes followed by the bursts' bytes, as many
// as it clocked; the rest stays in the FIFO. Nothing else runs meanwhile, so
// only the final state, the burst summary and the DAC bytes show, and they
// are what the burst-by-burst run gives (only the DAC's block sizes differ).
std::uint64_t Ac97Engine::runUnobservableBursts(TimeNs nowNs) {
    if (!isRender() || m_inGlitch || !m_clock.running() || !m_burstPlanned || !dmaActive()) {
        return 0;
    }
    PhysicalMemory& memory = m_kernel.memory();
    const auto bpf = static_cast<std::int64_t>(m_bytesPerFrame);
    const auto capacity = static_cast<std::int64_t>(m_fifo.capacityBytes());
    const auto burstBytes = static_cast<std::int64_t>(m_config.burstBytes);
    const auto length = static_cast<std::int64_t>(m_descBytes);
    const std::uint64_t start = static_cast<std::uint64_t>(m_desc.address) + m_descOffset;
    if (!memory.isAddressValid(start)) {
        return 0;
    }
    std::uint64_t validEnd = (start | (PAGE_SIZE - 1)) + 1;  // end of the checked pages
    std::int64_t level = static_cast<std::int64_t>(m_fifo.levelBytes());
    std::int64_t frames = m_framesClocked;
    std::int64_t offset = m_descOffset;
    TimeNs at = m_burstDueNs;
    std::int64_t knownTarget = -1;  // framesDueBy(at) when already known
    TimeNs firstAt = 0;
    TimeNs lastAt = 0;
    std::uint64_t count = 0;
    std::int64_t total = 0;
    const std::int64_t lastDueFrame = m_clock.framesDueBy(nowNs) - 1;
    while (at <= nowNs && count < static_cast<std::uint64_t>(kMaxPlannedBursts)) {
        // syncTo(at, true)
        std::int64_t pending = 0;
        const std::int64_t target = knownTarget >= 0 ? knownTarget : m_clock.framesDueBy(at);
        if (target > frames) {
            pending = target - frames;
            const std::int64_t good = m_perFrame.quotientOf(level);
            if (good < pending && m_clock.dueTimeNs(target - 1) == at) {
                --pending;
            }
            if (good < pending) {
                break;  // the converter glitches
            }
        }
        const std::int64_t bytes = std::min(burstBytes, length - offset);
        const std::int64_t available = capacity - (level - pending * bpf);
        if (bytes <= 0 || available < bytes || offset + bytes == length) {
            break;  // waits, or completes the descriptor
        }
        const std::uint64_t last = start + static_cast<std::uint64_t>(total + bytes) - 1;
        if (last >= validEnd) {
            if (!memory.isAddressValid(last)) {
                break;
            }
            validEnd = (last | (PAGE_SIZE - 1)) + 1;
        }
        level += bytes - pending * bpf;
        frames += pending;
        offset += bytes;
        if (count == 0) {
            firstAt = at;
        }
        lastAt = at;
        ++count;
        total += bytes;
        // nextBurstDue(at)
        const std::int64_t need = std::min(burstBytes, length - offset);
        const std::int64_t have = capacity - level;
        // framesDueBy(at) for the next burst without asking the clock: the
        // same as now while the time stays, else one past the frame whose tick
        // the burst waits for (ticks are strictly increasing).
        knownTarget = target;
        if (have < need) {
            const std::int64_t frame = frames + m_perFrame.ceilQuotientOf(need - have) - 1;
            const TimeNs due = m_clock.dueTimeNs(frame);
            if (due > at) {
                at = due;
                knownTarget = frame + 1;
            }
        }
        // The steady state: every further burst repeats this one, k frames
        // later; count them in one step and go on from the first that may not.
        const std::int64_t k = knownTarget - frames;
        if (have < need && need == burstBytes && knownTarget > target && k * bpf == burstBytes &&
            m_perFrame.quotientOf(level) >= k) {
            const std::int64_t n =
                steadyBursts(length - offset, m_perBurst, m_framesPerBurst, knownTarget - 1,
                             lastDueFrame, kMaxPlannedBursts - static_cast<std::int64_t>(count));
            if (n > 0 &&
                pagesValid(memory, start + static_cast<std::uint64_t>(total + n * burstBytes) - 1,
                           validEnd)) {
                const std::int64_t first = knownTarget - 1;
                lastAt = m_clock.dueTimeNs(first + (n - 1) * k);
                at = m_clock.dueTimeNs(first + n * k);
                knownTarget = first + n * k + 1;
                frames += n * k;
                offset += n * burstBytes;
                total += n * burstBytes;
                count += static_cast<std::uint64_t>(n);
            }
        }
    }
    if (count == 0) {
        return 0;
    }
    const std::size_t held = m_fifo.levelBytes();
    const auto consumed = static_cast<std::size_t>((frames - m_framesClocked) * bpf);
    const std::size_t staged = held + static_cast<std::size_t>(total);
    if (m_bulk.size() < staged) {
        m_bulk.resize(staged);
    }
    m_fifo.pop(m_bulk.data(), held);
    memory.read(start, m_bulk.data() + held, static_cast<std::size_t>(total));
    constexpr std::int64_t kChunkFrames = 1024;  // frames per PcmBlock at most, as syncDac
    for (std::size_t pos = 0; pos < consumed;) {
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(
            kChunkFrames, m_perFrame.quotientOf(static_cast<std::int64_t>(consumed - pos))));
        deliver(m_framesClocked, n, m_bulk.data() + pos, false);
        m_framesClocked += static_cast<std::int64_t>(n);
        pos += n * static_cast<std::size_t>(bpf);
    }
    if (consumed > 0) {
        std::memcpy(m_lastFrame.data(), m_bulk.data() + consumed - static_cast<std::size_t>(bpf),
                    static_cast<std::size_t>(bpf));
    }
    m_fifo.push(m_bulk.data() + consumed, staged - consumed);
    m_descOffset = static_cast<std::uint32_t>(offset);
    m_bytesMoved += static_cast<std::uint64_t>(total);
    m_bursts += count;
    if (m_summaryBursts == 0) {
        m_summaryFirstNs = firstAt;
    }
    m_summaryLastNs = lastAt;
    m_summaryBursts += count;
    m_summaryBytes += static_cast<std::uint64_t>(total);
    m_burstDueNs = at;
    m_burstPlanned = true;
    return count;
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
    std::int64_t knownTarget = -1;  // framesDueBy(at) when already known
    const PhysicalMemory& memory = m_kernel.memory();
    for (int i = 0; i < kMaxPlannedBursts; ++i) {
        std::int64_t target = knownTarget >= 0 ? knownTarget : m_clock.framesDueBy(at);
        if (target > frames) {
            std::int64_t pending = target - frames;
            const std::int64_t good = m_perFrame.quotientOf(isRender() ? level : capacity - level);
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
        // framesDueBy(at) for the next burst without asking the clock: the
        // same as now while the time stays, else one past the frame whose tick
        // the burst waits for (ticks are strictly increasing).
        knownTarget = target;
        if (have < need) {
            const std::int64_t frame = frames + m_perFrame.ceilQuotientOf(need - have) - 1;
            const TimeNs due = m_clock.dueTimeNs(frame);
            if (due > at) {
                at = due;
                knownTarget = frame + 1;
            }
        }
        // The steady state, as in runUnobservableBursts().
        const std::int64_t k = knownTarget - frames;
        if (isRender() && have < need && need == burstBytes && knownTarget > target &&
            k * bpf == burstBytes && m_perFrame.quotientOf(level) >= k) {
            const std::int64_t n =
                steadyBursts(length - offset, m_perBurst, m_framesPerBurst, knownTarget - 1,
                             INT64_MAX, kMaxPlannedBursts - 1 - i);
            const std::uint64_t next =
                static_cast<std::uint64_t>(m_desc.address) + static_cast<std::uint64_t>(offset);
            std::uint64_t validEnd = ((next - 1) | (PAGE_SIZE - 1)) + 1;
            if (n > 0 && pagesValid(memory, next + static_cast<std::uint64_t>(n * burstBytes) - 1,
                                    validEnd)) {
                const std::int64_t first = knownTarget - 1;
                at = m_clock.dueTimeNs(first + n * k);
                knownTarget = first + n * k + 1;
                frames += n * k;
                offset += n * burstBytes;
                i += static_cast<int>(n);
            }
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
