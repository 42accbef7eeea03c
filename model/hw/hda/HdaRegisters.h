// Register map of the HD Audio-style controller (an Intel High Definition
// Audio controller's memory-mapped HDBAR space) as PortScope models it.
//
// Source: ../shared/reference/HARDWARE.md §2 (ICH6/ICH7/Atom E6xx datasheets,
// AMD SB600 RRG, Microsoft's HD Audio DDI pages) and the register set chosen
// in §8.1. Offsets, widths and bits below are the hardware's except where
// marked "PortScope extension". Codec-side registers (CORB/RIRB, immediate
// command interface, WAKEEN/STATESTS) read as 0 and ignore writes: PortScope's
// codec has no verbs; its converters take their format from SDnFMT.
//
// Access model: registers are memory-mapped (Kernel::mmioSpace(), the
// READ_REGISTER_* / WRITE_REGISTER_* spellings). Any 1-, 2- or 4-byte access
// inside a register is decoded byte by byte (an access reads or writes each
// byte lane it covers), so a 32-bit read at SDnCTL returns CTL in bits 23:0
// and STS in bits 31:24, as on hardware, and a byte write to SDnSTS clears
// its W1C bits without touching CTL.
//
// PortScope extension (documented emulator decision):
// - SDnFMT bit 7 (reserved on hardware) = PACKED24: with BITS = 24, each
//   sample occupies a 3-byte container instead of the 4-byte container real
//   HDA always uses for 20/24-bit samples; PortScope streams may use 3-byte
//   containers (WAVEFORMATEX wBitsPerSample 24). Setting it with any other
//   BITS value makes the format invalid.
#pragma once

#include <array>
#include <cstdint>

namespace ps::hda {

// ------------------------------------------------------------ MMIO window
// [0, 0x2000): the register set; [0x2000, 0x4000): the alias page in which
// only each stream's SDnLPIB alias (0x2000 + SDnLPIB offset) decodes; every
// other alias address reads 0 and ignores writes.
constexpr std::uint32_t kRegisterSetBytes = 0x2000;
constexpr std::uint32_t kAliasOffset = 0x2000;
constexpr std::uint32_t kMmioLength = 0x4000;

// ------------------------------------------------------------ globals (§2.1)
enum GlobalRegister : std::uint32_t {
    GCAP = 0x00,      // 16, RO: 64OK 0, NSDO 2:1, BSS 7:3, ISS 11:8, OSS 15:12
    VMIN = 0x02,      // 8, RO: 0x00
    VMAJ = 0x03,      // 8, RO: 0x01 (HD Audio 1.0)
    OUTPAY = 0x04,    // 16, RO: output payload capability, 0x003C
    INPAY = 0x06,     // 16, RO: input payload capability, 0x001D
    GCTL = 0x08,      // 32: CRST 0, FCNTRL 1, UNSOL 8
    WAKEEN = 0x0C,    // 16: reads 0 (no codec wake model)
    STATESTS = 0x0E,  // 16: reads 0
    INTCTL = 0x20,    // 32: GIE 31, CIE 30, SIE bit n per stream descriptor n
    INTSTS = 0x24,    // 32, RO: GIS 31, CIS 30, SIS bit n per stream descriptor n
    WALCLK = 0x30,    // 32, RO: 24 MHz wall clock (§2.2)
    SSYNC = 0x38,     // 32: bit n blocks stream descriptor n's link data (§2.3)
    DPLBASE = 0x70,   // 32: DMA position buffer base low; bit 0 enable, 31:7 address
    DPUBASE = 0x74,   // 32: DMA position buffer base high
};

// GCAP fields.
constexpr std::uint16_t GCAP_64OK = 0x0001;
constexpr std::uint16_t encodeGcap(unsigned inputStreams, unsigned outputStreams,
                                   unsigned bidirectionalStreams = 0, bool ok64 = true) {
    return static_cast<std::uint16_t>(
        (ok64 ? GCAP_64OK : 0u) | ((bidirectionalStreams & 0x1Fu) << 3) |
        ((inputStreams & 0xFu) << 8) | ((outputStreams & 0xFu) << 12));
}
constexpr unsigned gcapInputStreams(std::uint16_t gcap) {
    return (gcap >> 8) & 0xFu;
}
constexpr unsigned gcapOutputStreams(std::uint16_t gcap) {
    return (gcap >> 12) & 0xFu;
}
constexpr unsigned gcapBidirectionalStreams(std::uint16_t gcap) {
    return (gcap >> 3) & 0x1Fu;
}
constexpr std::uint8_t kVmin = 0x00;
constexpr std::uint8_t kVmaj = 0x01;
constexpr std::uint16_t kOutpay = 0x003C;
constexpr std::uint16_t kInpay = 0x001D;

// GCTL bits. CRST 0 = controller in reset (every register but GCTL reads its
// reset value and ignores writes); 0 -> 1 leaves reset and restarts WALCLK.
constexpr std::uint32_t GCTL_CRST = 1u << 0;
constexpr std::uint32_t GCTL_FCNTRL = 1u << 1;
constexpr std::uint32_t GCTL_UNSOL = 1u << 8;
constexpr std::uint32_t kGctlWritable = GCTL_CRST | GCTL_FCNTRL | GCTL_UNSOL;

// INTCTL / INTSTS bits. Bit n of SIE/SIS belongs to stream descriptor n
// (inputs first, then outputs), n < kMaxStreams.
constexpr std::uint32_t INTCTL_GIE = 1u << 31;
constexpr std::uint32_t INTCTL_CIE = 1u << 30;
constexpr std::uint32_t INTSTS_GIS = 1u << 31;
constexpr std::uint32_t INTSTS_CIS = 1u << 30;
constexpr unsigned kMaxStreams = 30;  // SIE/SIS/SSYNC bits 29:0
constexpr std::uint32_t streamBit(unsigned descriptorIndex) {
    return 1u << descriptorIndex;
}

// DPLBASE bits (§2.4): 128-byte aligned base, enable in bit 0, bits 6:1 read 0.
constexpr std::uint32_t DPLBASE_ENABLE = 1u << 0;
constexpr std::uint32_t kDplbaseAddressMask = 0xFFFFFF80u;
constexpr std::uint32_t kDplbaseWritable = kDplbaseAddressMask | DPLBASE_ENABLE;

// WALCLK (§2.2): 24 MHz, 32 bits, wraps after 2^32 ticks (178.96 s). Ticks
// since the controller left reset = floor(elapsedNs * 24 / 1000) mod 2^32,
// computed exactly (no intermediate overflow for any elapsedNs >= 0).
constexpr std::uint64_t kWallClockHz = 24'000'000;
constexpr std::uint32_t wallClockTicks(std::int64_t elapsedNs) {
    if (elapsedNs <= 0)
        return 0;
    const auto ns = static_cast<std::uint64_t>(elapsedNs);
    return static_cast<std::uint32_t>((ns / 1000u) * 24u + ((ns % 1000u) * 24u) / 1000u);
}

// ------------------------------------------------------------ stream descriptors (§2.5)
constexpr std::uint32_t kStreamBase = 0x80;
constexpr std::uint32_t kStreamStride = 0x20;
// Descriptor index n: 0 .. inputs-1 are inputs (SDI), then outputs (SDO).
constexpr std::uint32_t streamOffset(unsigned descriptorIndex) {
    return kStreamBase + kStreamStride * descriptorIndex;
}
constexpr unsigned outputDescriptorIndex(unsigned inputStreams, unsigned outputK) {
    return inputStreams + outputK;
}
constexpr unsigned inputDescriptorIndex(unsigned inputK) {
    return inputK;
}

// Offsets within a stream descriptor block.
enum StreamRegister : std::uint32_t {
    SD_CTL = 0x00,    // 24 (3 bytes)
    SD_STS = 0x03,    // 8
    SD_LPIB = 0x04,   // 32, RO: link position in buffer (bytes, 0..CBL-1)
    SD_CBL = 0x08,    // 32: cyclic buffer length in bytes
    SD_LVI = 0x0C,    // 16 (7:0 valid): last valid BDL index
    SD_FIFOW = 0x0E,  // 16 (2:0 valid): FIFO watermark
    SD_FIFOS = 0x10,  // 16 (7:0 valid): FIFO size - 1
    SD_FMT = 0x12,    // 16: stream format
    SD_BDPL = 0x18,   // 32: BDL base low, 128-byte aligned (bits 6:0 read 0)
    SD_BDPU = 0x1C,   // 32: BDL base high
};
constexpr std::uint32_t lpibAliasOffset(unsigned descriptorIndex) {
    return kAliasOffset + streamOffset(descriptorIndex) + SD_LPIB;
}

// SDnCTL bits (24 bits). ICH6 §18.2.33: RUN must be 0 before SRST is set;
// PortScope drops the SRST bit of a write made while RUN reads 1 (traced).
// A write that sets SRST while RUN reads 0 resets the stream and nothing
// else of it applies; SRST then reads 1 until software writes it 0.
constexpr std::uint32_t SDCTL_SRST = 1u << 0;
constexpr std::uint32_t SDCTL_RUN = 1u << 1;
constexpr std::uint32_t SDCTL_IOCE = 1u << 2;
constexpr std::uint32_t SDCTL_FEIE = 1u << 3;
constexpr std::uint32_t SDCTL_DEIE = 1u << 4;
constexpr std::uint32_t SDCTL_STRIPE_MASK = 3u << 16;  // stored, no effect (one SDO line)
constexpr std::uint32_t SDCTL_TP = 1u << 18;           // traffic priority: stored, no effect
constexpr std::uint32_t SDCTL_DIR = 1u << 19;          // bidirectional only: reads 0 here
constexpr unsigned kSdctlStreamTagShift = 20;
constexpr std::uint32_t SDCTL_STRM_MASK = 0xFu << kSdctlStreamTagShift;
constexpr std::uint32_t kSdctlWritable = SDCTL_SRST | SDCTL_RUN | SDCTL_IOCE | SDCTL_FEIE |
                                         SDCTL_DEIE | SDCTL_STRIPE_MASK | SDCTL_TP |
                                         SDCTL_STRM_MASK;
constexpr std::uint32_t kSdctlInterruptEnables = SDCTL_IOCE | SDCTL_FEIE | SDCTL_DEIE;
constexpr unsigned streamTag(std::uint32_t sdctl) {
    return (sdctl >> kSdctlStreamTagShift) & 0xFu;
}
constexpr std::uint32_t withStreamTag(std::uint32_t sdctl, unsigned tag) {
    return (sdctl & ~SDCTL_STRM_MASK) | ((tag & 0xFu) << kSdctlStreamTagShift);
}

// SDnSTS bits (§2.6).
constexpr std::uint8_t SDSTS_BCIS = 1u << 2;     // W1C
constexpr std::uint8_t SDSTS_FIFOE = 1u << 3;    // W1C
constexpr std::uint8_t SDSTS_DESE = 1u << 4;     // W1C
constexpr std::uint8_t SDSTS_FIFORDY = 1u << 5;  // RO
constexpr std::uint8_t kSdstsWriteOneToClear = SDSTS_BCIS | SDSTS_FIFOE | SDSTS_DESE;

// SDnLVI: LVI + 1 entries, 2..256 (§2.5).
constexpr std::uint16_t kLviMask = 0x00FF;
constexpr unsigned kMinBdlEntries = 2;
constexpr unsigned kMaxBdlEntries = 256;

// SDnFIFOW (§2.5): 2:0 = 010 8 B, 011 16 B, 100 32 B (reset); any other
// written value reverts to the reset value.
constexpr std::uint16_t FIFOW_8B = 0x2;
constexpr std::uint16_t FIFOW_16B = 0x3;
constexpr std::uint16_t FIFOW_32B = 0x4;
constexpr std::uint16_t kFifowReset = FIFOW_32B;
constexpr std::uint16_t normalizeFifow(std::uint16_t written) {
    const std::uint16_t v = written & 0x7u;
    return (v == FIFOW_8B || v == FIFOW_16B || v == FIFOW_32B) ? v : kFifowReset;
}
constexpr std::uint32_t fifowBytes(std::uint16_t fifow) {
    const std::uint16_t v = normalizeFifow(fifow);
    return v == FIFOW_8B ? 8u : v == FIFOW_16B ? 16u : 32u;
}

// SDnFIFOS (§2.8): bytes - 1. Output FIFOS is writable with RUN = 0 and
// accepts only the datasheet encodings below (others are ignored, traced);
// input FIFOS is read-only. Reset values come from HdaConfig (192 / 120 B).
constexpr std::uint16_t encodeFifos(std::uint32_t bytes) {
    return static_cast<std::uint16_t>((bytes - 1u) & 0xFFu);
}
constexpr std::uint32_t fifosBytes(std::uint16_t fifos) {
    return (fifos & 0xFFu) + 1u;
}
constexpr bool isValidOutputFifos(std::uint16_t v) {
    return v == 0x0F || v == 0x1F || v == 0x3F || v == 0x7F || v == 0xBF || v == 0xFF;
}
constexpr std::uint16_t kOutputFifosReset = 0xBF;  // 192 B
constexpr std::uint16_t kInputFifosReset = 0x77;   // 120 B

// ------------------------------------------------------------ SDnFMT
// bit 15 TYPE (1 = non-PCM), bit 14 BASE (0 = 48 kHz, 1 = 44.1 kHz),
// bits 13:11 MULT (0 x1, 1 x2, 2 x3, 3 x4; 4..7 reserved), bits 10:8 DIV
// (divisor - 1), bit 7 PACKED24 (PortScope extension, see above), bits 6:4
// BITS (0 8, 1 16, 2 20, 3 24, 4 32; 5..7 reserved), bits 3:0 CHAN
// (channels - 1, 1..16 channels).
constexpr std::uint16_t FMT_TYPE_NONPCM = 1u << 15;
constexpr std::uint16_t FMT_BASE_44K1 = 1u << 14;
constexpr std::uint16_t FMT_PACKED24 = 1u << 7;
constexpr std::uint16_t kFmtWritable = 0xFFFF;

struct StreamFormat {
    bool nonPcm = false;
    bool base44k1 = false;        // false: 48 kHz base
    unsigned multiplier = 1;      // 1..4
    unsigned divisor = 1;         // 1..8
    unsigned bitsPerSample = 16;  // 8, 16, 20, 24, 32
    unsigned channels = 2;        // 1..16
    bool packed24 = false;        // PortScope extension: 3-byte containers for 24-bit
};

// Encodes a format; fields out of range are truncated to their bit widths
// (an unencodable bitsPerSample encodes as the reserved code 7).
constexpr std::uint16_t encodeFormat(const StreamFormat& f) {
    const unsigned bits = f.bitsPerSample == 8    ? 0u
                          : f.bitsPerSample == 16 ? 1u
                          : f.bitsPerSample == 20 ? 2u
                          : f.bitsPerSample == 24 ? 3u
                          : f.bitsPerSample == 32 ? 4u
                                                  : 7u;
    return static_cast<std::uint16_t>(
        (f.nonPcm ? FMT_TYPE_NONPCM : 0u) | (f.base44k1 ? FMT_BASE_44K1 : 0u) |
        (((f.multiplier - 1u) & 0x7u) << 11) | (((f.divisor - 1u) & 0x7u) << 8) |
        (f.packed24 ? FMT_PACKED24 : 0u) | (bits << 4) | ((f.channels - 1u) & 0xFu));
}

// Decodes the fields; reserved codes decode as multiplier 5..8 or
// bitsPerSample 0 and are rejected by isValidFormat().
constexpr StreamFormat decodeFormat(std::uint16_t v) {
    const unsigned bitsCode = (v >> 4) & 0x7u;
    const unsigned bits = bitsCode == 0   ? 8u
                          : bitsCode == 1 ? 16u
                          : bitsCode == 2 ? 20u
                          : bitsCode == 3 ? 24u
                          : bitsCode == 4 ? 32u
                                          : 0u;
    return StreamFormat{(v & FMT_TYPE_NONPCM) != 0,
                        (v & FMT_BASE_44K1) != 0,
                        ((v >> 11) & 0x7u) + 1u,
                        ((v >> 8) & 0x7u) + 1u,
                        bits,
                        (v & 0xFu) + 1u,
                        (v & FMT_PACKED24) != 0};
}

// Bytes per sample container: 1 (8-bit), 2 (16-bit), 4 (20/24/32-bit), or 3
// for 24-bit with PACKED24. 0 for an invalid format.
constexpr unsigned containerBytes(const StreamFormat& f) {
    if (f.bitsPerSample == 8)
        return f.packed24 ? 0u : 1u;
    if (f.bitsPerSample == 16)
        return f.packed24 ? 0u : 2u;
    if (f.bitsPerSample == 24)
        return f.packed24 ? 3u : 4u;
    if (f.bitsPerSample == 20 || f.bitsPerSample == 32)
        return f.packed24 ? 0u : 4u;
    return 0u;
}
constexpr unsigned bytesPerFrame(const StreamFormat& f) {
    return containerBytes(f) * f.channels;
}

// Sample rate = base * multiplier / divisor. The model runs integer rates only
// (every rate of the HD Audio rate table is one: 8000 = 48000/6, 11025 =
// 44100/4, ..., 192000 = 48000*4); rateHz() returns 0 for a non-integer rate.
constexpr std::uint32_t baseRateHz(const StreamFormat& f) {
    return f.base44k1 ? 44100u : 48000u;
}
constexpr std::uint32_t rateHz(const StreamFormat& f) {
    if (f.multiplier < 1 || f.multiplier > 4 || f.divisor < 1 || f.divisor > 8)
        return 0;
    const std::uint32_t scaled = baseRateHz(f) * f.multiplier;
    return scaled % f.divisor == 0 ? scaled / f.divisor : 0u;
}
// A format the converters can run: PCM, MULT 1..4, an integer rate, a known
// BITS code, PACKED24 only with 24 bits. (TYPE = non-PCM is refused: the
// model's sinks take PCM frames.)
constexpr bool isValidFormat(const StreamFormat& f) {
    return !f.nonPcm && rateHz(f) != 0 && containerBytes(f) != 0 && f.channels >= 1 &&
           f.channels <= 16;
}
// Finds the FMT encoding of a rate in Hz (base 48 kHz preferred), or false.
bool formatForRate(std::uint32_t rateHz, StreamFormat& inOut);

// ------------------------------------------------------------ BDL (§2.7)
constexpr std::uint32_t kBdlEntryBytes = 16;
constexpr std::uint32_t kBdlAlignmentBytes = 128;  // SDnBDPL bits 6:0 read 0
constexpr std::uint32_t kBdplAddressMask = 0xFFFFFF80u;
constexpr std::uint32_t BDLE_IOC = 1u << 0;  // dword 3

struct BdlEntry {
    std::uint64_t address = 0;      // dwords 0-1: physical address of the fragment
    std::uint32_t lengthBytes = 0;  // dword 2: fragment length in bytes
    bool ioc = false;               // dword 3 bit 0: interrupt on completion
};

// Little-endian, 16 bytes: address (8), length (4), flags (4).
constexpr std::array<std::uint8_t, kBdlEntryBytes> encodeBdlEntry(const BdlEntry& e) {
    std::array<std::uint8_t, kBdlEntryBytes> b{};
    for (unsigned i = 0; i < 8; ++i)
        b[i] = static_cast<std::uint8_t>(e.address >> (8 * i));
    for (unsigned i = 0; i < 4; ++i)
        b[8 + i] = static_cast<std::uint8_t>(e.lengthBytes >> (8 * i));
    b[12] = e.ioc ? 1u : 0u;
    return b;
}
constexpr BdlEntry decodeBdlEntry(const std::uint8_t* b) {
    BdlEntry e;
    for (unsigned i = 0; i < 8; ++i)
        e.address |= static_cast<std::uint64_t>(b[i]) << (8 * i);
    for (unsigned i = 0; i < 4; ++i)
        e.lengthBytes |= static_cast<std::uint32_t>(b[8 + i]) << (8 * i);
    e.ioc = (b[12] & BDLE_IOC) != 0;
    return e;
}

// ------------------------------------------------------------ DMA position buffer (§2.4)
// Slot of stream descriptor n at DPLBASE address + 8 * n: LPIB as a 32-bit
// little-endian value, then 4 reserved bytes (not written).
constexpr std::uint32_t kPositionSlotBytes = 8;
constexpr std::uint64_t positionSlotOffset(unsigned descriptorIndex) {
    return static_cast<std::uint64_t>(kPositionSlotBytes) * descriptorIndex;
}

// Short register names for trace records ("SDCTL", "INTCTL", ...); nullptr
// for an undecoded offset. Offsets are within the register set.
const char* globalRegisterName(std::uint32_t offset);
const char* streamRegisterName(std::uint32_t offsetInStream);

}  // namespace ps::hda
