// Construction parameters of one AC'97-style bus master (Ac97Controller).
// Plain values chosen by the scenario builder; they describe the board, not
// anything a driver can change.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/sim/SimTime.h"

#include <cstdint>

namespace ps::ac97 {

struct Ac97Config {
    // First I/O port of the NABM space; [ioBase, ioBase + kNabmLength) is decoded.
    std::uint32_t ioBase = 0xE000;
    // Interrupt vector whose line the controller drives (level-sensitive).
    ULONG interruptVector = 10;
    // FIFO between each engine's DMA and its converter, in bytes. Must hold at
    // least one burst plus one largest frame (burstBytes + 32).
    std::uint32_t fifoBytes = 256;
    // Most bytes one DMA burst moves; a positive multiple of 4.
    std::uint32_t burstBytes = 64;
    // Time from a DAC tick to the frame leaving the codec (PcmBlock times).
    TimeNs codecDelayNs = 0;
    // Sample clock error of the codec's crystal in parts per million
    // (+100 = the clock runs fast by 100 ppm); |value| <= 500000.
    std::int32_t sampleClockErrorPpm = 0;
    // Trace source of every record; must outlive the controller (a literal or
    // a string interned with the Tracer's TraceStringPool).
    const char* name = "AC97";
    // CR.RR leaves the interrupt enables (IOCE, FEIE, LVBIE) alone when true
    // (what QEMU's CR_DONT_CLEAR_MASK does); false clears the whole CR, the
    // design's reading of the datasheet. HARDWARE.md §1.2 cites only QEMU; if
    // the ICH x_CR text turns out to say "except the interrupt enable bits",
    // flip this default. The AC97 sample rewrites CR after RR either way.
    bool resetKeepsInterruptEnables = false;
    // Burst granularity of the DMA engines. false (the default): every burst
    // is its own scheduler event with its own "DMA burst" Dma record, for
    // stepping through a run burst by burst. true: only bursts something can
    // observe get an event of their own (one that completes a descriptor, one
    // whose converter sync would glitch, one that would touch unallocated
    // memory); the bursts before them are computed, in order and at their own
    // instants, whenever the engine is synced (any register access, the next
    // such event). Instead of one record per burst, one "DMA bursts" Dma
    // record (Bursts, Bytes, FirstBurstNs, LastBurstNs, CIV, PICB, FifoBytes)
    // sums the bursts since the previous one; it is left at the end of each
    // catch-up except one caused by a register read (a read changes nothing,
    // so its bursts join the next summary), and always before the engine's
    // status bits and glitches. CIV, PICB, SR, PS_PCNT and the converter output
    // read exactly as in the default mode at every register access; a burst
    // due at the very instant of an access counts as having run before it.
    // Memory the CPU touches between two syncs is read by the DMA as it is at
    // the sync, so use this for runs whose clients keep ahead of the DMA (the
    // benchmark), not to study data races.
    bool coalesceBursts = false;
};

}  // namespace ps::ac97
