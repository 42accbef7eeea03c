// Coalesced DMA bursts (HdaConfig::coalesceBursts): the bursts between two
// observable points run in catch-up whenever the stream is synced, and only
// the next observable burst has a scheduler event. In the default mode the
// helpers here reduce to the one-event-per-burst behaviour.
#include "model/hw/hda/HdaStream.h"

#include "model/hw/CoalescedBurstMath.h"
#include "model/hw/hda/HdaTraceNames.h"
#include "model/kernel/Kernel.h"

#include <algorithm>
#include <cstdint>

namespace ps::hda {

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
    const std::int64_t frames = m_perFrame.ceilQuotientOf(need - have);
    return std::max(atNs, m_clock.dueTimeNs(m_framesClocked + frames - 1));
}

bool HdaStream::catchUp(TimeNs nowNs, bool flushSummary, bool converterToNow) {
    if (!m_config.coalesceBursts || m_inCatchUp || m_inBurst) {
        return false;
    }
    m_inCatchUp = true;
    const std::uint8_t statusBefore = m_sts;
    bool converterAtNow = false;
    while (m_burstPlanned && m_burstDueNs <= nowNs) {
        const UnobservableRun run = runUnobservableBursts(nowNs, converterToNow);
        converterAtNow = run.converterAtNow;
        if (run.bursts == 0 || run.stoppedAtObservable) {
            runPlannedBurst();
            converterAtNow = false;
        }
    }
    // A read only looks: its summary joins the next one. Anything else (a
    // write, an event, the DMA stopping) leaves the summary in the trace now.
    if (flushSummary || !m_burstPlanned) {
        flushBurstSummary();
    }
    m_inCatchUp = false;
    if (!m_burstPlanned) {
        reschedule();  // the DMA stopped or waits: the glitch watch may apply
    }
    if (m_sts != statusBefore) {
        notify();
        return false;
    }
    return converterAtNow;
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

// The same bursts runPlannedBurst() would run one at a time, up to the first
// one something can observe (the rules of planObservableBurst()) or the first
// due after nowNs: their timing is replayed on copies of the FIFO level,
// converter position, BDL offset and LPIB, then the data moves in one piece.
// The DAC gets the FIFO's bytes followed by the bursts' bytes, as many as it
// clocked; the rest stays in the FIFO. Nothing else runs meanwhile, so only
// the final state, the burst summary and the DAC bytes show, and they are
// what the burst-by-burst run gives (only the DAC's block sizes differ).
HdaStream::UnobservableRun HdaStream::runUnobservableBursts(TimeNs nowNs, bool converterToNow) {
    UnobservableRun run;
    if (!m_output || m_inGlitch || !m_fifoReady || m_descriptorFaultArmed || !m_clock.running() ||
        !m_burstPlanned || !dmaActive()) {
        return run;
    }
    PhysicalMemory& memory = m_kernel.memory();
    const bool positionBuffer = (m_link.dplbase & DPLBASE_ENABLE) != 0;
    std::uint64_t slot = 0;
    if (positionBuffer) {
        slot = (static_cast<std::uint64_t>(m_link.dpubase) << 32 |
                (m_link.dplbase & kDplbaseAddressMask)) +
               positionSlotOffset(m_index);
        // The slot is 4-byte aligned (a 128-byte aligned base plus 8 * n), so
        // its four bytes share one page.
        if (!memory.isAddressValid(slot)) {
            return run;  // the per-burst path records the fault
        }
    }
    const auto bpf = static_cast<std::int64_t>(m_bytesPerFrame);
    const auto capacity = static_cast<std::int64_t>(fifoCapacity());
    const auto noDeadlock = capacity - bpf + 1;
    const auto burstBytes = static_cast<std::int64_t>(m_config.burstBytes);
    const BdlEntry& e = m_bdl[m_entry];
    const auto length = static_cast<std::int64_t>(e.lengthBytes);
    const std::uint64_t start = e.address + m_entryOffset;
    if (!memory.isAddressValid(start)) {
        return run;
    }
    std::uint64_t validEnd = (start | (PAGE_SIZE - 1)) + 1;  // end of the checked pages
    std::int64_t level = static_cast<std::int64_t>(m_fifo.levelBytes());
    std::int64_t frames = m_framesClocked;
    std::int64_t offset = m_entryOffset;
    std::uint32_t lpib = m_lpib;
    TimeNs at = m_burstDueNs;
    // framesDueBy(at) when already known.
    std::int64_t knownTarget = m_burstDueFramesNs == at ? m_burstDueFrames : -1;
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
                run.stoppedAtObservable = true;  // the converter glitches
                break;
            }
        }
        const std::int64_t left = length - offset;
        const std::int64_t available = capacity - (level - pending * bpf);
        if (available < std::min({burstBytes, left, noDeadlock})) {
            run.stoppedAtObservable = true;
            break;
        }
        const std::int64_t bytes = std::min({burstBytes, left, available});
        if (bytes == left) {
            run.stoppedAtObservable = true;  // completes the entry
            break;
        }
        const std::uint64_t last = start + static_cast<std::uint64_t>(total + bytes) - 1;
        if (last >= validEnd) {
            if (!memory.isAddressValid(last)) {
                run.stoppedAtObservable = true;
                break;
            }
            validEnd = (last | (PAGE_SIZE - 1)) + 1;
        }
        level += bytes - pending * bpf;
        frames += pending;
        offset += bytes;
        lpib += static_cast<std::uint32_t>(bytes);
        if (lpib >= m_latchedCbl) {
            lpib = 0;
        }
        if (count == 0) {
            firstAt = at;
        }
        lastAt = at;
        ++count;
        total += bytes;
        // nextBurstDue(at)
        const std::int64_t need = std::min({burstBytes, left - bytes, noDeadlock});
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
            m_perFrame.quotientOf(level) >= k && m_latchedCbl > lpib) {
            std::int64_t n =
                steadyBursts(length - offset, m_perBurst, m_framesPerBurst, knownTarget - 1,
                             lastDueFrame, kMaxPlannedBursts - static_cast<std::int64_t>(count));
            n = std::min<std::int64_t>(n, m_perBurst.quotientOf(m_latchedCbl - 1 - lpib));
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
                lpib += static_cast<std::uint32_t>(n * burstBytes);
                count += static_cast<std::uint64_t>(n);
            }
        }
    }
    if (count == 0) {
        return UnobservableRun{};
    }
    // syncTo(nowNs) next (converterToNow): no burst is due at nowNs, so its
    // DAC takes every frame due by nowNs from the FIFO, and when the FIFO
    // holds them all it does nothing else. Take them here instead, with the
    // bursts' bytes: one FIFO pass and one copy fewer per register read. The
    // DAC blocks are cut differently, the bytes are the same.
    if (converterToNow && at > nowNs) {
        const std::int64_t due = lastDueFrame + 1 - frames;
        if (due > 0 && m_perFrame.quotientOf(level) >= due) {
            frames += due;
            level -= due * bpf;
        }
        run.converterAtNow = frames > lastDueFrame;
    }
    // The bursts' bytes land behind the FIFO's, and the DAC takes its frames
    // from the front of the two: no copy besides the memory read.
    const auto consumed = static_cast<std::size_t>((frames - m_framesClocked) * bpf);
    memory.read(start, m_fifo.stage(static_cast<std::size_t>(total)),
                static_cast<std::size_t>(total));
    const std::uint8_t* played = m_fifo.front();
    constexpr std::int64_t kChunkFrames = 256;  // frames per PcmBlock at most, as syncDac
    for (std::size_t pos = 0; pos < consumed;) {
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(
            kChunkFrames, m_perFrame.quotientOf(static_cast<std::int64_t>(consumed - pos))));
        deliver(m_framesClocked, n, played + pos, false);
        m_framesClocked += static_cast<std::int64_t>(n);
        pos += n * static_cast<std::size_t>(bpf);
    }
    m_fifo.commitStaged(static_cast<std::size_t>(total), consumed);
    m_bytesConverter += consumed;
    m_entryOffset = static_cast<std::uint32_t>(offset);
    m_lpib = lpib;
    m_bytesDma += static_cast<std::uint64_t>(total);
    m_bursts += count;
    if (positionBuffer) {
        memory.writeU32(slot, m_lpib);
        m_positionBufferFaulted = false;
    }
    if (m_summaryBursts == 0) {
        m_summaryFirstNs = firstAt;
    }
    m_summaryLastNs = lastAt;
    m_summaryBursts += count;
    m_summaryBytes += static_cast<std::uint64_t>(total);
    m_burstDueNs = at;
    m_burstPlanned = true;
    if (knownTarget >= 0) {
        m_burstDueFramesNs = at;
        m_burstDueFrames = knownTarget;
    }
    run.bursts = count;
    return run;
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
    // framesDueBy(at) when already known.
    std::int64_t knownTarget = m_burstDueFramesNs == at ? m_burstDueFrames : -1;
    const PhysicalMemory& memory = m_kernel.memory();
    for (int i = 0; i < kMaxPlannedBursts; ++i) {
        // The converter up to the burst's instant (syncTo's rules).
        std::int64_t target = knownTarget >= 0 ? knownTarget : m_clock.framesDueBy(at);
        if (target > frames) {
            std::int64_t pending = target - frames;
            const std::int64_t good = m_perFrame.quotientOf(m_output ? level : capacity - level);
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
        if (m_output && have < need && need == burstBytes && knownTarget > target &&
            k * bpf == burstBytes && m_perFrame.quotientOf(level) >= k) {
            std::int64_t n = steadyBursts(static_cast<std::int64_t>(e.lengthBytes) - offset,
                                          m_perBurst, m_framesPerBurst, knownTarget - 1, INT64_MAX,
                                          kMaxPlannedBursts - 1 - i);
            const std::uint64_t next = e.address + static_cast<std::uint64_t>(offset);
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
