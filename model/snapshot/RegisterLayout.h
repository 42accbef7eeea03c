// RegisterLayout: the static description of each register the inspector
// shows (device, name, width and named bit fields) for the AC'97 bus master
// (model/hw/ac97/Ac97Registers.h) and the HD Audio controller
// (model/hw/hda/HdaRegisters.h). Tables are constant program data: a
// RegisterSnapshot points at its layout, and the register view decodes a
// value with fieldValue() and describeRegister() only when it shows it.
//
// Names are the explain keys' spelling: the explain key of a register is
// "<device>/<name>" ("ac97/CIV", "hda/SDLPIB"). Pure functions; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ps {

struct RegisterField {
    const char* name;     // "RPBM", "STRM", "BASE"
    std::uint8_t lowBit;  // least significant bit of the field
    std::uint8_t bits;    // width of the field in bits (1: a flag)
    const char* meaning;  // one line: what the field says
};

struct RegisterLayout {
    const char* device;  // "ac97" or "hda"
    const char* name;    // "BDBAR", "SDCTL", "GCTL"
    std::uint8_t widthBits;
    bool readOnly;
    const RegisterField* fields;
    std::size_t fieldCount;
};

// The layout of `name` on `device`; nullptr when the table has no such register.
const RegisterLayout* findRegisterLayout(const char* device, const char* name);

// The bits of `field` in `value`.
constexpr std::uint64_t fieldValue(const RegisterField& field, std::uint64_t value) {
    return (value >> field.lowBit) &
           ((field.bits >= 64 ? 0 : (std::uint64_t{1} << field.bits)) - 1);
}

// "[3:0]" or "[5]".
std::string fieldBitsText(const RegisterField& field);

// A one-line reading of the whole value: the flags that are set ("RUN IOCE
// FEIE DEIE, stream tag 1"), a decoded format ("48000 Hz, 16 bit, 2 ch"), an
// address. Empty when there is nothing to add to the hex value.
std::string describeRegister(const RegisterLayout& layout, std::uint64_t value);

}  // namespace ps
