// Data movement of one HD Audio stream: DMA bursts between the cyclic buffer
// and the FIFO, the DMA position buffer, and the lazily synced converter (DAC
// or ADC) on the other side of the FIFO.
#include "model/hw/hda/HdaStream.h"

#include "model/hw/hda/HdaTraceNames.h"
#include "model/kernel/Kernel.h"

#include <algorithm>
#include <cstring>

namespace ps::hda {

namespace {

constexpr std::int64_t kChunkFrames = 256;  // frames per PcmBlock at most (see HdaStream.cpp)

}  // namespace

// ------------------------------------------------------------ converter

void HdaStream::sync(bool flushSummary) {
    const TimeNs now = m_scheduler.now();
    // A read's catch-up may bring the DAC to now itself (nothing records
    // between it and syncTo(); a flushing catch-up records the FIFO level),
    // and then syncTo(now) would find no frame due.
    if (catchUp(now, flushSummary, !flushSummary)) {
        return;
    }
    const bool burstDueNow = m_inBurst || (burstPending() && m_burstDueNs == now);
    syncTo(now, burstDueNow);
}

void HdaStream::syncTo(TimeNs nowNs, bool burstDueNow) {
    if (!m_clock.running()) {
        return;
    }
    std::int64_t target = m_clock.framesDueBy(nowNs);
    if (target <= m_framesClocked) {
        return;
    }
    // A tick at this very instant that would glitch waits for the burst due
    // at this instant (only the last due frame can sit exactly at now: a
    // period is at least 5 us).
    if (burstDueNow && m_clock.dueTimeNs(target - 1) == nowNs) {
        const auto pending = static_cast<std::size_t>(target - m_framesClocked);
        const std::size_t bytes = m_output ? m_fifo.levelBytes() : m_fifo.freeBytes();
        if (m_perFrame.divide(bytes) < pending) {
            --target;
        }
    }
    if (m_output) {
        syncDac(target);
    } else {
        syncAdc(target);
    }
}

void HdaStream::syncDac(std::int64_t targetFrame) {
    const std::size_t bpf = m_bytesPerFrame;
    while (m_framesClocked < targetFrame) {
        const std::int64_t remaining = targetFrame - m_framesClocked;
        const auto whole = static_cast<std::int64_t>(m_perFrame.divide(m_fifo.levelBytes()));
        if (whole > 0) {
            const std::int64_t n = std::min({whole, remaining, kChunkFrames});
            const std::size_t bytes = static_cast<std::size_t>(n) * bpf;
            // The sink reads the frames where they are in the FIFO; then they go.
            deliver(m_framesClocked, static_cast<std::size_t>(n), m_fifo.front(), false);
            m_fifo.pop(nullptr, bytes);
            m_inGlitch = false;
            m_framesClocked += n;
            m_bytesConverter += bytes;
            continue;
        }
        // No whole frame: every remaining tick of this sync is an underrun (no
        // burst can run inside a sync). HD Audio has no BUP: the DAC plays zeros.
        if (!m_inGlitch) {
            beginGlitch(true, m_framesClocked);
        }
        const std::int64_t n = m_sink == nullptr ? remaining : std::min(remaining, kChunkFrames);
        if (m_sink != nullptr) {
            std::memset(m_scratch.data(), 0, static_cast<std::size_t>(n) * bpf);
            deliver(m_framesClocked, static_cast<std::size_t>(n), m_scratch.data(), true);
        }
        m_underrunFrames += n;
        m_glitchMarks.back().frames += n;
        m_framesClocked += n;
    }
}

void HdaStream::syncAdc(std::int64_t targetFrame) {
    const std::size_t bpf = m_bytesPerFrame;
    while (m_framesClocked < targetFrame) {
        const std::int64_t remaining = targetFrame - m_framesClocked;
        const auto fit = static_cast<std::int64_t>(m_perFrame.divide(m_fifo.freeBytes()));
        if (fit > 0) {
            const std::int64_t n = std::min({fit, remaining, kChunkFrames});
            const std::size_t bytes = static_cast<std::size_t>(n) * bpf;
            if (m_source != nullptr) {
                m_source->produce(m_framesClocked, m_scratch.data(), static_cast<std::size_t>(n),
                                  m_bytesPerFrame);
            } else {
                std::memset(m_scratch.data(), 0, bytes);
            }
            m_fifo.push(m_scratch.data(), bytes);
            m_inGlitch = false;
            m_framesClocked += n;
            m_bytesConverter += bytes;
            continue;
        }
        // The FIFO is full and stays full for the rest of this sync: the ADC's
        // frames are lost (§2.6: the FIFO pointers do not advance).
        if (!m_inGlitch) {
            beginGlitch(false, m_framesClocked);
        }
        m_overrunFrames += remaining;
        m_glitchMarks.back().frames += remaining;
        m_framesClocked += remaining;
    }
}

void HdaStream::deliver(std::int64_t firstFrame, std::size_t frames, const std::uint8_t* bytes,
                        bool underrun) {
    if (m_sink == nullptr) {
        return;
    }
    PcmBlock block;
    block.firstFrame = firstFrame;
    block.firstFrameTimeNs = m_clock.dueTimeNs(firstFrame) + m_config.codecDelayNs;
    block.frameCount = frames;
    block.bytesPerFrame = m_bytesPerFrame;
    block.bytes = bytes;
    block.underrun = underrun;
    m_sink->onFrames(block);
}

void HdaStream::beginGlitch(bool underrun, std::int64_t frame) {
    flushBurstSummary();
    m_inGlitch = true;
    if (m_glitchMarks.size() == kGlitchMarks) {
        m_glitchMarks.pop_front();
    }
    m_glitchMarks.push_back(HdaGlitchMark{underrun, frame, m_clock.dueTimeNs(frame), m_lpib, 0});
    if (underrun) {
        m_fifoReady = false;
    }
    TraceRecord r = record(TraceCategory::Glitch, underrun ? "underrun" : "overrun");
    r.addInt("Frame", frame)
        .addInt("FrameTimeNs", m_clock.dueTimeNs(frame))
        .addUInt("LPIB", m_lpib)
        .addUInt("FifoBytes", m_fifo.levelBytes())
        .addBool("DmaStalled", !dmaActive());
    if (underrun) {
        r.addText("Filler", "zeros");
    }
    m_kernel.tracer().record(r);
    // §2.6: FIFOE is set whatever FEIE says.
    setStatus(SDSTS_FIFOE, "FIFOE set", underrun ? "underrun" : "overrun");
}

// ------------------------------------------------------------ DMA

bool HdaStream::dmaActive() const {
    if ((m_ctl & SDCTL_RUN) == 0 || m_bdl.empty() || !m_link.controllerRunning) {
        return false;
    }
    return !(m_config.pauseDmaWhileBcisPending && (m_sts & SDSTS_BCIS) != 0);
}

std::uint32_t HdaStream::burstNeed() const {
    const std::uint32_t left = m_bdl[m_entry].lengthBytes - m_entryOffset;
    const std::uint32_t noDeadlock = fifoCapacity() - m_bytesPerFrame + 1;
    return std::min({m_config.burstBytes, left, noDeadlock});
}

void HdaStream::onBurst() {
    m_burstEvent = EventId{};
    m_inBurst = true;
    syncTo(m_scheduler.now(), true);
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
    reschedule();
    notify();
}

void HdaStream::burst(std::uint32_t bytes) {
    if (m_entryOffset == 0 && takeInjectedDescriptorFault()) {
        return;
    }
    const BdlEntry& entry = m_bdl[m_entry];
    const std::uint64_t address = entry.address + m_entryOffset;
    MemoryAccess access;
    if (m_output) {
        // Read straight into the FIFO (bytes <= its free space: the callers
        // size the burst to it); a failed read adds nothing.
        access = m_kernel.memory().read(address, m_fifo.stage(bytes), bytes);
        if (access.ok()) {
            m_fifo.commitStaged(bytes, 0);
        }
    } else {
        m_fifo.pop(m_scratch.data(), bytes);
        access = m_kernel.memory().write(address, m_scratch.data(), bytes);
    }
    if (!access.ok()) {
        bufferFault(m_output ? "buffer read fault" : "buffer write fault", address,
                    access.faultAddress);
        return;
    }
    const unsigned entryIndex = m_entry;
    m_entryOffset += bytes;
    m_lpib += bytes;
    if (m_lpib >= m_latchedCbl) {
        m_lpib = 0;  // §2.5: LPIB counts 0 .. CBL, then wraps to 0
    }
    m_bytesDma += bytes;
    ++m_bursts;
    const bool completed = m_entryOffset == entry.lengthBytes;
    const bool ioc = completed && entry.ioc;
    if (completed) {
        ++m_entriesCompleted;
        m_iocCompletions += ioc ? 1 : 0;
        m_entry = m_entry + 1 < m_bdl.size() ? m_entry + 1 : 0;
        m_entryOffset = 0;
    }
    // §8.4: LPIB and the position buffer are current before BCIS is raised.
    writePositionBuffer();
    if (m_config.coalesceBursts) {
        if (m_summaryBursts == 0) {
            m_summaryFirstNs = m_burstDueNs;
        }
        m_summaryLastNs = m_burstDueNs;
        ++m_summaryBursts;
        m_summaryBytes += bytes;
    } else {
        m_kernel.tracer().record(record(TraceCategory::Dma, "DMA burst")
                                     .addHex("Address", address)
                                     .addUInt("Bytes", bytes)
                                     .addUInt("Entry", entryIndex)
                                     .addUInt("LPIB", m_lpib)
                                     .addUInt("FifoBytes", m_fifo.levelBytes())
                                     .addBool("EntryDone", completed)
                                     .addBool("IOC", ioc));
    }
    if (ioc && (!m_config.bcisRequiresIoce || (m_ctl & SDCTL_IOCE) != 0)) {
        setStatus(SDSTS_BCIS, "BCIS set", "IOC entry complete");
    }
    if (m_output && !m_fifoReady && m_fifo.freeBytes() < burstNeed()) {
        m_fifoReady = true;  // filled: enough to sustain the link
    }
}

void HdaStream::bufferFault(const char* what, std::uint64_t address, std::uint64_t faultAddress) {
    TraceRecord r = record(TraceCategory::Dma, what);
    r.addHex("Address", address).addHex("FaultAddress", faultAddress).addUInt("Entry", m_entry);
    descriptorError(r, what);
}

bool HdaStream::takeInjectedDescriptorFault() {
    if (!m_descriptorFaultArmed) {
        return false;
    }
    m_descriptorFaultArmed = false;
    const std::uint64_t base = static_cast<std::uint64_t>(m_bdpu) << 32 | m_bdpl;
    const std::uint64_t entryAddress = base + std::uint64_t{16} * m_entry;
    TraceRecord r = record(TraceCategory::Dma, "descriptor fetch fault");
    r.addHex("Address", entryAddress)
        .addHex("FaultAddress", entryAddress)
        .addUInt("Entry", m_entry)
        .addBool("Injected", true);
    descriptorError(r, "descriptor fetch fault");
    return true;
}

void HdaStream::writePositionBuffer() {
    if ((m_link.dplbase & DPLBASE_ENABLE) == 0) {
        return;
    }
    const std::uint64_t base =
        (static_cast<std::uint64_t>(m_link.dpubase) << 32 | (m_link.dplbase & kDplbaseAddressMask));
    const std::uint64_t slot = base + positionSlotOffset(m_index);
    const bool ok = m_kernel.memory().writeU32(slot, m_lpib).ok();
    if (!ok && !m_positionBufferFaulted) {
        // Traced once per run of failing writes, not once per burst.
        m_kernel.tracer().record(record(TraceCategory::Dma, "position buffer write fault")
                                     .addHex("Address", slot)
                                     .addUInt("LPIB", m_lpib));
    }
    m_positionBufferFaulted = !ok;
}

void HdaStream::onGlitchWatch() {
    m_glitchEvent = EventId{};
    sync();  // records the glitch at this instant
    reschedule();
    notify();
}

void HdaStream::reschedule() {
    m_scheduler.cancel(m_glitchEvent);
    m_glitchEvent = EventId{};
    const TimeNs now = m_scheduler.now();
    const auto bpf = static_cast<std::int64_t>(m_bytesPerFrame);
    const auto level = static_cast<std::int64_t>(m_fifo.levelBytes());
    const auto space = static_cast<std::int64_t>(m_fifo.freeBytes());
    if (dmaActive()) {
        if (m_inBurst || m_inCatchUp) {
            return;
        }
        if (burstPending()) {
            // A pending burst's time stays right: only the converter moves the
            // FIFO. A coalesced plan needs a new event once its event ran.
            if (m_config.coalesceBursts && !m_scheduler.isPending(m_burstEvent)) {
                scheduleObservableEvent();
            }
            return;
        }
        const TimeNs at = nextBurstDue(now);
        if (at < 0) {
            return;  // no link slot (tag 0, SSYNC): waits for linkConditionChanged()
        }
        m_burstDueNs = at;
        if (m_config.coalesceBursts) {
            m_burstPlanned = true;
            scheduleObservableEvent();
            return;
        }
        m_burstEvent = m_scheduler.schedule(
            at, [this] { onBurst(); }, burstLabel(m_index));
        return;
    }
    cancelBurst();
    if (!m_clock.running()) {
        return;
    }
    // The DMA is held but the converter runs: an event at the tick of the
    // first frame that will glitch, so that its record carries that time.
    const std::int64_t good = m_output ? level / bpf : space / bpf;
    if (m_inGlitch && good == 0) {
        return;  // already inside a glitch run that nothing but the DMA can end
    }
    const TimeNs at = std::max(now, m_clock.dueTimeNs(m_framesClocked + good));
    m_glitchEvent = m_scheduler.schedule(
        at, [this] { onGlitchWatch(); }, m_output ? underrunLabel(m_index) : overrunLabel(m_index));
}

}  // namespace ps::hda
