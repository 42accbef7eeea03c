// Data movement of one AC'97 engine: DMA bursts between memory and the FIFO,
// and the lazily synced converter (DAC or ADC) on the other side of the FIFO.
#include "model/hw/ac97/Ac97Engine.h"

#include "model/kernel/Kernel.h"

#include <algorithm>
#include <cstring>

namespace ps::ac97 {

namespace {

constexpr std::int64_t kChunkFrames = 1024;  // frames per PcmBlock at most

const char* burstLabel(Engine e) {
    switch (e) {
        case Engine::PcmIn:
            return "AC97 PI burst";
        case Engine::PcmOut:
            return "AC97 PO burst";
        case Engine::MicIn:
            return "AC97 MC burst";
    }
    return "AC97 burst";
}

const char* glitchLabel(Engine e) {
    switch (e) {
        case Engine::PcmIn:
            return "AC97 PI overrun";
        case Engine::PcmOut:
            return "AC97 PO underrun";
        case Engine::MicIn:
            return "AC97 MC overrun";
    }
    return "AC97 glitch";
}

}  // namespace

// ------------------------------------------------------------ converter

void Ac97Engine::sync(bool flushSummary) {
    const TimeNs now = m_scheduler.now();
    catchUp(now, flushSummary);
    const bool burstDueNow = m_inBurst || (burstPending() && m_burstDueNs == now);
    syncTo(now, burstDueNow);
}

void Ac97Engine::syncTo(TimeNs nowNs, bool burstDueNow) {
    if (!m_clock.running()) {
        return;
    }
    std::int64_t target = m_clock.framesDueBy(nowNs);
    if (target <= m_framesClocked) {
        return;
    }
    // A tick at this very instant that would glitch waits for the burst due at
    // this instant (only the last due frame can sit exactly at now: a period is
    // at least 1 us).
    if (burstDueNow && m_clock.dueTimeNs(target - 1) == nowNs) {
        const auto pending = static_cast<std::size_t>(target - m_framesClocked);
        const std::size_t bytes = isRender() ? m_fifo.levelBytes() : m_fifo.freeBytes();
        if (m_perFrame.divide(bytes) < pending) {
            --target;
        }
    }
    if (isRender()) {
        syncDac(target);
    } else {
        syncAdc(target);
    }
}

void Ac97Engine::syncDac(std::int64_t targetFrame) {
    const std::size_t bpf = m_bytesPerFrame;
    while (m_framesClocked < targetFrame) {
        const std::int64_t remaining = targetFrame - m_framesClocked;
        const auto whole = static_cast<std::int64_t>(m_perFrame.divide(m_fifo.levelBytes()));
        if (whole > 0) {
            const std::int64_t n = std::min({whole, remaining, kChunkFrames});
            const std::size_t bytes = static_cast<std::size_t>(n) * bpf;
            m_fifo.pop(m_scratch.data(), bytes);
            std::memcpy(m_lastFrame.data(), m_scratch.data() + bytes - bpf, bpf);
            m_inGlitch = false;
            deliver(m_framesClocked, static_cast<std::size_t>(n), m_scratch.data(), false);
            m_framesClocked += n;
            continue;
        }
        // No whole frame: every remaining tick of this sync is an underrun (no
        // burst can run inside a sync).
        if (!m_inGlitch) {
            beginGlitch(true, m_framesClocked);
        }
        if (m_sink == nullptr) {
            m_underrunFrames += remaining;
            m_framesClocked += remaining;
            continue;
        }
        // Intel BUP (§1.5): 0 repeats the last valid frame, 1 sends zeros.
        const std::int64_t n = std::min(remaining, kChunkFrames);
        for (std::int64_t i = 0; i < n; ++i) {
            std::uint8_t* frame = m_scratch.data() + static_cast<std::size_t>(i) * bpf;
            if (m_desc.bup) {
                std::memset(frame, 0, bpf);
            } else {
                std::memcpy(frame, m_lastFrame.data(), bpf);
            }
        }
        deliver(m_framesClocked, static_cast<std::size_t>(n), m_scratch.data(), true);
        m_underrunFrames += n;
        m_framesClocked += n;
    }
}

void Ac97Engine::syncAdc(std::int64_t targetFrame) {
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
            continue;
        }
        // The FIFO is full and stays full for the rest of this sync: the ADC's
        // frames are lost (an overrun).
        if (!m_inGlitch) {
            beginGlitch(false, m_framesClocked);
        }
        m_overrunFrames += remaining;
        m_framesClocked += remaining;
    }
}

void Ac97Engine::deliver(std::int64_t firstFrame, std::size_t frames, const std::uint8_t* bytes,
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

void Ac97Engine::beginGlitch(bool underrun, std::int64_t frame) {
    flushBurstSummary();
    m_inGlitch = true;
    // Intel (§1.5): FIFOE only while more valid buffers remain.
    const bool moreValid = m_civ != m_lvi;
    TraceRecord r = record(TraceCategory::Glitch, underrun ? "underrun" : "overrun");
    r.addInt("Frame", frame).addInt("FrameTimeNs", m_clock.dueTimeNs(frame));
    if (underrun) {
        r.addText("Filler", m_desc.bup ? "zeros" : "repeat last frame");
    }
    r.addUInt("CIV", m_civ).addUInt("LVI", m_lvi).addBool("FIFOE", moreValid);
    m_kernel.tracer().record(r);
    if (moreValid) {
        setStatus(SR_FIFOE, "FIFOE set", underrun ? "underrun" : "overrun");
    }
}

// ------------------------------------------------------------ DMA

void Ac97Engine::onBurst() {
    m_burstEvent = EventId{};
    m_inBurst = true;
    syncTo(m_scheduler.now(), true);
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
    reschedule();
    notify();
}

void Ac97Engine::burstRender(std::uint32_t bytes) {
    const std::uint64_t address = static_cast<std::uint64_t>(m_desc.address) + m_descOffset;
    // Bytes outside allocated memory read as zero (MemoryAccess.h) and go into
    // the FIFO like any garbage a real bus master would fetch.
    const MemoryAccess access = m_kernel.memory().read(address, m_scratch.data(), bytes);
    m_fifo.push(m_scratch.data(), bytes);
    m_descOffset += bytes;
    m_bytesMoved += bytes;
    ++m_bursts;
    if (m_config.coalesceBursts) {
        noteBurst(bytes);
    } else {
        m_kernel.tracer().record(record(TraceCategory::Dma, "DMA burst")
                                     .addHex("Address", address)
                                     .addUInt("Bytes", bytes)
                                     .addUInt("CIV", m_civ)
                                     .addUInt("PICB", picb())
                                     .addUInt("FifoBytes", m_fifo.levelBytes()));
    }
    if (!access.ok()) {
        fault("buffer read fault", address, access.faultAddress);
        return;
    }
    if (m_descOffset == m_descBytes && completeCurrent()) {
        loadDescriptor(true);
    }
}

void Ac97Engine::burstCapture(std::uint32_t bytes) {
    const std::uint64_t address = static_cast<std::uint64_t>(m_desc.address) + m_descOffset;
    m_fifo.pop(m_scratch.data(), bytes);
    const MemoryAccess access = m_kernel.memory().write(address, m_scratch.data(), bytes);
    m_descOffset += bytes;
    m_bytesMoved += bytes;
    ++m_bursts;
    if (m_config.coalesceBursts) {
        noteBurst(bytes);
    } else {
        m_kernel.tracer().record(record(TraceCategory::Dma, "DMA burst")
                                     .addHex("Address", address)
                                     .addUInt("Bytes", bytes)
                                     .addUInt("CIV", m_civ)
                                     .addUInt("PICB", picb())
                                     .addUInt("FifoBytes", m_fifo.levelBytes()));
    }
    if (!access.ok()) {
        fault("buffer write fault", address, access.faultAddress);
        return;
    }
    if (m_descOffset == m_descBytes && completeCurrent()) {
        loadDescriptor(true);
    }
}

void Ac97Engine::onGlitchWatch() {
    m_glitchEvent = EventId{};
    sync();  // records the glitch at this instant
    reschedule();
    notify();
}

void Ac97Engine::reschedule() {
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
        m_burstDueNs = at;
        if (m_config.coalesceBursts) {
            m_burstPlanned = true;
            scheduleObservableEvent();
            return;
        }
        m_burstEvent = m_scheduler.schedule(
            at, [this] { onBurst(); }, burstLabel(m_id));
        return;
    }
    if (!m_clock.running()) {
        return;
    }
    // The DMA is halted but the converter runs: schedule an event at the tick
    // of the first frame that will glitch, so that its record carries that time.
    const std::int64_t good = isRender() ? level / bpf : space / bpf;
    if (m_inGlitch && good == 0) {
        return;  // already inside a glitch run that nothing can end
    }
    const TimeNs at = std::max(now, m_clock.dueTimeNs(m_framesClocked + good));
    m_glitchEvent = m_scheduler.schedule(
        at, [this] { onGlitchWatch(); }, glitchLabel(m_id));
}

}  // namespace ps::ac97
