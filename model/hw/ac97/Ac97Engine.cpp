// Registers, control and the descriptor walk of one AC'97 engine. The data
// movement (bursts, converter) is in Ac97EngineTransfer.cpp.
#include "model/hw/ac97/Ac97Engine.h"

#include "model/hw/CoalescedBurstMath.h"
#include "model/kernel/Kernel.h"

#include <algorithm>
#include <stdexcept>

namespace ps::ac97 {

namespace {

constexpr int kRegisterCount = 10;
constexpr std::size_t kMaxFrameBytes = 8 * 4;  // 8 channels of 32-bit containers
constexpr std::size_t kChunkFrames = 1024;     // frames handed to a sink per block at most
constexpr std::uint8_t kCrWritable = CR_RPBM | CR_LVBIE | CR_FEIE | CR_IOCE;
constexpr std::uint8_t kCrEnables = CR_LVBIE | CR_FEIE | CR_IOCE;
constexpr std::uint32_t kPsFmtDefinedBits = 0x37F;

// Register-write record names: static strings, one per engine and register.
const char* writeRecordName(Engine e, RegisterId r) {
    static const char* const kNames[kEngineCount][kRegisterCount] = {
        {"PI BDBAR write", "PI CIV write", "PI LVI write", "PI SR write", "PI PICB write",
         "PI PIV write", "PI CR write", "PI PS_FMT write", "PI PS_RATE write", "PI PS_PCNT write"},
        {"PO BDBAR write", "PO CIV write", "PO LVI write", "PO SR write", "PO PICB write",
         "PO PIV write", "PO CR write", "PO PS_FMT write", "PO PS_RATE write", "PO PS_PCNT write"},
        {"MC BDBAR write", "MC CIV write", "MC LVI write", "MC SR write", "MC PICB write",
         "MC PIV write", "MC CR write", "MC PS_FMT write", "MC PS_RATE write", "MC PS_PCNT write"},
    };
    return kNames[static_cast<int>(e)][static_cast<int>(r)];
}

std::uint32_t loadU32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

bool isValidFormat(const PcmFormatRegister& f, std::uint32_t raw) {
    return f.channels >= 1 && f.channels <= 8 && f.bytesPerSample >= 1 && f.bytesPerSample <= 4 &&
           ((raw >> 8) & 0x3u) != 3u;
}

}  // namespace

const char* registerName(RegisterId id) {
    static const char* const kNames[kRegisterCount] = {
        "BDBAR", "CIV", "LVI", "SR", "PICB", "PIV", "CR", "PS_FMT", "PS_RATE", "PS_PCNT"};
    return kNames[static_cast<int>(id)];
}

Ac97Engine::Ac97Engine(Kernel& kernel, const Ac97Config& config, Engine id,
                       std::function<void()> statusChanged)
    : m_kernel(kernel),
      m_scheduler(kernel.scheduler()),
      m_config(config),
      m_id(id),
      m_statusChanged(std::move(statusChanged)),
      m_fifo(config.fifoBytes),
      m_lastFrame(kMaxFrameBytes, 0),
      m_scratch(std::max<std::size_t>(kChunkFrames * kMaxFrameBytes, config.burstBytes), 0) {
    m_perBurst = InvariantDivisor(std::max<std::uint32_t>(1, config.burstBytes));
    setBytesPerFrame(m_format.channels * m_format.bytesPerSample);
    m_lastFrame.resize(m_bytesPerFrame);
}

void Ac97Engine::setBytesPerFrame(std::uint32_t bytesPerFrame) {
    m_bytesPerFrame = std::max<std::uint32_t>(1, bytesPerFrame);
    m_perFrame = InvariantDivisor(m_bytesPerFrame);
    m_framesPerBurst = InvariantDivisor(framesPerWholeBurst(m_config.burstBytes, m_bytesPerFrame));
}

Ac97Engine::~Ac97Engine() {
    cancelBurst();
    m_scheduler.cancel(m_glitchEvent);
}

TraceRecord Ac97Engine::record(TraceCategory category, const char* what) const {
    TraceRecord r(category, m_config.name, what, m_stream);
    r.addText("Engine", engineName(m_id));
    return r;
}

// ------------------------------------------------------------ register access

std::uint32_t Ac97Engine::read(RegisterId reg) {
    // A sync may raise FIFOE (an underrun or overrun starting). Every other
    // change of SR or CR re-evaluates the line where it happens, so the line
    // matches this engine's state before the read; only a changed SR can
    // change it.
    const std::uint16_t stickyBefore = m_srSticky;
    sync(false);
    if (m_srSticky != stickyBefore) {
        notify();
    }
    switch (reg) {
        case RegisterId::Bdbar:
            return m_bdbar;
        case RegisterId::Civ:
            return m_civ;
        case RegisterId::Lvi:
            return m_lvi;
        case RegisterId::Sr:
            return statusRegister();
        case RegisterId::Picb:
            return picb();
        case RegisterId::Piv:
            return m_piv;
        case RegisterId::Cr:
            return m_cr;
        case RegisterId::PsFmt:
            return m_psFmt;
        case RegisterId::PsRate:
            return m_psRate;
        case RegisterId::PsPcnt:
            // Modulo 2^32 by definition (Ac97Registers.h).
            return static_cast<std::uint32_t>(static_cast<std::uint64_t>(m_framesClocked));
    }
    return 0;
}

void Ac97Engine::write(RegisterId reg, std::uint32_t value) {
    // The line depends on SR's sticky bits and CR only (interruptPending);
    // as for a read, it needs a new look only when one of them changed.
    const std::uint16_t stickyBefore = m_srSticky;
    const std::uint8_t crBefore = m_cr;
    sync();
    TraceRecord r(TraceCategory::Register, m_config.name, writeRecordName(m_id, reg), m_stream);
    r.addText("Register", registerName(reg)).addHex("Value", value);
    Tracer& tracer = m_kernel.tracer();
    const bool running = (m_cr & CR_RPBM) != 0;
    switch (reg) {
        case RegisterId::Bdbar:
            // Bits 2:0 are hardwired to 0 (ICH7 §16.2.1: 8-byte aligned entries).
            m_bdbar = value & ~7u;
            tracer.record(r.addHex("Stored", m_bdbar));
            break;
        case RegisterId::Lvi: {
            const auto lvi = static_cast<std::uint8_t>(value & (kBdlEntries - 1));
            // §1.4: writing LVI while halted at the end of the list with RPBM set
            // appends to the running stream.
            const bool restart = running && m_dma == DmaState::EndOfList && lvi != m_civ;
            tracer.record(r.addUInt("LVI", lvi).addBool("Restart", restart));
            m_lvi = lvi;
            if (restart) {
                loadDescriptor(true);
            }
            break;
        }
        case RegisterId::Sr: {
            const auto clears = static_cast<std::uint16_t>(value & kSrWriteOneToClear);
            tracer.record(r.addHex("Clears", clears & m_srSticky));
            m_srSticky = static_cast<std::uint16_t>(m_srSticky & ~clears);
            break;
        }
        case RegisterId::Cr: {
            const auto cr = static_cast<std::uint8_t>(value);
            r.addBool("RPBM", (cr & CR_RPBM) != 0)
                .addBool("RR", (cr & CR_RR) != 0)
                .addBool("LVBIE", (cr & CR_LVBIE) != 0)
                .addBool("FEIE", (cr & CR_FEIE) != 0)
                .addBool("IOCE", (cr & CR_IOCE) != 0);
            if ((cr & CR_RR) != 0 && running) {
                // The datasheet calls RR with RPBM set undefined; PortScope stops
                // and resets, and says so.
                r.addText("Note", "RR while running");
            }
            tracer.record(r);
            writeCr(cr);
            break;
        }
        case RegisterId::PsFmt: {
            const PcmFormatRegister f = decodePsFmt(value);
            const bool valid = isValidFormat(f, value);
            r.addUInt("Channels", f.channels)
                .addUInt("BytesPerSample", f.bytesPerSample)
                .addUInt("LengthUnitBytes", f.lengthUnitBytes);
            if (running || !valid) {
                tracer.record(r.addText("Ignored", running ? "engine running" : "invalid format"));
                break;
            }
            tracer.record(r);
            m_psFmt = value & kPsFmtDefinedBits;
            m_format = f;
            setBytesPerFrame(f.channels * f.bytesPerSample);
            m_lastFrame.assign(m_bytesPerFrame, 0);
            break;
        }
        case RegisterId::PsRate: {
            const bool valid = SampleClock::isValid(value, m_config.sampleClockErrorPpm);
            if (running || !valid) {
                tracer.record(r.addText("Ignored", running ? "engine running" : "invalid rate"));
                break;
            }
            tracer.record(r.addUInt("Hz", value));
            m_psRate = value;
            break;
        }
        case RegisterId::Civ:
        case RegisterId::Picb:
        case RegisterId::Piv:
        case RegisterId::PsPcnt:
            tracer.record(r.addText("Ignored", "read-only"));
            break;
    }
    reschedule();
    if (m_srSticky != stickyBefore || m_cr != crBefore) {
        notify();
    }
}

void Ac97Engine::writeCr(std::uint8_t value) {
    if ((value & CR_RR) != 0) {
        resetRegisters();
        return;
    }
    const bool wasRunning = (m_cr & CR_RPBM) != 0;
    m_cr = static_cast<std::uint8_t>(value & kCrWritable);
    const bool nowRunning = (m_cr & CR_RPBM) != 0;
    if (!wasRunning && nowRunning) {
        run();
    } else if (wasRunning && !nowRunning) {
        pause();
    }
}

void Ac97Engine::resetRegisters() {
    cancelBurst();
    m_scheduler.cancel(m_glitchEvent);
    stopConverter();
    m_bdbar = 0;
    m_civ = 0;
    m_lvi = 0;
    m_piv = 0;
    m_srSticky = 0;
    m_cr = m_config.resetKeepsInterruptEnables ? static_cast<std::uint8_t>(m_cr & kCrEnables) : 0;
    m_dma = DmaState::Idle;
    m_desc = BufferDescriptor{};
    m_descBytes = 0;
    m_descOffset = 0;
    m_descLoaded = false;
    m_fifo.clear();
    m_framesClocked = 0;
    std::fill(m_lastFrame.begin(), m_lastFrame.end(), std::uint8_t{0});
    m_inGlitch = false;
    m_bytesMoved = 0;
    m_bursts = 0;
    m_descriptorsCompleted = 0;
    m_underrunFrames = 0;
    m_overrunFrames = 0;
}

void Ac97Engine::startConverter() {
    m_clock.start(m_scheduler.now(), m_psRate, m_config.sampleClockErrorPpm, m_framesClocked);
}

void Ac97Engine::stopConverter() {
    m_clock.stop();
}

void Ac97Engine::run() {
    startConverter();
    switch (m_dma) {
        case DmaState::Idle:
            loadDescriptor(true);  // CIV <- PIV (0 after reset), PIV + 1, fetch
            break;
        case DmaState::EndOfList:
            // LVI was moved while paused: continue with the next entry.
            if (m_civ != m_lvi) {
                loadDescriptor(true);
            }
            break;
        case DmaState::Active:   // resume the loaded descriptor where it stopped
        case DmaState::Faulted:  // stays halted until RR; the converter still runs
            break;
    }
}

void Ac97Engine::pause() {
    // The converter clocks every frame due up to this instant, then stops; the
    // FIFO keeps what it holds for the resume. A frame due at this very instant
    // that was waiting for a burst (a pause right after the start) is not
    // clocked: it becomes the first frame after the resume, not an underrun.
    sync();
    cancelBurst();
    m_scheduler.cancel(m_glitchEvent);
    stopConverter();
}

// ------------------------------------------------------------ descriptor walk

void Ac97Engine::loadDescriptor(bool advanceFirst) {
    // CIV walks the 32 slots modulo 32 and must meet LVI within one lap, so
    // even a list of garbage ends; the bound only guards that argument.
    for (int step = 0; step <= kBdlEntries; ++step) {
        if (advanceFirst) {
            m_civ = m_piv;
            m_piv = static_cast<std::uint8_t>((m_piv + 1) % kBdlEntries);
        }
        advanceFirst = true;
        if (!fetchCurrent()) {
            return;
        }
        if (m_descBytes > 0) {
            m_dma = DmaState::Active;
            return;
        }
        if (!completeCurrent()) {
            return;
        }
    }
    m_dma = DmaState::EndOfList;
}

bool Ac97Engine::fetchCurrent() {
    const std::uint64_t entry = static_cast<std::uint64_t>(m_bdbar) + kBdlEntryBytes * m_civ;
    std::uint8_t raw[kBdlEntryBytes] = {};
    if (m_descriptorFaultArmed) {
        m_descriptorFaultArmed = false;
        m_descLoaded = false;
        m_descBytes = 0;
        m_descOffset = 0;
        injectedFault(entry);
        return false;
    }
    const MemoryAccess access = m_kernel.memory().read(entry, raw, sizeof raw);
    if (!access.ok()) {
        m_descLoaded = false;
        m_descBytes = 0;
        m_descOffset = 0;
        fault("descriptor fetch fault", entry, access.faultAddress);
        return false;
    }
    m_desc = decodeDescriptor(loadU32(raw), loadU32(raw + 4), m_format.lengthUnitBytes);
    m_descUnitBytes = m_format.lengthUnitBytes;
    m_descBytes = static_cast<std::uint32_t>(m_desc.samples) * m_descUnitBytes;
    m_descOffset = 0;
    m_descLoaded = true;
    m_kernel.tracer().record(record(TraceCategory::Dma, "descriptor fetch")
                                 .addUInt("Index", m_civ)
                                 .addHex("Address", m_desc.address)
                                 .addUInt("Samples", m_desc.samples)
                                 .addUInt("Bytes", m_descBytes)
                                 .addBool("IOC", m_desc.ioc)
                                 .addBool("BUP", m_desc.bup));
    return true;
}

bool Ac97Engine::completeCurrent() {
    ++m_descriptorsCompleted;
    m_kernel.tracer().record(record(TraceCategory::Dma, "descriptor complete")
                                 .addUInt("Index", m_civ)
                                 .addHex("Address", m_desc.address)
                                 .addUInt("Samples", m_desc.samples)
                                 .addBool("IOC", m_desc.ioc)
                                 .addBool("BUP", m_desc.bup));
    if (m_desc.ioc) {
        setStatus(SR_BCIS, "BCIS set", "buffer complete");
    }
    if (m_civ == m_lvi) {
        m_dma = DmaState::EndOfList;
        setStatus(SR_LVBCI, "LVBCI set", "last valid buffer complete");
        m_kernel.tracer().record(record(TraceCategory::Dma, "DMA halted")
                                     .addText("Cause", "end of list")
                                     .addUInt("CIV", m_civ)
                                     .addUInt("FifoBytes", m_fifo.levelBytes()));
        return false;
    }
    return true;
}

void Ac97Engine::fault(const char* what, std::uint64_t address, std::uint64_t faultAddress) {
    faultWith(record(TraceCategory::Dma, what)
                  .addHex("Address", address)
                  .addHex("FaultAddress", faultAddress)
                  .addUInt("CIV", m_civ)
                  .addUInt("LVI", m_lvi)
                  .addHex("BDBAR", m_bdbar));
}

void Ac97Engine::injectedFault(std::uint64_t entryAddress) {
    faultWith(record(TraceCategory::Dma, "descriptor fetch fault")
                  .addHex("Address", entryAddress)
                  .addHex("FaultAddress", entryAddress)
                  .addUInt("CIV", m_civ)
                  .addUInt("LVI", m_lvi)
                  .addHex("BDBAR", m_bdbar)
                  .addBool("Injected", true));
}

void Ac97Engine::faultWith(const TraceRecord& faultRecord) {
    const char* what = faultRecord.name;
    m_dma = DmaState::Faulted;
    cancelBurst();
    m_kernel.tracer().record(faultRecord);
    setStatus(SR_FIFOE, "FIFOE set", what);
    m_kernel.tracer().record(record(TraceCategory::Dma, "DMA halted")
                                 .addText("Cause", what)
                                 .addUInt("CIV", m_civ)
                                 .addUInt("FifoBytes", m_fifo.levelBytes()));
}

void Ac97Engine::setStatus(std::uint16_t bits, const char* recordName, const char* why) {
    flushBurstSummary();  // the bursts that led here come first in the trace
    const bool wasSet = (m_srSticky & bits) == bits;
    m_srSticky = static_cast<std::uint16_t>(m_srSticky | bits);
    m_kernel.tracer().record(record(TraceCategory::Dma, recordName)
                                 .addText("Cause", why)
                                 .addUInt("CIV", m_civ)
                                 .addUInt("PICB", picb())
                                 .addBool("AlreadySet", wasSet));
}

std::uint16_t Ac97Engine::statusRegister() const {
    std::uint16_t sr = m_srSticky;
    if (!dmaActive()) {
        sr |= SR_DCH;
    }
    if (m_dma == DmaState::EndOfList && m_civ == m_lvi) {
        sr |= SR_CELV;
    }
    return sr;
}

std::uint16_t Ac97Engine::picb() const {
    if (!m_descLoaded) {
        return 0;
    }
    // In the unit the descriptor was fetched with: PS_FMT may change while paused.
    return static_cast<std::uint16_t>((m_descBytes - m_descOffset) / m_descUnitBytes);
}

// ------------------------------------------------------------ observation

Ac97EngineState Ac97Engine::state() const {
    Ac97EngineState s;
    s.engine = m_id;
    s.render = isRender();
    s.bdbar = m_bdbar;
    s.civ = m_civ;
    s.lvi = m_lvi;
    s.sr = statusRegister();
    s.picb = picb();
    s.piv = m_piv;
    s.cr = m_cr;
    s.psFmt = m_psFmt;
    s.psRate = m_psRate;
    s.psPcnt = static_cast<std::uint32_t>(static_cast<std::uint64_t>(m_framesClocked));
    s.format = m_format;
    s.bytesPerFrame = m_bytesPerFrame;
    s.running = (m_cr & CR_RPBM) != 0;
    s.halted = !dmaActive();
    s.converterRunning = m_clock.running();
    s.endOfList = m_dma == DmaState::EndOfList;
    s.faulted = m_dma == DmaState::Faulted;
    s.descriptorLoaded = m_descLoaded;
    s.current = m_desc;
    s.currentBytes = m_descBytes;
    s.currentOffsetBytes = m_descOffset;
    s.fifoLevelBytes = static_cast<std::uint32_t>(m_fifo.levelBytes());
    s.fifoCapacityBytes = static_cast<std::uint32_t>(m_fifo.capacityBytes());
    (isRender() ? s.bytesFetched : s.bytesStored) = m_bytesMoved;
    s.bursts = m_bursts;
    s.descriptorsCompleted = m_descriptorsCompleted;
    s.framesClocked = m_framesClocked;
    s.underrunFrames = m_underrunFrames;
    s.overrunFrames = m_overrunFrames;
    return s;
}

std::array<BdlEntryView, kBdlEntries> Ac97Engine::descriptors() const {
    std::array<BdlEntryView, kBdlEntries> out{};
    PhysicalMemory& memory = m_kernel.memory();
    for (int i = 0; i < kBdlEntries; ++i) {
        BdlEntryView& view = out[static_cast<std::size_t>(i)];
        view.entryAddress = static_cast<std::uint64_t>(m_bdbar) + kBdlEntryBytes * i;
        // Entries are 8-byte aligned, so one never straddles a page: checking
        // its first and last byte is enough, and the read then records no fault.
        view.readable = memory.isAddressValid(view.entryAddress) &&
                        memory.isAddressValid(view.entryAddress + kBdlEntryBytes - 1);
        if (view.readable) {
            std::uint8_t raw[kBdlEntryBytes] = {};
            memory.read(view.entryAddress, raw, sizeof raw);
            view.descriptor =
                decodeDescriptor(loadU32(raw), loadU32(raw + 4), m_format.lengthUnitBytes);
        }
    }
    return out;
}

}  // namespace ps::ac97
