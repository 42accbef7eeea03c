// MMIO decoding, global registers, WALCLK and the interrupt line of the HD
// Audio controller. Stream behaviour lives in HdaStream.
#include "model/hw/hda/HdaController.h"

#include "model/kernel/Kernel.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <stdexcept>

namespace ps::hda {

namespace {

struct RegisterSpan {
    std::uint32_t offset;
    unsigned bytes;
};

constexpr RegisterSpan kGlobalRegisters[] = {
    {GCAP, 2},     {VMIN, 1},   {VMAJ, 1},   {OUTPAY, 2}, {INPAY, 2}, {GCTL, 4},    {WAKEEN, 2},
    {STATESTS, 2}, {INTCTL, 4}, {INTSTS, 4}, {WALCLK, 4}, {SSYNC, 4}, {DPLBASE, 4}, {DPUBASE, 4},
};

struct StreamSpan {
    std::uint32_t offset;
    unsigned bytes;
    SdRegister reg;
};

constexpr StreamSpan kStreamRegisters[] = {
    {SD_CTL, 3, SdRegister::Ctl},     {SD_STS, 1, SdRegister::Sts},
    {SD_LPIB, 4, SdRegister::Lpib},   {SD_CBL, 4, SdRegister::Cbl},
    {SD_LVI, 2, SdRegister::Lvi},     {SD_FIFOW, 2, SdRegister::Fifow},
    {SD_FIFOS, 2, SdRegister::Fifos}, {SD_FMT, 2, SdRegister::Fmt},
    {SD_BDPL, 4, SdRegister::Bdpl},   {SD_BDPU, 4, SdRegister::Bdpu},
};

// The byte lanes where access [a, a + width) overlaps register [r, r + n):
// [lo, hi) in absolute offsets; empty when lo >= hi.
struct Overlap {
    std::uint32_t lo;
    std::uint32_t hi;
};
Overlap overlap(std::uint32_t a, unsigned width, std::uint32_t r, unsigned n) {
    return {std::max(a, r), std::min(a + width, r + n)};
}

// Register bits <- access bits for the overlapping lanes.
std::uint32_t toRegister(std::uint32_t accessValue, std::uint32_t a, std::uint32_t r, Overlap o,
                         std::uint32_t& mask) {
    std::uint32_t v = 0;
    mask = 0;
    for (std::uint32_t b = o.lo; b < o.hi; ++b) {
        const std::uint32_t byte = (accessValue >> (8 * (b - a))) & 0xFFu;
        v |= byte << (8 * (b - r));
        mask |= 0xFFu << (8 * (b - r));
    }
    return v;
}

// Access bits <- register bits for the overlapping lanes.
std::uint32_t toAccess(std::uint32_t registerValue, std::uint32_t a, std::uint32_t r, Overlap o) {
    std::uint32_t v = 0;
    for (std::uint32_t b = o.lo; b < o.hi; ++b) {
        v |= ((registerValue >> (8 * (b - r))) & 0xFFu) << (8 * (b - a));
    }
    return v;
}

// Calls fn(target, overlap) for every register that access [offset, offset +
// width) of the register set touches; returns whether there was any.
struct Target {
    bool global;
    std::uint32_t start;  // absolute offset of the register's first byte
    std::uint32_t globalOffset;
    unsigned stream;
    SdRegister reg;
};
template <typename Fn>
bool forEachRegister(std::uint32_t offset, unsigned width, unsigned streams, Fn&& fn) {
    bool any = false;
    for (const RegisterSpan& g : kGlobalRegisters) {
        const Overlap o = overlap(offset, width, g.offset, g.bytes);
        if (o.lo < o.hi) {
            fn(Target{true, g.offset, g.offset, 0, SdRegister::Ctl}, o);
            any = true;
        }
    }
    if (offset + width <= kStreamBase) {
        return any;
    }
    const unsigned first = offset < kStreamBase ? 0 : (offset - kStreamBase) / kStreamStride;
    const unsigned last = (offset + width - 1 - kStreamBase) / kStreamStride;
    for (unsigned i = first; i <= last && i < streams; ++i) {
        const std::uint32_t base = streamOffset(i);
        for (const StreamSpan& r : kStreamRegisters) {
            const Overlap o = overlap(offset, width, base + r.offset, r.bytes);
            if (o.lo < o.hi) {
                fn(Target{false, base + r.offset, 0, i, r.reg}, o);
                any = true;
            }
        }
    }
    return any;
}

// The register that access [offset, offset + width) is exactly (same first
// byte, same width), or nullptr: the common case, which then needs no lane
// arithmetic. Registers do not overlap one another.
const RegisterSpan* exactGlobal(std::uint32_t offset, unsigned width) {
    for (const RegisterSpan& g : kGlobalRegisters) {
        if (g.offset == offset) {
            return g.bytes == width ? &g : nullptr;
        }
    }
    return nullptr;
}
// kStreamRegisters index of the register that starts at each offset within
// a descriptor, -1 where none does: the LPIB polls look up without a search.
struct StreamRegisterIndex {
    std::int8_t at[kStreamStride];
};
constexpr StreamRegisterIndex makeStreamRegisterIndex() {
    StreamRegisterIndex index{};
    for (std::int8_t& i : index.at) {
        i = -1;
    }
    for (std::size_t i = 0; i < std::size(kStreamRegisters); ++i) {
        index.at[kStreamRegisters[i].offset] = static_cast<std::int8_t>(i);
    }
    return index;
}
constexpr StreamRegisterIndex kStreamRegisterIndex = makeStreamRegisterIndex();

const StreamSpan* exactStreamRegister(std::uint32_t offsetInStream, unsigned width) {
    const int i = offsetInStream < kStreamStride ? kStreamRegisterIndex.at[offsetInStream] : -1;
    if (i < 0) {
        return nullptr;
    }
    const StreamSpan& r = kStreamRegisters[i];
    return r.bytes == width ? &r : nullptr;
}

// toAccess() for an access that starts at the register's first byte and
// covers widthBytes of it: the register's low widthBytes bytes.
std::uint32_t exactAccess(std::uint32_t registerValue, unsigned widthBytes) {
    return widthBytes >= 4 ? registerValue : registerValue & ((1u << (8 * widthBytes)) - 1u);
}

const HdaConfig& validated(const HdaConfig& c) {
    if (c.inputStreams > 15 || c.outputStreams > 15 || c.inputStreams + c.outputStreams == 0 ||
        c.inputStreams + c.outputStreams > kMaxStreams) {
        throw std::invalid_argument("HdaController: 1..30 streams, at most 15 per direction");
    }
    const auto fifoOk = [](std::uint32_t b) { return b >= 16 && b <= 256; };
    if (!fifoOk(c.outputFifoBytes) || !fifoOk(c.inputFifoBytes)) {
        throw std::invalid_argument("HdaController: FIFO sizes must be 16..256 bytes");
    }
    if (c.burstBytes == 0 || c.burstBytes % 4 != 0 ||
        c.burstBytes > std::min(c.outputFifoBytes, c.inputFifoBytes)) {
        throw std::invalid_argument(
            "HdaController: burstBytes must be a positive multiple of 4 within the FIFOs");
    }
    if (!SampleClock::isValid(48000, c.sampleClockErrorPpm)) {
        throw std::invalid_argument("HdaController: sampleClockErrorPpm out of range");
    }
    if (c.codecDelayNs < 0) {
        throw std::invalid_argument("HdaController: codecDelayNs must not be negative");
    }
    if (c.name == nullptr) {
        throw std::invalid_argument("HdaController: the name must not be null");
    }
    if (static_cast<std::uint64_t>(c.mmioBase) + kMmioLength > 0x1'0000'0000ull) {
        throw std::invalid_argument("HdaController: the MMIO window leaves the 32-bit bus");
    }
    return c;
}

const char* globalWriteName(std::uint32_t offset) {
    switch (offset) {
        case GCTL:
            return "GCTL write";
        case INTCTL:
            return "INTCTL write";
        case SSYNC:
            return "SSYNC write";
        case DPLBASE:
            return "DPLBASE write";
        case DPUBASE:
            return "DPUBASE write";
        default:
            return "global register write";
    }
}

}  // namespace

HdaController::HdaController(Kernel& kernel, const HdaConfig& config)
    : m_kernel(kernel),
      m_config(validated(config)),
      m_line(kernel.interruptLine(config.interruptVector)) {
    const unsigned count = m_config.inputStreams + m_config.outputStreams;
    for (unsigned i = 0; i < count; ++i) {
        m_streams.push_back(std::make_unique<HdaStream>(
            kernel, m_config, m_link, i, i >= m_config.inputStreams, [this] { updateInterrupt(); },
            m_sisMask));
    }
    if (!kernel.mmioSpace().registerDevice(m_config.mmioBase, kMmioLength, this)) {
        throw std::invalid_argument("HdaController: the MMIO range is invalid or already taken");
    }
}

HdaController::~HdaController() {
    m_kernel.mmioSpace().unregisterDevice(this);
    m_streams.clear();  // cancels their events before the line is released
    m_line.setAsserted(false);
}

// ------------------------------------------------------------ MMIO decoding

std::uint32_t HdaController::ioRead(std::uint32_t offset, unsigned widthBytes) {
    ++m_reads;
    // The usual accesses, a position read in the alias page and exactly one
    // stream register, need no lane arithmetic; the rest is out of line, so
    // that these keep a small frame. HdaStream::read() leaves the line
    // current (it notifies when its sync changed the stream's SIS bit):
    // updateInterrupt() would find the same.
    if (offset >= kAliasOffset) {
        const std::uint32_t a = offset - kAliasOffset;
        if (widthBytes == 4 && a >= kStreamBase) {
            const unsigned i = (a - kStreamBase) / kStreamStride;
            if (i < streamCount() && a == streamOffset(i) + SD_LPIB) {
                return m_streams[i]->read(SdRegister::Lpib);
            }
        }
    } else if (offset >= kStreamBase) {
        const unsigned i = (offset - kStreamBase) / kStreamStride;
        const std::uint32_t within = (offset - kStreamBase) % kStreamStride;
        if (const StreamSpan* r = exactStreamRegister(within, widthBytes);
            r != nullptr && i < streamCount()) {
            return exactAccess(m_streams[i]->read(r->reg), widthBytes);
        }
    }
    return ioReadDecoded(offset, widthBytes);
}

std::uint32_t HdaController::ioReadDecoded(std::uint32_t offset, unsigned widthBytes) {
    std::uint32_t result = 0;
    bool decoded = false;
    if (offset >= kAliasOffset) {
        // Alias page: only each stream's LPIB.
        const std::uint32_t a = offset - kAliasOffset;
        for (unsigned i = 0; i < streamCount(); ++i) {
            const std::uint32_t r = streamOffset(i) + SD_LPIB;
            const Overlap o = overlap(a, widthBytes, r, 4);
            if (o.lo < o.hi) {
                result |= toAccess(m_streams[i]->read(SdRegister::Lpib), a, r, o);
                decoded = true;
            }
        }
        if (decoded) {
            return result;  // each stream read left the line current
        }
    } else if (offset < kStreamBase) {
        if (const RegisterSpan* g = exactGlobal(offset, widthBytes); g != nullptr) {
            result = exactAccess(readGlobal(g->offset), widthBytes);
            decoded = true;
        }
    }
    if (!decoded && offset < kAliasOffset) {
        // In controller reset the streams hold their reset values.
        decoded =
            forEachRegister(offset, widthBytes, streamCount(), [&](const Target& t, Overlap o) {
                const std::uint32_t v =
                    t.global ? readGlobal(t.globalOffset) : m_streams[t.stream]->read(t.reg);
                result |= toAccess(v, offset, t.start, o);
            });
    }
    if (!decoded) {
        ++m_ignored;
    }
    updateInterrupt();
    return result;
}

void HdaController::ioWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value) {
    ++m_writes;
    if (offset >= kAliasOffset) {
        ignoredWrite(offset, widthBytes, value, "alias page is read-only");
        return;
    }
    if (!m_link.controllerRunning && !(offset < GCTL + 4 && offset + widthBytes > GCTL)) {
        ignoredWrite(offset, widthBytes, value, "controller in reset (GCTL.CRST = 0)");
        return;
    }
    // An access that is exactly one register (the ISR's SDnSTS acknowledge,
    // INTCTL) needs no lane arithmetic: the register takes the access's low
    // widthBytes bytes, as forEachRegister() would give it.
    const std::uint32_t laneMask = exactAccess(~0u, widthBytes);
    if (offset >= kStreamBase) {
        const unsigned i = (offset - kStreamBase) / kStreamStride;
        const std::uint32_t within = (offset - kStreamBase) % kStreamStride;
        if (const StreamSpan* r = exactStreamRegister(within, widthBytes);
            r != nullptr && i < streamCount()) {
            m_streams[i]->write(r->reg, value & laneMask, laneMask);
            updateInterrupt();
            return;
        }
    } else if (const RegisterSpan* g = exactGlobal(offset, widthBytes); g != nullptr) {
        writeGlobal(g->offset, value & laneMask, laneMask);
        updateInterrupt();
        return;
    }
    const bool decoded =
        forEachRegister(offset, widthBytes, streamCount(), [&](const Target& t, Overlap o) {
            std::uint32_t mask = 0;
            const std::uint32_t v = toRegister(value, offset, t.start, o, mask);
            if (t.global) {
                writeGlobal(t.globalOffset, v, mask);
            } else {
                m_streams[t.stream]->write(t.reg, v, mask);
            }
        });
    if (!decoded) {
        ignoredWrite(offset, widthBytes, value, "undecoded offset");
    }
    updateInterrupt();
}

void HdaController::ignoredWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value,
                                 const char* reason) {
    ++m_ignored;
    m_kernel.tracer().record(TraceRecord(TraceCategory::Register, m_config.name, "ignored write")
                                 .addHex("Offset", offset)
                                 .addUInt("Width", widthBytes)
                                 .addHex("Value", value)
                                 .addText("Reason", reason));
}

// ------------------------------------------------------------ global registers

std::uint32_t HdaController::streamMask() const {
    return streamCount() >= 32 ? ~0u : (1u << streamCount()) - 1u;
}

std::uint32_t HdaController::readGlobal(std::uint32_t offset) {
    switch (offset) {
        case GCAP:
            return encodeGcap(m_config.inputStreams, m_config.outputStreams);
        case VMIN:
            return kVmin;
        case VMAJ:
            return kVmaj;
        case OUTPAY:
            return kOutpay;
        case INPAY:
            return kInpay;
        case GCTL:
            return m_gctl;
        case INTCTL:
            return m_intctl;
        case INTSTS:
            syncAll();  // a converter may owe a FIFOE
            return interruptStatus();
        case WALCLK:
            return wallClock();
        case SSYNC:
            return m_link.ssync;
        case DPLBASE:
            return m_link.dplbase;
        case DPUBASE:
            return m_link.dpubase;
        default:
            return 0;  // WAKEEN, STATESTS: no codec wake model
    }
}

void HdaController::writeGlobal(std::uint32_t offset, std::uint32_t value, std::uint32_t mask) {
    TraceRecord r(TraceCategory::Register, m_config.name, globalWriteName(offset));
    const char* name = globalRegisterName(offset);
    r.addText("Register", name != nullptr ? name : "?");
    Tracer& tracer = m_kernel.tracer();
    const auto merged = [&](std::uint32_t old, std::uint32_t writable) {
        return (old & ~(mask & writable)) | (value & mask & writable);
    };
    switch (offset) {
        case GCTL:
            tracer.record(r.addHex("Value", value).addBool("CRST", (value & GCTL_CRST) != 0));
            writeGctl(merged(m_gctl, kGctlWritable));
            return;
        case INTCTL: {
            m_intctl = merged(m_intctl, INTCTL_GIE | INTCTL_CIE | streamMask());
            tracer.record(r.addHex("Value", m_intctl)
                              .addBool("GIE", (m_intctl & INTCTL_GIE) != 0)
                              .addBool("CIE", (m_intctl & INTCTL_CIE) != 0)
                              .addHex("SIE", m_intctl & streamMask()));
            return;
        }
        case SSYNC: {
            const std::uint32_t old = m_link.ssync;
            m_link.ssync = merged(old, streamMask());
            tracer.record(r.addHex("Value", m_link.ssync));
            for (unsigned i = 0; i < streamCount(); ++i) {
                if (((old ^ m_link.ssync) & streamBit(i)) != 0) {
                    m_streams[i]->linkConditionChanged();
                }
            }
            return;
        }
        case DPLBASE:
        case DPUBASE: {
            const bool anyRunning = std::any_of(m_streams.begin(), m_streams.end(),
                                                [](const auto& s) { return s->running(); });
            std::uint32_t& reg = offset == DPLBASE ? m_link.dplbase : m_link.dpubase;
            reg = merged(reg, offset == DPLBASE ? kDplbaseWritable : ~0u);
            r.addHex("Value", value).addHex("Stored", reg);
            if (offset == DPLBASE) {
                r.addBool("Enable", (reg & DPLBASE_ENABLE) != 0);
            }
            if (anyRunning) {
                r.addText("Note", "written while a stream runs (HARDWARE.md 2.4: do not)");
            }
            tracer.record(r);
            return;
        }
        default:
            tracer.record(r.addHex("Value", value).addText("Ignored", "read-only"));
            return;
    }
}

void HdaController::writeGctl(std::uint32_t value) {
    const bool wasRunning = m_link.controllerRunning;
    m_gctl = value;
    const bool nowRunning = (value & GCTL_CRST) != 0;
    if (wasRunning && !nowRunning) {
        resetController();
    } else if (!wasRunning && nowRunning) {
        m_link.controllerRunning = true;
        m_wallClockOriginNs = m_kernel.scheduler().now();
        m_kernel.tracer().record(
            TraceRecord(TraceCategory::Dma, m_config.name, "controller reset left")
                .addInt("WallClockOriginNs", m_wallClockOriginNs));
    }
}

void HdaController::resetController() {
    for (auto& s : m_streams) {
        s->sync();
    }
    m_link.controllerRunning = false;
    m_link.ssync = 0;
    m_link.dplbase = 0;
    m_link.dpubase = 0;
    m_intctl = 0;
    for (auto& s : m_streams) {
        s->controllerReset();
    }
    m_kernel.tracer().record(TraceRecord(TraceCategory::Dma, m_config.name, "controller reset"));
}

// ------------------------------------------------------------ interrupts, clock

std::uint32_t HdaController::interruptStatus() const {
    if (!m_link.controllerRunning) {
        return 0;
    }
    return m_sisMask | (m_sisMask != 0 ? INTSTS_GIS : 0u);
}

bool HdaController::interruptAsserted() const {
    return m_line.asserted();
}

void HdaController::updateInterrupt() {
    m_line.setAsserted(m_link.controllerRunning && (m_intctl & INTCTL_GIE) != 0 &&
                       (m_sisMask & m_intctl & streamMask()) != 0);
}

std::uint32_t HdaController::wallClock() const {
    if (!m_link.controllerRunning) {
        return 0;
    }
    return wallClockTicks(m_kernel.scheduler().now() - m_wallClockOriginNs);
}

void HdaController::syncAll() {
    for (auto& s : m_streams) {
        s->sync();
    }
    updateInterrupt();
}

// ------------------------------------------------------------ streams

HdaStream& HdaController::stream(unsigned index) {
    if (index >= m_streams.size()) {
        throw std::out_of_range("HdaController: no such stream descriptor");
    }
    return *m_streams[index];
}

const HdaStream& HdaController::stream(unsigned index) const {
    if (index >= m_streams.size()) {
        throw std::out_of_range("HdaController: no such stream descriptor");
    }
    return *m_streams[index];
}

unsigned HdaController::streamIndexOfInput(unsigned k) const {
    if (k >= m_config.inputStreams) {
        throw std::out_of_range("HdaController: no such input stream");
    }
    return inputDescriptorIndex(k);
}

unsigned HdaController::streamIndexOfOutput(unsigned k) const {
    if (k >= m_config.outputStreams) {
        throw std::out_of_range("HdaController: no such output stream");
    }
    return outputDescriptorIndex(m_config.inputStreams, k);
}

void HdaController::setSink(unsigned index, PcmSink* sink) {
    HdaStream& s = stream(index);
    s.sync();  // frames already due go to the old sink
    s.setSink(sink);
    updateInterrupt();  // the sync may have raised FIFOE
}

void HdaController::setSource(unsigned index, PcmSource* source) {
    HdaStream& s = stream(index);
    s.sync();
    s.setSource(source);
    updateInterrupt();  // the sync may have raised FIFOE
}

void HdaController::setTraceStream(unsigned index, std::uint16_t streamId) {
    stream(index).setTraceStream(streamId);
}

void HdaController::injectDescriptorFault(unsigned index) {
    stream(index).armDescriptorFault();
}

HdaStreamState HdaController::state(unsigned index) const {
    return stream(index).state();
}

std::vector<HdaBdlView> HdaController::bdl(unsigned index) const {
    return stream(index).bdl();
}

}  // namespace ps::hda
