// I/O decoding, global registers and the interrupt line of the AC'97 bus
// master. Engine behaviour lives in Ac97Engine.
#include "model/hw/ac97/Ac97Controller.h"

#include "model/kernel/Kernel.h"

#include <stdexcept>

namespace ps::ac97 {

namespace {

constexpr std::uint32_t kEngineSpaceEnd = 0x30;    // three 16-byte engine blocks
constexpr std::uint32_t kEngineRegisterEnd = 0xC;  // +0xC..+0xF of a block is not engine space
constexpr std::uint32_t kMaxFrameBytes = 32;

const Ac97Config& validated(const Ac97Config& config) {
    if (config.burstBytes == 0 || config.burstBytes % 4 != 0) {
        throw std::invalid_argument("Ac97Controller: burstBytes must be a positive multiple of 4");
    }
    // A FIFO smaller than a burst plus a frame could leave a partial frame
    // stranded while the DMA waits for a whole burst of room.
    if (config.fifoBytes < config.burstBytes + kMaxFrameBytes) {
        throw std::invalid_argument("Ac97Controller: fifoBytes must be at least burstBytes + 32");
    }
    if (!SampleClock::isValid(kPsRateReset, config.sampleClockErrorPpm)) {
        throw std::invalid_argument("Ac97Controller: sampleClockErrorPpm out of range");
    }
    if (config.name == nullptr) {
        throw std::invalid_argument("Ac97Controller: the name must not be null");
    }
    return config;
}

// The per-engine extension register at offset, if any: PS_FMT, PS_RATE or
// PS_PCNT of engine 0..2 at base + 4 * engine.
bool decodeExtension(std::uint32_t offset, Engine& engine, RegisterId& reg) {
    struct Block {
        std::uint32_t base;
        RegisterId reg;
    };
    static const Block kBlocks[] = {{PS_FMT_BASE, RegisterId::PsFmt},
                                    {PS_RATE_BASE, RegisterId::PsRate},
                                    {PS_PCNT_BASE, RegisterId::PsPcnt}};
    for (const Block& b : kBlocks) {
        if (offset >= b.base && offset < b.base + 4u * kEngineCount && offset % 4 == 0) {
            engine = static_cast<Engine>((offset - b.base) / 4);
            reg = b.reg;
            return true;
        }
    }
    return false;
}

}  // namespace

Ac97Controller::Ac97Controller(Kernel& kernel, const Ac97Config& config)
    : m_kernel(kernel),
      m_config(validated(config)),
      m_line(kernel.interruptLine(config.interruptVector)) {
    for (int i = 0; i < kEngineCount; ++i) {
        m_engines[static_cast<std::size_t>(i)] = std::make_unique<Ac97Engine>(
            kernel, m_config, static_cast<Engine>(i), [this] { updateInterrupt(); });
    }
    if (!kernel.ioSpace().registerDevice(m_config.ioBase, kNabmLength, this)) {
        throw std::invalid_argument("Ac97Controller: the I/O range is invalid or already taken");
    }
}

Ac97Controller::~Ac97Controller() {
    m_kernel.ioSpace().unregisterDevice(this);
    m_engines = {};  // cancels their events before the line is released
    m_line.setAsserted(false);
}

// ------------------------------------------------------------ I/O decoding

std::uint32_t Ac97Controller::ioRead(std::uint32_t offset, unsigned widthBytes) {
    ++m_reads;
    if (offset < kEngineSpaceEnd && offset % 16 < kEngineRegisterEnd) {
        Ac97Engine& e = engine(static_cast<Engine>(offset / 16));
        switch (offset % 16 * 8 + widthBytes) {  // (register offset, width) pairs
            case BDBAR * 8 + 4:
                return e.read(RegisterId::Bdbar);
            case CIV * 8 + 1:
                return e.read(RegisterId::Civ);
            case CIV * 8 + 4:  // ICH7 §16.2.2: one 32-bit read of CIV, LVI and SR
                return e.read(RegisterId::Civ) | e.read(RegisterId::Lvi) << 8 |
                       e.read(RegisterId::Sr) << 16;
            case LVI * 8 + 1:
                return e.read(RegisterId::Lvi);
            case SR * 8 + 2:
                return e.read(RegisterId::Sr);
            case PICB * 8 + 2:
                return e.read(RegisterId::Picb);
            case PICB * 8 + 4:  // PICB, PIV and CR together, as QEMU allows
                return e.read(RegisterId::Picb) | e.read(RegisterId::Piv) << 16 |
                       e.read(RegisterId::Cr) << 24;
            case PIV * 8 + 1:
                return e.read(RegisterId::Piv);
            case CR * 8 + 1:
                return e.read(RegisterId::Cr);
            default:
                ++m_ignored;
                return 0;
        }
    }
    Engine e{};
    RegisterId reg{};
    if (widthBytes == 4 && decodeExtension(offset, e, reg)) {
        return engine(e).read(reg);
    }
    if (offset == GLOB_CNT && widthBytes == 4) {
        return m_globCnt;
    }
    if (offset == GLOB_STA && widthBytes == 4) {
        syncAll();  // a converter may owe a FIFOE
        return globalStatus();
    }
    if (offset == CAS && widthBytes == 1) {
        return 0;
    }
    ++m_ignored;
    return 0;
}

void Ac97Controller::ioWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value) {
    ++m_writes;
    if (offset < kEngineSpaceEnd && offset % 16 < kEngineRegisterEnd) {
        Ac97Engine& e = engine(static_cast<Engine>(offset / 16));
        switch (offset % 16 * 8 + widthBytes) {
            case BDBAR * 8 + 4:
                e.write(RegisterId::Bdbar, value);
                return;
            case CIV * 8 + 1:
                e.write(RegisterId::Civ, value);
                return;
            case LVI * 8 + 1:
                e.write(RegisterId::Lvi, value);
                return;
            case SR * 8 + 2:
                e.write(RegisterId::Sr, value);
                return;
            case PICB * 8 + 2:
                e.write(RegisterId::Picb, value);
                return;
            case PIV * 8 + 1:
                e.write(RegisterId::Piv, value);
                return;
            case CR * 8 + 1:
                e.write(RegisterId::Cr, value);
                return;
            default: {
                const std::uint32_t r = offset % 16;
                const bool isRegister = r == BDBAR || r == CIV || r == LVI || r == SR ||
                                        r == PICB || r == PIV || r == CR;
                ignoredWrite(offset, widthBytes, value,
                             isRegister ? "unsupported width" : "undecoded offset");
                return;
            }
        }
    }
    Engine e{};
    RegisterId reg{};
    if (decodeExtension(offset, e, reg)) {
        if (widthBytes == 4) {
            engine(e).write(reg, value);
        } else {
            ignoredWrite(offset, widthBytes, value, "unsupported width");
        }
        return;
    }
    if (offset == GLOB_CNT && widthBytes == 4) {
        m_globCnt = value;
        m_kernel.tracer().record(
            TraceRecord(TraceCategory::Register, m_config.name, "GLOB_CNT write")
                .addText("Register", "GLOB_CNT")
                .addHex("Value", value));
        return;
    }
    if (offset == GLOB_STA && widthBytes == 4) {
        // The engine bits mirror SR and clear there; nothing else is modelled.
        m_kernel.tracer().record(
            TraceRecord(TraceCategory::Register, m_config.name, "GLOB_STA write")
                .addText("Register", "GLOB_STA")
                .addHex("Value", value)
                .addText("Ignored", "engine bits are read-only"));
        return;
    }
    if (offset == CAS && widthBytes == 1) {
        m_kernel.tracer().record(TraceRecord(TraceCategory::Register, m_config.name, "CAS write")
                                     .addText("Register", "CAS")
                                     .addHex("Value", value));
        return;
    }
    const bool known = offset == GLOB_CNT || offset == GLOB_STA || offset == CAS;
    ignoredWrite(offset, widthBytes, value, known ? "unsupported width" : "undecoded offset");
}

void Ac97Controller::ignoredWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value,
                                  const char* reason) {
    ++m_ignored;
    m_kernel.tracer().record(TraceRecord(TraceCategory::Register, m_config.name, "ignored write")
                                 .addHex("Offset", offset)
                                 .addUInt("Width", widthBytes)
                                 .addHex("Value", value)
                                 .addText("Reason", reason));
}

// ------------------------------------------------------------ observation

void Ac97Controller::setSink(Engine e, PcmSink* sink) {
    engine(e).sync();  // frames already due go to the old sink
    engine(e).setSink(sink);
}

void Ac97Controller::setSource(Engine e, PcmSource* source) {
    engine(e).sync();
    engine(e).setSource(source);
}

void Ac97Controller::setTraceStream(Engine e, std::uint16_t streamId) {
    engine(e).setTraceStream(streamId);
}

void Ac97Controller::injectDescriptorFault(Engine e) {
    engine(e).armDescriptorFault();
}

Ac97EngineState Ac97Controller::state(Engine e) const {
    return engine(e).state();
}

std::array<BdlEntryView, kBdlEntries> Ac97Controller::descriptors(Engine e) const {
    return engine(e).descriptors();
}

void Ac97Controller::syncAll() {
    for (auto& e : m_engines) {
        e->sync();
    }
    updateInterrupt();
}

std::uint32_t Ac97Controller::globalStatus() const {
    std::uint32_t status = GLOB_STA_PCR;
    for (int i = 0; i < kEngineCount; ++i) {
        const auto e = static_cast<Engine>(i);
        if (engine(e).interruptPending()) {
            status |= globStaBit(e);
        }
    }
    return status;
}

bool Ac97Controller::interruptAsserted() const {
    return m_line.asserted();
}

void Ac97Controller::updateInterrupt() {
    bool pending = false;
    for (const auto& e : m_engines) {
        pending = pending || (e != nullptr && e->interruptPending());
    }
    m_line.setAsserted(pending);
}

}  // namespace ps::ac97
