// Registers, control (SRST, RUN) and BDL validation of one HD Audio stream
// descriptor. The data movement (bursts, converter) is in
// HdaStreamTransfer.cpp.
#include "model/hw/hda/HdaStream.h"

#include "model/hw/CoalescedBurstMath.h"
#include "model/hw/hda/HdaTraceNames.h"
#include "model/kernel/Kernel.h"

#include <algorithm>

namespace ps::hda {

namespace {

constexpr std::size_t kMaxFrameBytes = 16 * 4;  // 16 channels of 4-byte containers
constexpr std::size_t kChunkFrames = 256;       // frames per PcmBlock at most
constexpr std::uint32_t kMaxFifoBytes = 256;    // FIFOS is 8 bits

const char* writeRecordName(SdRegister r) {
    static const char* const kNames[] = {
        "SDCTL write",   "SDSTS write",   "SDLPIB write", "SDCBL write",  "SDLVI write",
        "SDFIFOW write", "SDFIFOS write", "SDFMT write",  "SDBDPL write", "SDBDPU write"};
    return kNames[static_cast<int>(r)];
}

std::uint32_t merge(std::uint32_t old, std::uint32_t value, std::uint32_t mask) {
    return (old & ~mask) | (value & mask);
}

}  // namespace

const char* sdRegisterName(SdRegister r) {
    static const char* const kNames[] = {"SDCTL",   "SDSTS",   "SDLPIB", "SDCBL",  "SDLVI",
                                         "SDFIFOW", "SDFIFOS", "SDFMT",  "SDBDPL", "SDBDPU"};
    return kNames[static_cast<int>(r)];
}

HdaStream::HdaStream(Kernel& kernel, const HdaConfig& config, const HdaLinkState& link,
                     unsigned index, bool output, std::function<void()> statusChanged,
                     std::uint32_t& sisMask)
    : m_kernel(kernel),
      m_scheduler(kernel.scheduler()),
      m_config(config),
      m_link(link),
      m_index(index),
      m_output(output),
      m_statusChanged(std::move(statusChanged)),
      m_sisMask(sisMask),
      m_fifos(encodeFifos(output ? config.outputFifoBytes : config.inputFifoBytes)),
      m_fifo(fifosBytes(m_fifos)),
      m_scratch(std::max<std::size_t>(kChunkFrames * kMaxFrameBytes, kMaxFifoBytes), 0) {
    m_bdl.reserve(kMaxBdlEntries);
    m_perBurst = ShiftingDivisor(std::max<std::uint32_t>(1, config.burstBytes));
}

HdaStream::~HdaStream() {
    cancelBurst();
    m_scheduler.cancel(m_glitchEvent);
}

TraceRecord HdaStream::record(TraceCategory category, const char* what) const {
    TraceRecord r(category, m_config.name, what, m_traceStream);
    r.addText("Stream", streamName(m_index));
    return r;
}

// ------------------------------------------------------------ register access

std::uint32_t HdaStream::read(SdRegister reg) {
    // The line follows SIS, and every other change of this stream's SIS bit
    // is followed by a notification: only a bit the sync changed (FIFOE from
    // the converter, BCIS or DESE from a burst) needs one here.
    const std::uint32_t bit = streamBit(m_index);
    const std::uint32_t sisBefore = m_sisMask & bit;
    sync(false);
    if ((m_sisMask & bit) != sisBefore) {
        notify();
    }
    switch (reg) {
        case SdRegister::Ctl:
            return m_ctl;
        case SdRegister::Sts:
            return statusRegister();
        case SdRegister::Lpib:
            return m_lpib;
        case SdRegister::Cbl:
            return m_cbl;
        case SdRegister::Lvi:
            return m_lvi;
        case SdRegister::Fifow:
            return m_fifow;
        case SdRegister::Fifos:
            return m_fifos;
        case SdRegister::Fmt:
            return m_fmt;
        case SdRegister::Bdpl:
            return m_bdpl;
        case SdRegister::Bdpu:
            return m_bdpu;
    }
    return 0;
}

void HdaStream::write(SdRegister reg, std::uint32_t value, std::uint32_t writtenMask) {
    sync();
    switch (reg) {
        case SdRegister::Ctl:
            writeCtl(value, writtenMask);
            break;
        case SdRegister::Sts:
            writeSts(value, writtenMask);
            break;
        default:
            writeSetup(reg, value, writtenMask);
            break;
    }
    reschedule();
    notify();
}

void HdaStream::writeCtl(std::uint32_t value, std::uint32_t writtenMask) {
    const std::uint32_t old = m_ctl;
    std::uint32_t next = merge(old, value, writtenMask & kSdctlWritable);
    TraceRecord r(TraceCategory::Register, m_config.name, writeRecordName(SdRegister::Ctl),
                  m_traceStream);
    r.addText("Stream", streamName(m_index))
        .addHex("Value", next)
        .addBool("SRST", (next & SDCTL_SRST) != 0)
        .addBool("RUN", (next & SDCTL_RUN) != 0)
        .addBool("IOCE", (next & SDCTL_IOCE) != 0)
        .addBool("FEIE", (next & SDCTL_FEIE) != 0)
        .addBool("DEIE", (next & SDCTL_DEIE) != 0)
        .addUInt("Tag", streamTag(next));
    Tracer& tracer = m_kernel.tracer();
    if ((old & SDCTL_SRST) != 0) {
        if ((next & SDCTL_SRST) != 0) {
            // Still in reset: only SRST itself is state.
            tracer.record(r.addText("Note", "stream in reset: other bits ignored"));
            return;
        }
        // Leaving reset; the rest of the write applies to a reset stream.
        setCtl(0);
        tracer.record(r);
        tracer.record(record(TraceCategory::Dma, "stream reset left"));
    } else if ((next & SDCTL_SRST) != 0) {
        if ((old & SDCTL_RUN) != 0) {
            // ICH6 §18.2.33: RUN must be 0 before SRST; the SRST is dropped.
            next &= ~SDCTL_SRST;
            r.addText("Note", "SRST while RUN ignored");
        } else {
            tracer.record(r);
            resetStream();
            setCtl(SDCTL_SRST);
            tracer.record(record(TraceCategory::Dma, "stream reset")
                              .addText("Cause", "SRST")
                              .addBool("FIFORDY", false));
            return;
        }
        tracer.record(r);
    } else {
        tracer.record(r);
    }
    const bool wasRunning = (m_ctl & SDCTL_RUN) != 0;
    setCtl(next & ~SDCTL_SRST);
    const bool nowRunning = (m_ctl & SDCTL_RUN) != 0;
    if (!wasRunning && nowRunning) {
        run();
    } else if (wasRunning && !nowRunning) {
        stop();
    }
    linkConditionChanged();  // the tag may have changed
}

void HdaStream::writeSts(std::uint32_t value, std::uint32_t writtenMask) {
    const auto clears =
        static_cast<std::uint8_t>(value & writtenMask & kSdstsWriteOneToClear & m_sts);
    m_kernel.tracer().record(TraceRecord(TraceCategory::Register, m_config.name,
                                         writeRecordName(SdRegister::Sts), m_traceStream)
                                 .addText("Stream", streamName(m_index))
                                 .addHex("Value", value & 0xFFu)
                                 .addHex("Clears", clears));
    setSts(static_cast<std::uint8_t>(m_sts & ~clears));
}

void HdaStream::writeSetup(SdRegister reg, std::uint32_t value, std::uint32_t writtenMask) {
    TraceRecord r(TraceCategory::Register, m_config.name, writeRecordName(reg), m_traceStream);
    r.addText("Stream", streamName(m_index));
    Tracer& tracer = m_kernel.tracer();
    if (reg == SdRegister::Lpib) {
        tracer.record(r.addHex("Value", value).addText("Ignored", "read-only"));
        return;
    }
    if ((m_ctl & SDCTL_SRST) != 0) {
        tracer.record(r.addHex("Value", value).addText("Ignored", "stream in reset"));
        return;
    }
    const bool running = (m_ctl & SDCTL_RUN) != 0;
    if (reg == SdRegister::Fifow) {
        // FIFOW does not affect the model's timing, so it may change any time.
        m_fifow = normalizeFifow(static_cast<std::uint16_t>(merge(m_fifow, value, writtenMask)));
        tracer.record(r.addHex("Value", value).addUInt("Bytes", fifowBytes(m_fifow)));
        return;
    }
    if (reg == SdRegister::Fifos && !m_output) {
        tracer.record(r.addHex("Value", value).addText("Ignored", "read-only (input stream)"));
        return;
    }
    if (running) {
        tracer.record(r.addHex("Value", value).addText("Ignored", "stream running"));
        return;
    }
    switch (reg) {
        case SdRegister::Cbl:
            m_cbl = merge(m_cbl, value, writtenMask);
            tracer.record(r.addHex("Value", m_cbl).addUInt("Bytes", m_cbl));
            break;
        case SdRegister::Lvi:
            m_lvi = static_cast<std::uint16_t>(merge(m_lvi, value, writtenMask) & kLviMask);
            tracer.record(r.addHex("Value", value).addUInt("LVI", m_lvi));
            break;
        case SdRegister::Fifos: {
            const auto v = static_cast<std::uint16_t>(merge(m_fifos, value, writtenMask) & 0xFFFFu);
            if (!isValidOutputFifos(v)) {
                tracer.record(
                    r.addHex("Value", v).addText("Ignored", "unsupported FIFOS encoding"));
                break;
            }
            tracer.record(r.addHex("Value", v).addUInt("Bytes", fifosBytes(v)));
            if (v != m_fifos) {
                m_fifos = v;
                m_fifo = ByteFifo(fifosBytes(v));
                m_fifoReady = false;
            }
            break;
        }
        case SdRegister::Fmt: {
            const auto v =
                static_cast<std::uint16_t>(merge(m_fmt, value, writtenMask) & kFmtWritable);
            const StreamFormat f = decodeFormat(v);
            r.addHex("Value", v)
                .addUInt("RateHz", rateHz(f))
                .addUInt("Bits", f.bitsPerSample)
                .addUInt("Channels", f.channels)
                .addUInt("ContainerBytes", containerBytes(f))
                .addBool("Valid", isValidFormat(f))
                .addBool("FifoCleared", v != m_fmt && !m_fifo.empty());
            tracer.record(r);
            if (v != m_fmt) {
                m_fifo.clear();
                m_fifoReady = m_fifoReady && !m_output;
            }
            m_fmt = v;
            break;
        }
        case SdRegister::Bdpl: {
            const std::uint32_t v = merge(m_bdpl, value, writtenMask);
            m_bdplMisaligned = (v & ~kBdplAddressMask) != 0;
            m_bdpl = v & kBdplAddressMask;
            tracer.record(r.addHex("Value", v)
                              .addHex("Stored", m_bdpl)
                              .addBool("Misaligned", m_bdplMisaligned));
            break;
        }
        case SdRegister::Bdpu:
            m_bdpu = merge(m_bdpu, value, writtenMask);
            tracer.record(r.addHex("Value", m_bdpu));
            break;
        default:
            break;
    }
}

// ------------------------------------------------------------ control

void HdaStream::controllerReset() {
    resetStream();
    setCtl(0);
    m_kernel.tracer().record(record(TraceCategory::Dma, "stream reset").addText("Cause", "CRST"));
}

void HdaStream::resetStream() {
    cancelBurst();
    m_scheduler.cancel(m_glitchEvent);
    stopConverter();
    setSts(0);
    m_lpib = 0;
    m_cbl = 0;
    m_lvi = 0;
    m_fifow = kFifowReset;
    const std::uint16_t fifos =
        encodeFifos(m_output ? m_config.outputFifoBytes : m_config.inputFifoBytes);
    if (fifos != m_fifos) {
        m_fifos = fifos;
        m_fifo = ByteFifo(fifosBytes(fifos));
    }
    m_fifo.clear();
    m_fmt = 0;
    m_bdpl = 0;
    m_bdpu = 0;
    m_bdplMisaligned = false;
    m_bdl.clear();
    m_latchedCbl = 0;
    m_entry = 0;
    m_entryOffset = 0;
    m_fifoReady = false;
    m_positionBufferFaulted = false;
    m_framesClocked = 0;
    m_inGlitch = false;
    m_bytesDma = 0;
    m_bytesConverter = 0;
    m_bursts = 0;
    m_entriesCompleted = 0;
    m_iocCompletions = 0;
    m_underrunFrames = 0;
    m_overrunFrames = 0;
    m_glitchMarks.clear();
}

void HdaStream::run() {
    if (!validateAndLatch()) {
        return;
    }
    if (m_output) {
        // Until the DMA has filled the FIFO (it may still be full from before
        // a pause, and then no burst would say so).
        m_fifoReady = m_fifo.freeBytes() < burstNeed();
    } else {
        m_fifoReady = true;  // §2.6: a valid descriptor is loaded
    }
    m_kernel.tracer().record(record(TraceCategory::Dma, "stream run")
                                 .addUInt("Entries", m_bdl.size())
                                 .addUInt("CBL", m_latchedCbl)
                                 .addUInt("Entry", m_entry)
                                 .addUInt("LPIB", m_lpib)
                                 .addUInt("RateHz", m_rateHz)
                                 .addUInt("BytesPerFrame", m_bytesPerFrame)
                                 .addUInt("Tag", streamTag(m_ctl))
                                 .addUInt("FifoBytes", m_fifo.levelBytes()));
}

void HdaStream::stop() {
    // The converter clocks every frame due up to now, then stops; the FIFO
    // keeps what it holds for a resume.
    sync();
    cancelBurst();
    m_scheduler.cancel(m_glitchEvent);
    stopConverter();
    m_kernel.tracer().record(record(TraceCategory::Dma, "stream stop")
                                 .addUInt("LPIB", m_lpib)
                                 .addUInt("FifoBytes", m_fifo.levelBytes()));
}

bool HdaStream::validateAndLatch() {
    if (takeInjectedDescriptorFault()) {
        return false;
    }
    TraceRecord r = record(TraceCategory::Dma, "BDL invalid");
    const std::uint64_t base = static_cast<std::uint64_t>(m_bdpu) << 32 | m_bdpl;
    r.addHex("BDL", base).addUInt("LVI", m_lvi).addUInt("CBL", m_cbl);
    const StreamFormat f = decodeFormat(m_fmt);
    if (!isValidFormat(f) || !SampleClock::isValid(rateHz(f), m_config.sampleClockErrorPpm)) {
        descriptorError(r.addHex("FMT", m_fmt), "invalid SDnFMT");
        return false;
    }
    const std::uint32_t bpf = bytesPerFrame(f);
    if (fifoCapacity() < bpf) {
        descriptorError(r.addUInt("BytesPerFrame", bpf), "FIFO smaller than one frame");
        return false;
    }
    const unsigned entries = m_lvi + 1u;
    if (entries < kMinBdlEntries) {
        descriptorError(r, "LVI below 1 (fewer than 2 entries)");
        return false;
    }
    if (m_bdplMisaligned) {
        descriptorError(r, "BDPL not 128-byte aligned");
        return false;
    }
    if (m_cbl == 0 || m_cbl % bpf != 0) {
        descriptorError(r.addUInt("BytesPerFrame", bpf), "CBL not a whole number of frames");
        return false;
    }
    std::uint8_t raw[kMaxBdlEntries * kBdlEntryBytes];
    const std::size_t bytes = static_cast<std::size_t>(entries) * kBdlEntryBytes;
    const MemoryAccess access = m_kernel.memory().read(base, raw, bytes);
    if (!access.ok()) {
        descriptorError(r.addHex("FaultAddress", access.faultAddress),
                        "BDL fetch from unallocated memory");
        return false;
    }
    std::vector<BdlEntry> latched;
    latched.reserve(entries);
    std::uint64_t sum = 0;
    for (unsigned i = 0; i < entries; ++i) {
        const BdlEntry e = decodeBdlEntry(raw + static_cast<std::size_t>(i) * kBdlEntryBytes);
        if (e.lengthBytes == 0) {
            descriptorError(r.addUInt("Entry", i), "zero-length BDL entry");
            return false;
        }
        sum += e.lengthBytes;
        latched.push_back(e);
    }
    if (sum != m_cbl) {
        descriptorError(r.addUInt("Sum", sum), "BDL lengths do not sum to CBL");
        return false;
    }
    m_bdl.swap(latched);
    m_latchedCbl = m_cbl;
    m_bytesPerFrame = bpf;
    m_perFrame = ShiftingDivisor(bpf);
    m_framesPerBurst = ShiftingDivisor(framesPerWholeBurst(m_config.burstBytes, bpf));
    m_rateHz = rateHz(f);
    if (m_lpib >= m_latchedCbl) {
        m_lpib = 0;  // CBL shrank while stopped: start over
    }
    // Resume at LPIB: find its entry and the offset in it.
    std::uint32_t start = 0;
    m_entry = 0;
    while (m_entry + 1 < m_bdl.size() && start + m_bdl[m_entry].lengthBytes <= m_lpib) {
        start += m_bdl[m_entry].lengthBytes;
        ++m_entry;
    }
    m_entryOffset = m_lpib - start;
    return true;
}

void HdaStream::descriptorError(TraceRecord& r, const char* reason) {
    r.addText("Reason", reason);
    m_kernel.tracer().record(r);
    cancelBurst();
    m_scheduler.cancel(m_glitchEvent);
    stopConverter();
    setCtl(m_ctl & ~SDCTL_RUN);
    if (!m_output) {
        m_fifoReady = false;  // no valid descriptor loaded any more
    }
    setStatus(SDSTS_DESE, "DESE set", reason);
    m_kernel.tracer().record(record(TraceCategory::Dma, "stream stop")
                                 .addUInt("LPIB", m_lpib)
                                 .addUInt("FifoBytes", m_fifo.levelBytes())
                                 .addText("Cause", "descriptor error"));
}

void HdaStream::setStatus(std::uint8_t bits, const char* recordName, const char* why) {
    flushBurstSummary();  // the bursts that led here come first in the trace
    const bool wasSet = (m_sts & bits) == bits;
    setSts(static_cast<std::uint8_t>(m_sts | bits));
    m_kernel.tracer().record(record(TraceCategory::Dma, recordName)
                                 .addText("Cause", why)
                                 .addUInt("LPIB", m_lpib)
                                 .addUInt("Entry", m_entry)
                                 .addBool("AlreadySet", wasSet));
}

std::uint8_t HdaStream::statusRegister() const {
    return static_cast<std::uint8_t>(m_sts | (m_fifoReady ? SDSTS_FIFORDY : 0u));
}

void HdaStream::setSts(std::uint8_t sts) {
    m_sts = sts;
    updateSisBit();
}

void HdaStream::setCtl(std::uint32_t ctl) {
    m_ctl = ctl;
    updateSisBit();
}

void HdaStream::updateSisBit() {
    m_sisMask =
        interruptPending() ? m_sisMask | streamBit(m_index) : m_sisMask & ~streamBit(m_index);
}

bool HdaStream::interruptPending() const {
    return ((m_sts & SDSTS_BCIS) != 0 && (m_ctl & SDCTL_IOCE) != 0) ||
           ((m_sts & SDSTS_FIFOE) != 0 && (m_ctl & SDCTL_FEIE) != 0) ||
           ((m_sts & SDSTS_DESE) != 0 && (m_ctl & SDCTL_DEIE) != 0);
}

// ------------------------------------------------------------ converter control

bool HdaStream::linkWanted() const {
    return (m_ctl & SDCTL_RUN) != 0 && streamTag(m_ctl) != 0 && m_link.controllerRunning &&
           (m_link.ssync & streamBit(m_index)) == 0;
}

void HdaStream::linkConditionChanged() {
    const bool wanted = linkWanted();
    if (wanted && !m_clock.running()) {
        startConverter();
    } else if (!wanted && m_clock.running()) {
        sync();
        stopConverter();
    } else {
        return;
    }
    if (m_config.coalesceBursts) {
        // The plan assumed the old clock: make reschedule() plan again.
        m_scheduler.cancel(m_burstEvent);
        m_burstEvent = EventId{};
    }
    reschedule();
    notify();
}

void HdaStream::startConverter() {
    m_burstDueFramesNs = -1;  // counted on the old clock
    m_clock.start(m_scheduler.now(), m_rateHz, m_config.sampleClockErrorPpm, m_framesClocked);
    m_inGlitch = false;
    m_kernel.tracer().record(record(TraceCategory::Dma, "link start")
                                 .addInt("Frame", m_framesClocked)
                                 .addUInt("RateHz", m_rateHz)
                                 .addUInt("Tag", streamTag(m_ctl))
                                 .addUInt("FifoBytes", m_fifo.levelBytes()));
}

void HdaStream::stopConverter() {
    if (!m_clock.running()) {
        return;
    }
    m_clock.stop();
    m_kernel.tracer().record(record(TraceCategory::Dma, "link stop")
                                 .addInt("Frame", m_framesClocked)
                                 .addUInt("FifoBytes", m_fifo.levelBytes()));
}

// ------------------------------------------------------------ observation

HdaStreamState HdaStream::state() const {
    HdaStreamState s;
    s.index = m_index;
    s.output = m_output;
    s.ctl = m_ctl;
    s.sts = statusRegister();
    s.lpib = m_lpib;
    s.cbl = m_cbl;
    s.lvi = m_lvi;
    s.fifow = m_fifow;
    s.fifos = m_fifos;
    s.fmt = m_fmt;
    s.bdpl = m_bdpl;
    s.bdpu = m_bdpu;
    s.format = decodeFormat(m_fmt);
    s.formatValid = isValidFormat(s.format);
    s.rateHz = rateHz(s.format);
    s.bytesPerFrame = bytesPerFrame(s.format);
    s.streamTag = streamTag(m_ctl);
    s.inReset = (m_ctl & SDCTL_SRST) != 0;
    s.running = running();
    s.dmaStalled = running() && !dmaActive();
    s.linkActive = m_clock.running();
    s.linkBlockedBySsync = (m_link.ssync & streamBit(m_index)) != 0;
    s.bdlEntries = static_cast<unsigned>(m_bdl.size());
    s.currentEntry = m_entry;
    s.currentEntryOffsetBytes = m_entryOffset;
    s.fifoLevelBytes = static_cast<std::uint32_t>(m_fifo.levelBytes());
    s.fifoCapacityBytes = static_cast<std::uint32_t>(m_fifo.capacityBytes());
    if (m_latchedCbl != 0) {
        const std::uint64_t cbl = m_latchedCbl;
        const std::uint64_t level = m_fifo.levelBytes() % cbl;
        s.linkPositionBytes = static_cast<std::uint32_t>(m_output ? (m_lpib + cbl - level) % cbl
                                                                  : (m_lpib + level) % cbl);
    }
    (m_output ? s.bytesFetched : s.bytesStored) = m_bytesDma;
    (m_output ? s.bytesConsumed : s.bytesProduced) = m_bytesConverter;
    s.bursts = m_bursts;
    s.entriesCompleted = m_entriesCompleted;
    s.iocCompletions = m_iocCompletions;
    (m_output ? s.framesPlayed : s.framesRecorded) = m_framesClocked;
    s.underrunFrames = m_underrunFrames;
    s.overrunFrames = m_overrunFrames;
    return s;
}

std::vector<HdaBdlView> HdaStream::bdl() const {
    std::vector<HdaBdlView> out;
    PhysicalMemory& memory = m_kernel.memory();
    const std::uint64_t base = static_cast<std::uint64_t>(m_bdpu) << 32 | m_bdpl;
    for (unsigned i = 0; i <= m_lvi; ++i) {
        HdaBdlView view;
        view.entryAddress = base + static_cast<std::uint64_t>(kBdlEntryBytes) * i;
        // Entries are 16-byte aligned (the base is 128-byte aligned), so one
        // never straddles a page: its first and last byte decide, and the
        // read then records no fault.
        view.readable = view.entryAddress >= base && memory.isAddressValid(view.entryAddress) &&
                        memory.isAddressValid(view.entryAddress + kBdlEntryBytes - 1);
        if (view.readable) {
            std::uint8_t raw[kBdlEntryBytes] = {};
            memory.read(view.entryAddress, raw, sizeof raw);
            view.entry = decodeBdlEntry(raw);
        }
        out.push_back(view);
    }
    return out;
}

}  // namespace ps::hda
