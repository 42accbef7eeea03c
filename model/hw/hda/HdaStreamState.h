// Plain-value snapshots of one HD Audio stream descriptor, for tests and for
// the inspector's register, cyclic-buffer and timeline views. Copying one
// touches nothing in the model.
#pragma once

#include "model/hw/hda/HdaRegisters.h"

#include <cstdint>

namespace ps::hda {

// Where a run of glitching converter frames began: the DAC found no whole
// frame in the FIFO (underrun: it plays zeros) or the ADC found no room
// (overrun: the frame is lost). frames grows while the run goes on.
struct HdaGlitchMark {
    bool underrun = true;
    std::int64_t firstFrame = 0;  // converter frame of the first glitching tick
    std::int64_t atNs = 0;        // simulated time of that tick
    std::uint32_t lpib = 0;       // LPIB then: where in the cyclic buffer the DMA was
    std::int64_t frames = 0;      // glitching frames in the run so far
};

struct HdaStreamState {
    unsigned index = 0;   // stream descriptor index (inputs first)
    bool output = false;  // DMA memory -> FIFO -> DAC; else ADC -> FIFO -> memory

    // ---- registers as a driver would read them (HARDWARE.md §2.5)
    std::uint32_t ctl = 0;  // 24 bits
    std::uint8_t sts = 0;
    std::uint32_t lpib = 0;  // fetch (output) / store (input) position, bytes, 0..CBL-1
    std::uint32_t cbl = 0;
    std::uint16_t lvi = 0;
    std::uint16_t fifow = kFifowReset;
    std::uint16_t fifos = 0;
    std::uint16_t fmt = 0;
    std::uint32_t bdpl = 0;
    std::uint32_t bdpu = 0;
    StreamFormat format;       // decodeFormat(fmt)
    bool formatValid = false;  // isValidFormat(format)
    std::uint32_t rateHz = 0;  // 0 when not an integer rate
    std::uint32_t bytesPerFrame = 0;
    unsigned streamTag = 0;  // SDnCTL STRM

    // ---- engine internals
    bool inReset = false;     // SRST reads 1
    bool running = false;     // SDnCTL.RUN
    bool dmaStalled = false;  // RUN, but the DMA holds (BCIS pending, §8.4 option)
    bool linkActive = false;  // the converter's sample clock is ticking
    bool linkBlockedBySsync = false;
    unsigned bdlEntries = 0;    // entries latched at the last RUN 0 -> 1 (0: none)
    unsigned currentEntry = 0;  // latched entry the DMA is in
    std::uint32_t currentEntryOffsetBytes = 0;
    std::uint32_t fifoLevelBytes = 0;
    std::uint32_t fifoCapacityBytes = 0;  // FIFOS + 1
    // Position of the converter in the cyclic buffer, bytes (0..CBL-1): the
    // byte the DAC takes next (output: LPIB - FIFO level) or the byte the ADC
    // stores next (input: LPIB + FIFO level). Distinct from LPIB.
    std::uint32_t linkPositionBytes = 0;

    // ---- totals since the last SRST, controller reset or construction
    std::uint64_t bytesFetched = 0;   // output: memory -> FIFO
    std::uint64_t bytesConsumed = 0;  // output: FIFO -> DAC (stream data only)
    std::uint64_t bytesProduced = 0;  // input: ADC -> FIFO
    std::uint64_t bytesStored = 0;    // input: FIFO -> memory
    std::uint64_t bursts = 0;
    std::uint64_t entriesCompleted = 0;
    std::uint64_t iocCompletions = 0;  // IOC entries completed (BCIS may merge several)
    // Presentation position: frames the DAC played (data and filler) or the
    // ADC recorded (kept or dropped) since the stream left reset.
    std::int64_t framesPlayed = 0;
    std::int64_t framesRecorded = 0;
    std::int64_t underrunFrames = 0;  // DAC ticks without a whole frame in the FIFO
    std::int64_t overrunFrames = 0;   // ADC frames dropped because the FIFO was full
};

// One BDL entry as currently in memory at BDPL/BDPU (the descriptor view).
struct HdaBdlView {
    std::uint64_t entryAddress = 0;  // BDL base + 16 * index
    bool readable = false;           // false: the entry lies outside allocated memory
    BdlEntry entry;                  // decoded (zero when unreadable)
};

}  // namespace ps::hda
