// Construction parameters of one HD Audio-style controller (HdaController).
// Plain values chosen by the scenario builder; they describe the board, not
// anything a driver can change (HdaRegisters.h has what a driver can).
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/sim/SimTime.h"

#include <cstdint>

namespace ps::hda {

struct HdaConfig {
    // Bus address of the MMIO window; [mmioBase, mmioBase + kMmioLength) is
    // decoded in Kernel::mmioSpace(). The default is QEMU's usual HDBAR.
    std::uint32_t mmioBase = 0xFEBF0000;
    // Interrupt vector whose line the controller drives (level-sensitive).
    ULONG interruptVector = 11;
    // Stream descriptors: inputs first (indices 0 .. inputStreams - 1), then
    // outputs. 0..15 each (GCAP ISS/OSS), at least one stream, at most 30 in
    // all (SIE/SIS bits 29:0).
    unsigned inputStreams = 4;
    unsigned outputStreams = 4;
    // FIFO between each stream's DMA and its converter, in bytes (SDnFIFOS
    // reset value + 1; HARDWARE.md §2.8): output 192 (0xBF), input 120 (0x77).
    // 16..256 each. A driver may change an output FIFO with SDnFIFOS.
    std::uint32_t outputFifoBytes = 192;
    std::uint32_t inputFifoBytes = 120;
    // Most bytes one DMA burst moves; a positive multiple of 4, at most the
    // smaller FIFO. Bursts are further cut at BDL entry ends and to what fits.
    std::uint32_t burstBytes = 64;
    // Time from a DAC tick to the frame leaving the codec (PcmBlock times).
    TimeNs codecDelayNs = 0;
    // Sample clock error of the codec's crystal in parts per million
    // (+100 = the clock runs fast by 100 ppm); |value| <= 500000.
    std::int32_t sampleClockErrorPpm = 0;
    // Trace source of every record; must outlive the controller (a literal or
    // a string interned with the Tracer's TraceStringPool).
    const char* name = "HDA";
    // HARDWARE.md §8.4: hold a stream's DMA while its BCIS is still set
    // (old QEMU, VirtualBox); current QEMU and the default keep moving data.
    bool pauseDmaWhileBcisPending = false;
    // HARDWARE.md §8.4 / §4: set BCIS only when SDnCTL.IOCE is set
    // (VirtualBox). Default: BCIS is set on every IOC completion and IOCE
    // gates only the interrupt (the reading the AC'97 model also uses).
    bool bcisRequiresIoce = false;
    // Burst granularity of the stream DMA engines. false (the default): every
    // burst is its own scheduler event with its own "DMA burst" Dma record, for
    // stepping through a run burst by burst. true: only bursts something can
    // observe get an event of their own (one that completes a BDL entry, one
    // whose converter sync would glitch, one that would touch unallocated
    // memory); the bursts before them are computed, in order and at their own
    // instants, whenever the stream is synced (any register access, link or
    // state change, the next such event). Instead of one record per burst,
    // one "DMA bursts" Dma record (Bursts, Bytes, FirstBurstNs, LastBurstNs,
    // Entry, LPIB, FifoBytes) sums the bursts since the previous one; it is
    // left at the end of each catch-up except one caused by a register read
    // (a read changes nothing, so its bursts join the next summary), and
    // always before the stream's own records (status bits, glitches). LPIB, the FIFO, the position
    // buffer and the converter output read exactly as in the default mode at
    // every register access; a burst due at the very instant of an access
    // counts as having run before it. Memory the CPU touches between two syncs
    // is read by the DMA as it is at the sync, so use this for runs whose
    // clients keep ahead of the DMA (the benchmark), not to study data races.
    bool coalesceBursts = false;
};

}  // namespace ps::hda
