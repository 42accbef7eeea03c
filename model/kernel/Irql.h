// Interrupt request levels with their x64 values. PASSIVE_LEVEL is thread
// context, DISPATCH_LEVEL is DPCs, timers and spin-lock holders, and device
// interrupts run at a DIRQL between DISPATCH_LEVEL and HIGH_LEVEL.
#pragma once

#include <cstdint>

namespace ps {

using KIRQL = std::uint8_t;

constexpr KIRQL PASSIVE_LEVEL = 0;
constexpr KIRQL APC_LEVEL = 1;
constexpr KIRQL DISPATCH_LEVEL = 2;
constexpr KIRQL CMCI_LEVEL = 5;
constexpr KIRQL CLOCK_LEVEL = 13;
constexpr KIRQL IPI_LEVEL = 14;
constexpr KIRQL HIGH_LEVEL = 15;

// The DIRQL the simulated interrupt controller assigns to device interrupts
// unless a connection asks for another one (3..12).
constexpr KIRQL kDefaultDeviceIrql = 6;

// "PASSIVE_LEVEL", "DISPATCH_LEVEL", "DIRQL 6" ... (static or thread-local storage
// is not needed: device levels map to fixed strings).
const char* irqlName(KIRQL irql);

}  // namespace ps
