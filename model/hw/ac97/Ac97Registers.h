// Register map of the AC'97-style bus master (the native audio bus master,
// NABM, I/O space of the Intel ICH family) as PortScope models it.
//
// Source: Intel ICH5 AC'97 Programmer's Reference Manual (buffer descriptor
// list, Table 6) and the ICH2..ICH7 datasheets' NABM register tables; see
// ../shared/reference/HARDWARE.md §1. Offsets, widths and bits below are the
// hardware's except where marked "PortScope extension".
//
// PortScope extensions (documented emulator decisions):
// - PS_FMT (per engine): channel count and sample size of the stream. A real
//   ICH selects 2/4/6 channels with GLOB_CNT PCM4/PCM6 and 16/20-bit samples
//   with the PCM out mode bits; PortScope needs 1..8 channels and 8/16/24/32-bit
//   containers, so the codec's converters take the frame layout from here.
//   The descriptor length and PICB count "samples" of PS_FMT's length unit:
//   2 bytes after reset (the AC'97 meaning: 16-bit samples), or 1 or 4 bytes.
// - PS_RATE (per engine): the converter's sample rate in Hz (48000 after
//   reset). A real codec takes 8..48 kHz through its mixer registers 0x2C/0x32.
// - PS_PCNT (per engine, read-only): frames the converter has clocked (played
//   or recorded) since the engine's last reset, modulo 2^32. An ICH exposes
//   only the DMA position (CIV/PICB), which runs ahead of the DAC by the FIFO;
//   PortScope's careful miniport reads this to report the position of the
//   sample at the DAC exactly, and a bug switch shows the PICB-based estimate
//   the AC97 sample uses instead.
#pragma once

#include <cstdint>

namespace ps::ac97 {

// ------------------------------------------------------------ NABM layout
constexpr std::uint32_t kNabmLength = 0x70;  // bytes of I/O space decoded

// Engine register blocks.
enum class Engine : std::uint8_t { PcmIn = 0, PcmOut = 1, MicIn = 2 };
constexpr int kEngineCount = 3;
constexpr std::uint32_t engineBase(Engine e) {
    return 0x10u * static_cast<std::uint32_t>(e);
}
const char* engineName(Engine e);  // "PI", "PO", "MC"

// Offsets within an engine block.
enum EngineRegister : std::uint32_t {
    BDBAR = 0x00,  // 32: buffer descriptor list base, physical; bits 2:0 read as 0
    CIV = 0x04,    // 8: current index value, 0..31 (read-only)
    LVI = 0x05,    // 8: last valid index, 0..31 (software writes; modulo 32)
    SR = 0x06,     // 16: status; reset value DCH
    PICB = 0x08,   // 16: samples left in the current buffer (read-only)
    PIV = 0x0A,    // 8: prefetched index value (read-only)
    CR = 0x0B,     // 8: control
};

// Global registers.
enum GlobalRegister : std::uint32_t {
    GLOB_CNT = 0x2C,      // 32
    GLOB_STA = 0x30,      // 32
    CAS = 0x34,           // 8: codec access semaphore
    PS_FMT_BASE = 0x40,   // PortScope extension: 32 per engine at 0x40 + 4 * engine
    PS_RATE_BASE = 0x50,  // PortScope extension: 32 per engine at 0x50 + 4 * engine
    PS_PCNT_BASE = 0x60,  // PortScope extension: 32 per engine at 0x60 + 4 * engine (RO)
};
constexpr std::uint32_t psFmtOffset(Engine e) {
    return PS_FMT_BASE + 4u * static_cast<std::uint32_t>(e);
}
constexpr std::uint32_t psRateOffset(Engine e) {
    return PS_RATE_BASE + 4u * static_cast<std::uint32_t>(e);
}
constexpr std::uint32_t psPcntOffset(Engine e) {
    return PS_PCNT_BASE + 4u * static_cast<std::uint32_t>(e);
}

// SR bits.
enum StatusBits : std::uint16_t {
    SR_DCH = 0x01,    // DMA controller halted (read-only)
    SR_CELV = 0x02,   // current equals last valid (read-only)
    SR_LVBCI = 0x04,  // last valid buffer completion interrupt (write 1 to clear)
    SR_BCIS = 0x08,   // buffer completion interrupt status (write 1 to clear)
    SR_FIFOE = 0x10,  // FIFO error (write 1 to clear)
};
constexpr std::uint16_t kSrWriteOneToClear = SR_LVBCI | SR_BCIS | SR_FIFOE;

// CR bits.
enum ControlBits : std::uint8_t {
    CR_RPBM = 0x01,   // run/pause bus master
    CR_RR = 0x02,     // reset registers (self-clearing)
    CR_LVBIE = 0x04,  // last valid buffer interrupt enable
    CR_FEIE = 0x08,   // FIFO error interrupt enable
    CR_IOCE = 0x10,   // interrupt on completion enable
};

// GLOB_STA engine interrupt bits (mirror each engine's pending interrupt).
enum GlobalStatusBits : std::uint32_t {
    GLOB_STA_PIINT = 0x20,
    GLOB_STA_POINT = 0x40,
    GLOB_STA_MINT = 0x80,
};
constexpr std::uint32_t globStaBit(Engine e) {
    return e == Engine::PcmIn    ? GLOB_STA_PIINT
           : e == Engine::PcmOut ? GLOB_STA_POINT
                                 : GLOB_STA_MINT;
}

// ------------------------------------------------------------ descriptors
constexpr int kBdlEntries = 32;
constexpr std::uint32_t kBdlEntryBytes = 8;
constexpr std::uint32_t kBdlBytes = kBdlEntries * kBdlEntryBytes;

// Dword 1 of a descriptor: bit 31 IOC, bit 30 BUP, bits 15:0 length in samples.
constexpr std::uint32_t BDL_IOC = 0x80000000u;
constexpr std::uint32_t BDL_BUP = 0x40000000u;
constexpr std::uint32_t kBdlMaxSamples = 0xFFFF;

struct BufferDescriptor {
    std::uint32_t address = 0;  // dword 0: buffer pointer, aligned to the length unit
    std::uint16_t samples = 0;  // length in samples of PS_FMT's length unit; 0 = none
    bool ioc = false;           // interrupt on completion
    bool bup = false;           // buffer underrun policy: 0 repeat last sample, 1 zeros
};

constexpr std::uint32_t encodeControl(const BufferDescriptor& d) {
    return (d.ioc ? BDL_IOC : 0u) | (d.bup ? BDL_BUP : 0u) | d.samples;
}
// The buffer pointer is aligned to the length unit: an ICH ignores bit 0
// (16-bit samples, word aligned); PortScope ignores bits 1:0 for a 4-byte unit
// and nothing for a 1-byte unit (so 8- and 24-bit streams may start anywhere).
constexpr BufferDescriptor decodeDescriptor(std::uint32_t dword0, std::uint32_t dword1,
                                            std::uint32_t lengthUnitBytes = 2) {
    const std::uint32_t alignMask = lengthUnitBytes == 1 ? ~0u : lengthUnitBytes == 4 ? ~3u : ~1u;
    return BufferDescriptor{dword0 & alignMask, static_cast<std::uint16_t>(dword1 & 0xFFFFu),
                            (dword1 & BDL_IOC) != 0, (dword1 & BDL_BUP) != 0};
}

// ------------------------------------------------------------ PS_FMT (extension)
// bits 3:0 channels (1..8), bits 6:4 bytes per sample (1..4),
// bits 9:8 length unit: 0 = 2 bytes (reset), 1 = 1 byte, 2 = 4 bytes.
struct PcmFormatRegister {
    std::uint32_t channels = 2;
    std::uint32_t bytesPerSample = 2;
    std::uint32_t lengthUnitBytes = 2;
};
constexpr std::uint32_t encodePsFmt(const PcmFormatRegister& f) {
    const std::uint32_t unit = f.lengthUnitBytes == 1 ? 1u : f.lengthUnitBytes == 4 ? 2u : 0u;
    return (f.channels & 0xFu) | ((f.bytesPerSample & 0x7u) << 4) | (unit << 8);
}
constexpr PcmFormatRegister decodePsFmt(std::uint32_t v) {
    const std::uint32_t unit = (v >> 8) & 0x3u;
    return PcmFormatRegister{v & 0xFu, (v >> 4) & 0x7u, unit == 1 ? 1u : unit == 2 ? 4u : 2u};
}
constexpr std::uint32_t kPsFmtReset = 0x22;  // 2 channels, 2 bytes, unit 2 bytes
constexpr std::uint32_t kPsRateReset = 48000;

}  // namespace ps::ac97
