// Plain-value snapshots of one AC'97 DMA engine, for tests and for the
// inspector's register, mapping-queue and timeline views. Copying one touches
// nothing in the model.
#pragma once

#include "model/hw/ac97/Ac97Registers.h"

#include <cstdint>

namespace ps::ac97 {

struct Ac97EngineState {
    Engine engine = Engine::PcmOut;
    bool render = false;  // PcmOut: DMA memory -> FIFO -> DAC; else ADC -> FIFO -> memory

    // ---- registers as a driver would read them (HARDWARE.md §1.1)
    std::uint32_t bdbar = 0;
    std::uint8_t civ = 0;
    std::uint8_t lvi = 0;
    std::uint16_t sr = SR_DCH;
    std::uint16_t picb = 0;  // samples (PS_FMT length units) left in the current buffer
    std::uint8_t piv = 0;
    std::uint8_t cr = 0;
    std::uint32_t psFmt = kPsFmtReset;
    std::uint32_t psRate = kPsRateReset;
    std::uint32_t psPcnt = 0;  // framesClocked modulo 2^32
    PcmFormatRegister format;  // decodePsFmt(psFmt)
    std::uint32_t bytesPerFrame = 4;

    // ---- engine internals
    bool running = false;                  // CR.RPBM
    bool halted = true;                    // SR.DCH: the DMA is not fetching
    bool converterRunning = false;         // the DAC/ADC sample clock is ticking
    bool endOfList = false;                // halted after completing the last valid buffer
    bool faulted = false;                  // halted by a descriptor or buffer access fault
    bool descriptorLoaded = false;         // `current` holds the descriptor at CIV
    BufferDescriptor current;              // the descriptor at CIV as fetched
    std::uint32_t currentBytes = 0;        // its length in bytes
    std::uint32_t currentOffsetBytes = 0;  // bytes of it already moved by the DMA
    std::uint32_t fifoLevelBytes = 0;
    std::uint32_t fifoCapacityBytes = 0;

    // ---- totals since the last reset (CR.RR) or construction
    std::uint64_t bytesFetched = 0;  // render: memory -> FIFO
    std::uint64_t bytesStored = 0;   // capture: FIFO -> memory
    std::uint64_t bursts = 0;
    std::uint64_t descriptorsCompleted = 0;
    std::int64_t framesClocked = 0;   // converter ticks (played or recorded)
    std::int64_t underrunFrames = 0;  // DAC ticks that found no whole frame in the FIFO
    std::int64_t overrunFrames = 0;   // ADC frames dropped because the FIFO was full
};

// One buffer descriptor list slot as currently in memory.
struct BdlEntryView {
    std::uint64_t entryAddress = 0;  // BDBAR + 8 * index
    bool readable = false;           // false: the entry lies outside allocated memory
    BufferDescriptor descriptor;     // decoded (zero when unreadable)
};

}  // namespace ps::ac97
