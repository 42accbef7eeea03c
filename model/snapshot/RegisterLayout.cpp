#include "model/snapshot/RegisterLayout.h"

#include "model/hw/hda/HdaRegisters.h"

#include <cstdio>
#include <cstring>
#include <iterator>

namespace ps {
namespace {

// ---- AC'97 bus master (Ac97Registers.h; ICH datasheets' NABM tables)
constexpr RegisterField kBdbar[] = {{"BASE", 3, 29, "physical address of the 32-entry list"}};
constexpr RegisterField kIndex[] = {{"INDEX", 0, 5, "descriptor slot 0..31"}};
constexpr RegisterField kSr[] = {
    {"DCH", 0, 1, "DMA controller halted"},
    {"CELV", 1, 1, "current equals last valid"},
    {"LVBCI", 2, 1, "last valid buffer completion interrupt (write 1 to clear)"},
    {"BCIS", 3, 1, "buffer completion interrupt status (write 1 to clear)"},
    {"FIFOE", 4, 1, "FIFO error (write 1 to clear)"},
};
constexpr RegisterField kPicb[] = {{"PICB", 0, 16, "samples left in the current buffer"}};
constexpr RegisterField kCr[] = {
    {"RPBM", 0, 1, "run/pause bus master"},
    {"RR", 1, 1, "reset registers (self-clearing)"},
    {"LVBIE", 2, 1, "last valid buffer interrupt enable"},
    {"FEIE", 3, 1, "FIFO error interrupt enable"},
    {"IOCE", 4, 1, "interrupt on completion enable"},
};
constexpr RegisterField kPsFmt[] = {
    {"CHANNELS", 0, 4, "channels, 1..8"},
    {"BYTES", 4, 3, "bytes per sample, 1..4"},
    {"UNIT", 8, 2, "length unit: 0 = 2 bytes, 1 = 1 byte, 2 = 4 bytes"},
};
constexpr RegisterField kPsRate[] = {{"RATE", 0, 32, "converter rate in Hz"}};
constexpr RegisterField kPsPcnt[] = {{"FRAMES", 0, 32, "frames clocked since reset, mod 2^32"}};
constexpr RegisterField kGlobCnt[] = {
    {"GIE", 0, 1, "GPI interrupt enable"},
    {"COLD#", 1, 1, "AC'97 cold reset released"},
    {"WARM", 2, 1, "AC'97 warm reset"},
    {"ACLSO", 3, 1, "AC-link shut off"},
    {"PCM46", 20, 2, "PCM out channels: 0 = 2, 1 = 4, 2 = 6"},
    {"PCMOM", 22, 2, "PCM out mode: 0 = 16 bit, 1 = 20 bit"},
};
constexpr RegisterField kGlobSta[] = {
    {"PIINT", 5, 1, "PCM In engine interrupt"},
    {"POINT", 6, 1, "PCM Out engine interrupt"},
    {"MINT", 7, 1, "Mic In engine interrupt"},
    {"PCR", 8, 1, "primary codec ready"},
};
constexpr RegisterField kCas[] = {{"CAS", 0, 1, "codec access semaphore (always 0 here)"}};

// ---- HD Audio (HdaRegisters.h)
constexpr RegisterField kGcap[] = {
    {"64OK", 0, 1, "64-bit addresses supported"},      {"NSDO", 1, 2, "serial data out signals"},
    {"BSS", 3, 5, "bidirectional stream descriptors"}, {"ISS", 8, 4, "input stream descriptors"},
    {"OSS", 12, 4, "output stream descriptors"},
};
constexpr RegisterField kVersion[] = {{"VERSION", 0, 8, "specification version number"}};
constexpr RegisterField kPayload[] = {{"PAYLOAD", 0, 16, "words per frame the link carries"}};
constexpr RegisterField kGctl[] = {
    {"CRST", 0, 1, "controller out of reset"},
    {"FCNTRL", 1, 1, "flush control"},
    {"UNSOL", 8, 1, "accept unsolicited responses"},
};
constexpr RegisterField kWake[] = {{"SDIN", 0, 15, "codec wake bits (no codec wake model)"}};
constexpr RegisterField kIntctl[] = {
    {"SIE", 0, 30, "stream interrupt enable, bit n for descriptor n"},
    {"CIE", 30, 1, "controller interrupt enable"},
    {"GIE", 31, 1, "global interrupt enable"},
};
constexpr RegisterField kIntsts[] = {
    {"SIS", 0, 30, "stream interrupt status, bit n for descriptor n"},
    {"CIS", 30, 1, "controller interrupt status"},
    {"GIS", 31, 1, "global interrupt status"},
};
constexpr RegisterField kWalclk[] = {{"COUNTER", 0, 32, "24 MHz ticks since CRST, mod 2^32"}};
constexpr RegisterField kSsync[] = {{"SSYNC", 0, 30, "bit n holds descriptor n's link data"}};
constexpr RegisterField kDplbase[] = {
    {"DPBE", 0, 1, "DMA position buffer enable"},
    {"BASE", 7, 25, "position buffer address, 128-byte aligned"},
};
constexpr RegisterField kUpper[] = {{"BASE", 0, 32, "upper 32 bits of the address"}};
constexpr RegisterField kSdctl[] = {
    {"SRST", 0, 1, "stream reset"},
    {"RUN", 1, 1, "DMA runs"},
    {"IOCE", 2, 1, "interrupt on completion enable"},
    {"FEIE", 3, 1, "FIFO error interrupt enable"},
    {"DEIE", 4, 1, "descriptor error interrupt enable"},
    {"STRIPE", 16, 2, "stripe control (stored, no effect)"},
    {"TP", 18, 1, "traffic priority (stored, no effect)"},
    {"DIR", 19, 1, "bidirectional direction (reads 0)"},
    {"STRM", 20, 4, "stream tag on the link"},
};
constexpr RegisterField kSdsts[] = {
    {"BCIS", 2, 1, "buffer completion interrupt status (write 1 to clear)"},
    {"FIFOE", 3, 1, "FIFO error (write 1 to clear)"},
    {"DESE", 4, 1, "descriptor error (write 1 to clear)"},
    {"FIFORDY", 5, 1, "FIFO ready"},
};
constexpr RegisterField kSdlpib[] = {{"LPIB", 0, 32, "DMA position in the buffer, bytes"}};
constexpr RegisterField kSdcbl[] = {{"CBL", 0, 32, "cyclic buffer length, bytes"}};
constexpr RegisterField kSdlvi[] = {{"LVI", 0, 8, "last valid BDL entry"}};
constexpr RegisterField kSdfifow[] = {{"FIFOW", 0, 3, "watermark: 2 = 8 B, 3 = 16 B, 4 = 32 B"}};
constexpr RegisterField kSdfifos[] = {{"FIFOS", 0, 8, "FIFO size minus 1, bytes"}};
constexpr RegisterField kSdfmt[] = {
    {"CHAN", 0, 4, "channels minus 1"},
    {"BITS", 4, 3, "0 = 8, 1 = 16, 2 = 20, 3 = 24, 4 = 32 bit"},
    {"PACKED24", 7, 1, "3-byte containers for 24 bit (PortScope extension)"},
    {"DIV", 8, 3, "rate divisor minus 1"},
    {"MULT", 11, 3, "rate multiplier minus 1"},
    {"BASE", 14, 1, "base rate: 0 = 48 kHz, 1 = 44.1 kHz"},
    {"TYPE", 15, 1, "non-PCM"},
};
constexpr RegisterField kSdbdpl[] = {{"BASE", 7, 25, "BDL address, 128-byte aligned"}};

template <std::size_t N>
constexpr RegisterLayout layout(const char* device, const char* name, std::uint8_t width,
                                bool readOnly, const RegisterField (&fields)[N]) {
    return RegisterLayout{device, name, width, readOnly, fields, N};
}

constexpr RegisterLayout kLayouts[] = {
    layout("ac97", "BDBAR", 32, false, kBdbar),
    layout("ac97", "CIV", 8, true, kIndex),
    layout("ac97", "LVI", 8, false, kIndex),
    layout("ac97", "SR", 16, false, kSr),
    layout("ac97", "PICB", 16, true, kPicb),
    layout("ac97", "PIV", 8, true, kIndex),
    layout("ac97", "CR", 8, false, kCr),
    layout("ac97", "PS_FMT", 32, false, kPsFmt),
    layout("ac97", "PS_RATE", 32, false, kPsRate),
    layout("ac97", "PS_PCNT", 32, true, kPsPcnt),
    layout("ac97", "GLOB_CNT", 32, false, kGlobCnt),
    layout("ac97", "GLOB_STA", 32, true, kGlobSta),
    layout("ac97", "CAS", 8, false, kCas),
    layout("hda", "GCAP", 16, true, kGcap),
    layout("hda", "VMIN", 8, true, kVersion),
    layout("hda", "VMAJ", 8, true, kVersion),
    layout("hda", "OUTPAY", 16, true, kPayload),
    layout("hda", "INPAY", 16, true, kPayload),
    layout("hda", "GCTL", 32, false, kGctl),
    layout("hda", "WAKEEN", 16, false, kWake),
    layout("hda", "STATESTS", 16, false, kWake),
    layout("hda", "INTCTL", 32, false, kIntctl),
    layout("hda", "INTSTS", 32, true, kIntsts),
    layout("hda", "WALCLK", 32, true, kWalclk),
    layout("hda", "SSYNC", 32, false, kSsync),
    layout("hda", "DPLBASE", 32, false, kDplbase),
    layout("hda", "DPUBASE", 32, false, kUpper),
    layout("hda", "SDCTL", 24, false, kSdctl),
    layout("hda", "SDSTS", 8, false, kSdsts),
    layout("hda", "SDLPIB", 32, true, kSdlpib),
    layout("hda", "SDCBL", 32, false, kSdcbl),
    layout("hda", "SDLVI", 16, false, kSdlvi),
    layout("hda", "SDFIFOW", 16, false, kSdfifow),
    layout("hda", "SDFIFOS", 16, false, kSdfifos),
    layout("hda", "SDFMT", 16, false, kSdfmt),
    layout("hda", "SDBDPL", 32, false, kSdbdpl),
    layout("hda", "SDBDPU", 32, false, kUpper),
};

bool isFlagRegister(const char* name) {
    static constexpr const char* kFlags[] = {"SR",    "CR",    "GLOB_STA", "GCTL",
                                             "SDSTS", "SDCTL", "INTCTL",   "INTSTS"};
    for (const char* f : kFlags) {
        if (std::strcmp(f, name) == 0) {
            return true;
        }
    }
    return false;
}

std::string hex(std::uint64_t value) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(value));
    return buf;
}

}  // namespace

const RegisterLayout* findRegisterLayout(const char* device, const char* name) {
    if (device == nullptr || name == nullptr) {
        return nullptr;
    }
    for (const RegisterLayout& l : kLayouts) {
        if (std::strcmp(l.device, device) == 0 && std::strcmp(l.name, name) == 0) {
            return &l;
        }
    }
    return nullptr;
}

std::string fieldBitsText(const RegisterField& field) {
    if (field.bits <= 1) {
        return "[" + std::to_string(field.lowBit) + "]";
    }
    return "[" + std::to_string(field.lowBit + field.bits - 1) + ":" +
           std::to_string(field.lowBit) + "]";
}

std::string describeRegister(const RegisterLayout& layout, std::uint64_t value) {
    const std::string name = layout.name;
    if (name == "SDFMT") {
        const hda::StreamFormat f = hda::decodeFormat(static_cast<std::uint16_t>(value));
        if (!hda::isValidFormat(f)) {
            return "invalid format";
        }
        return std::to_string(hda::rateHz(f)) + " Hz, " + std::to_string(f.bitsPerSample) +
               " bit, " + std::to_string(f.channels) + " ch" + (f.packed24 ? ", packed" : "");
    }
    if (name == "PS_FMT") {
        return std::to_string(value & 0xF) + " ch, " + std::to_string((value >> 4) & 0x7) +
               " bytes per sample";
    }
    if (name == "SDFIFOS") {
        return std::to_string((value & 0xFF) + 1) + " bytes";
    }
    if (name == "SDLVI") {
        return std::to_string((value & 0xFF) + 1) + " entries";
    }
    if (name == "GCAP") {
        return std::to_string(hda::gcapInputStreams(static_cast<std::uint16_t>(value))) + " in, " +
               std::to_string(hda::gcapOutputStreams(static_cast<std::uint16_t>(value))) + " out";
    }
    if (name == "WALCLK") {
        return std::to_string(value / 24) + " µs since reset";
    }
    if (name == "PICB" || name == "SDLPIB" || name == "SDCBL" || name == "PS_RATE" ||
        name == "PS_PCNT" || name == "CIV" || name == "LVI" || name == "PIV") {
        return std::to_string(value);
    }
    if (!isFlagRegister(layout.name)) {
        return {};
    }
    std::string out;
    for (std::size_t i = 0; i < layout.fieldCount; ++i) {
        const RegisterField& f = layout.fields[i];
        const std::uint64_t v = fieldValue(f, value);
        if (v == 0) {
            continue;
        }
        if (!out.empty()) {
            out += ' ';
        }
        out += f.name;
        if (f.bits > 1) {
            out += '=';
            out += f.bits >= 8 ? hex(v) : std::to_string(v);
        }
    }
    return out.empty() ? "none set" : out;
}

}  // namespace ps
