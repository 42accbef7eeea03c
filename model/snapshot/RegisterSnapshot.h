// RegisterSnapshot: the registers of one stream's device at one moment, for
// the inspector's register view. Built by SnapshotBuilder
// (buildDeviceRegisters) for every open stream: the AC'97 engine's bus
// master registers and the globals (WavePci), or the HD Audio stream
// descriptor and the controller's globals (WaveRT); and the position and
// clock registers as the WaveRT client was handed them
// (KSRTAUDIO_HWREGISTER).
//
// Values are read WITHOUT side effects: from the engines' and descriptors'
// state as of their last sync, the controllers' stored globals and
// WALCLK computed from simulated time. Nothing is synced, counted, traced
// or cleared (a driver's read of SR or INTSTS would sync the converter
// first; the inspector must not change the run). Bounded: at most
// kSnapshotRegistersPerDevice registers and two client registers a stream.
#pragma once

#include "model/snapshot/RegisterLayout.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ps {

constexpr std::size_t kSnapshotRegistersPerDevice = 32;

struct RegisterSnapshot {
    const RegisterLayout* layout =
        nullptr;               // static table (RegisterLayout.h), never null once built
    std::string label;         // as listed: "PO CIV", "SD4 CTL", "GCTL"
    std::uint32_t offset = 0;  // in the device's I/O (AC'97) or MMIO (HD Audio) space
    std::uint64_t value = 0;
};

// A KSRTAUDIO_HWREGISTER as the client holds it, and the register it reads.
struct ClientRegisterSnapshot {
    bool clock = false;      // false: the position register
    bool available = false;  // the client got a usable register (WaveRtClient)
    std::uint64_t va = 0;    // KSRTAUDIO_HWREGISTER::Register
    std::uint32_t widthBits = 0;
    std::uint64_t numerator = 0;
    std::uint64_t denominator = 0;
    std::uint32_t accuracy = 0;  // position: bytes; clock: ticks
    double frequencyHz = 0;      // Numerator / Denominator; 0 when Denominator is 0
    std::string target;          // the device register behind the VA: "SD4 LPIB (alias)", "WALCLK"
    std::uint64_t value = 0;     // what a read of the VA returns now
};

struct DeviceRegistersSnapshot {
    std::uint16_t streamId = 0;
    bool hda = false;  // HD Audio controller (else AC'97 bus master)
    std::string
        deviceName;  // "AC'97 bus master, PCM Out engine", "HD Audio, descriptor 4 (output)"
    std::vector<RegisterSnapshot> registers;              // stream registers first, then globals
    std::vector<ClientRegisterSnapshot> clientRegisters;  // WaveRT with a client: position, clock
};

}  // namespace ps
