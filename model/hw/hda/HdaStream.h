// One stream descriptor of the HD Audio-style controller together with its
// FIFO and its codec converter (DAC for an output stream, ADC for an input
// stream): registers SDnCTL, SDnSTS, SDnLPIB, SDnCBL, SDnLVI, SDnFIFOW,
// SDnFIFOS, SDnFMT, SDnBDPL, SDnBDPU (HdaRegisters.h; HARDWARE.md §2.5-§2.8).
// HdaController owns these, decodes MMIO accesses into read()/write() calls,
// and nothing else drives them.
//
// Data path
// - Output: DMA bursts move bytes from the cyclic buffer (the latched BDL's
//   entries in order, wrapping to entry 0 after LVI) into the FIFO; the DAC
//   pops one frame per sample-clock tick into the PcmSink.
// - Input: the ADC takes one frame per tick from the PcmSource (silence
//   without one) into the FIFO; DMA bursts move bytes FIFO -> memory.
// - A burst runs as its own scheduler event ("HDA SD4 burst") at the exact
//   instant the converter has made room (output) or data (input) for it.
//   It moves min(burstBytes, bytes left in the entry, room or data) bytes
//   and is due once that is at least need = min(burstBytes, bytes left in the
//   entry, FIFO - frame + 1) bytes (the last term means a partial frame can
//   never deadlock the FIFO). Bursts never cross an entry end.
// - LPIB = bytes fetched (output) or stored (input) modulo CBL; it runs ahead
//   of (output) or behind (input) the converter by the FIFO level, at most
//   FIFOS + 1 bytes. The presentation position (framesPlayed/Recorded,
//   linkPositionBytes) is separate.
// - The converter is synced lazily (before every burst, register access and
//   state change) from a drift-free SampleClock at SDnFMT's rate with the
//   configured ppm error. A converter tick that would glitch at the very
//   instant a burst of this stream is due waits for that burst.
// - The converter runs while RUN = 1, the stream tag is not 0 (tag 0 = no
//   link slot), the stream's SSYNC bit is clear and the controller is out of
//   reset; frame numbers continue across such segments.
//
// Decisions where HARDWARE.md leaves a choice (§8.2, §8.4)
// - RUN 0 -> 1 validates and latches the BDL once (§3.2, §4: changes to the
//   BDL in memory while RUN = 1 have no effect; the buffer bytes are re-read
//   every lap). It checks, in order: SDnFMT is a valid PCM format with an
//   integer rate; the FIFO holds at least one frame; LVI + 1 >= 2; the last
//   BDPL write had bits 6:0 clear; CBL is a non-zero whole number of frames;
//   the LVI + 1 entries are readable (in allocated memory); no entry has
//   length 0; the lengths sum to CBL. Any failure is a descriptor error:
//   DESE set, RUN cleared (the spec meaning, not VirtualBox's silent refusal),
//   a "BDL invalid" Dma record with the reason, the interrupt if DEIE.
// - A buffer byte the DMA cannot read or write (unallocated memory) is the
//   same kind of fatal error: DESE, RUN cleared, traced.
// - RUN 1 -> 0 pauses: the FIFO keeps its bytes and LPIB its value; the
//   next RUN 0 -> 1 re-validates the BDL and resumes at LPIB. The FIFO is
//   emptied by SRST, a controller reset, an SDnFIFOS change and an SDnFMT
//   change.
// - SRST (ICH6 §18.2.33: RUN must be 0 first): a write that sets SRST while
//   RUN was 1 keeps SRST clear and is traced; otherwise the stream's
//   registers, FIFO, LPIB, BDL and totals reset at once and SRST reads 1
//   until cleared (the QEMU ecd5f2882fd handshake). While SRST = 1 other
//   registers ignore writes (traced).
// - CBL, LVI, FMT, BDPL, BDPU and FIFOS writes are ignored (traced) while
//   RUN = 1. FIFOS of an input stream is read-only; an output FIFOS write
//   must be one of the datasheet encodings (§2.8). FIFOW is stored
//   (normalized) and does not change burst timing.
// - Underrun (DAC tick without a whole frame): HD Audio has no BUP; the DAC
//   plays zeros. Overrun (ADC frame with no room): the frame is dropped. Each
//   sets FIFOE (whatever FEIE says, §2.6) and records one Glitch record at
//   the exact tick where a run of glitching frames starts. With the DMA
//   running they cannot happen (the cyclic DMA never runs dry); they happen
//   while the DMA is held (pauseDmaWhileBcisPending with BCIS pending).
// - Output FIFORDY: set once the DMA has filled the FIFO after RUN 0 -> 1
//   (no room for another burst), cleared by an underrun, SRST and RUN 0 -> 1.
//   Input FIFORDY: set while a validated BDL is latched.
//
// Simulation thread only. PcmSink/PcmSource callbacks run inside sync() and
// must not call back into the controller.
#pragma once

#include "model/hw/ByteFifo.h"
#include "model/hw/PcmEndpoints.h"
#include "model/hw/SampleClock.h"
#include "model/hw/ShiftingDivisor.h"
#include "model/hw/hda/HdaConfig.h"
#include "model/hw/hda/HdaRegisters.h"
#include "model/hw/hda/HdaStreamState.h"
#include "model/sim/Scheduler.h"
#include "model/sim/TraceRecord.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

namespace ps {
class Kernel;
}

namespace ps::hda {

// Controller-wide state the streams read (owned by HdaController).
struct HdaLinkState {
    bool controllerRunning = false;  // GCTL.CRST = 1
    std::uint32_t ssync = 0;         // SSYNC: bit n blocks stream n's link data
    std::uint32_t dplbase = 0;       // DPLBASE as stored (enable in bit 0)
    std::uint32_t dpubase = 0;
};

// The registers of one stream descriptor, independent of their offsets.
enum class SdRegister : std::uint8_t { Ctl, Sts, Lpib, Cbl, Lvi, Fifow, Fifos, Fmt, Bdpl, Bdpu };
const char* sdRegisterName(SdRegister r);  // "SDCTL", ...

class HdaStream {
  public:
    // statusChanged is called after anything that may change SDnSTS (the
    // controller re-evaluates the interrupt line); by a register read only
    // when its sync changed this stream's SIS bit (the line depends on
    // nothing else of the stream). sync() itself never calls it: its callers
    // re-evaluate the line. sisMask is the controller's
    // INTSTS.SIS image: the stream keeps its bit (streamBit(index)) equal to
    // interruptPending() at every change of SDnSTS or SDnCTL, so the
    // controller never asks the streams.
    HdaStream(Kernel& kernel, const HdaConfig& config, const HdaLinkState& link, unsigned index,
              bool output, std::function<void()> statusChanged, std::uint32_t& sisMask);
    ~HdaStream();
    HdaStream(const HdaStream&) = delete;
    HdaStream& operator=(const HdaStream&) = delete;

    unsigned index() const { return m_index; }
    bool isOutput() const { return m_output; }

    // Register access by a driver, already decoded into one register: value
    // holds the register's bits at their positions, writtenMask the bits the
    // access covered (its byte lanes). read() syncs the converter first.
    std::uint32_t read(SdRegister reg);
    void write(SdRegister reg, std::uint32_t value, std::uint32_t writtenMask);

    // CRST 1 -> 0: everything back to reset values, SRST clear.
    void controllerReset();
    // SSYNC or CRST changed: start or stop the converter as they now say.
    void linkConditionChanged();
    // Brings the converter up to now.
    // flushSummary false (register reads): a pending "DMA bursts" summary
    // waits for the next sync that changes something (HdaConfig.h).
    void sync(bool flushSummary = true);

    // SIS condition: (BCIS && IOCE) || (FIFOE && FEIE) || (DESE && DEIE).
    bool interruptPending() const;
    bool running() const { return (m_ctl & SDCTL_RUN) != 0; }

    void setSink(PcmSink* sink) { m_sink = sink; }
    void setSource(PcmSource* source) { m_source = source; }
    void setTraceStream(std::uint16_t streamId) { m_traceStream = streamId; }

    // Fault injection (scenarios): the next BDL entry the DMA starts on (or
    // the next RUN 0 -> 1 validation) fails as a descriptor fetch from
    // unallocated memory does: a "descriptor fetch fault" Dma record with
    // Injected = true, then DESE, RUN cleared and the interrupt if DEIE.
    void armDescriptorFault() { m_descriptorFaultArmed = true; }
    bool descriptorFaultArmed() const { return m_descriptorFaultArmed; }

    // Snapshot as of the last sync (sync() first for exact converter values).
    HdaStreamState state() const;
    // The newest runs of glitching frames, oldest first (at most kGlitchMarks;
    // cleared by SRST and a controller reset), for the inspector.
    static constexpr std::size_t kGlitchMarks = 64;
    const std::deque<HdaGlitchMark>& glitchMarks() const { return m_glitchMarks; }
    // The LVI + 1 entries at BDPU:BDPL as currently in memory; reading them
    // records no memory fault.
    std::vector<HdaBdlView> bdl() const;

  private:
    // ---- registers and control (HdaStream.cpp)
    void writeCtl(std::uint32_t value, std::uint32_t writtenMask);
    void writeSts(std::uint32_t value, std::uint32_t writtenMask);
    void writeSetup(SdRegister reg, std::uint32_t value, std::uint32_t writtenMask);
    void resetStream();
    void run();
    void stop();
    bool validateAndLatch();
    void descriptorError(TraceRecord& record, const char* reason);
    void setStatus(std::uint8_t bits, const char* recordName, const char* why);
    std::uint8_t statusRegister() const;
    // The only writers of m_sts and m_ctl: each keeps this stream's bit of
    // m_sisMask equal to interruptPending().
    void setSts(std::uint8_t sts);
    void setCtl(std::uint32_t ctl);
    void updateSisBit();
    std::uint32_t fifoCapacity() const { return fifosBytes(m_fifos); }
    bool linkWanted() const;
    void startConverter();
    void stopConverter();
    TraceRecord record(TraceCategory category, const char* what) const;

    // ---- data movement (HdaStreamTransfer.cpp)
    bool dmaActive() const;
    std::uint32_t burstNeed() const;
    void syncTo(TimeNs nowNs, bool burstDueNow);
    void syncDac(std::int64_t targetFrame);
    void syncAdc(std::int64_t targetFrame);
    void deliver(std::int64_t firstFrame, std::size_t frames, const std::uint8_t* bytes,
                 bool underrun);
    void beginGlitch(bool underrun, std::int64_t frame);
    void onBurst();
    void burst(std::uint32_t bytes);
    void bufferFault(const char* what, std::uint64_t address, std::uint64_t faultAddress);
    // Fires an armed injected descriptor fault; true if it did.
    bool takeInjectedDescriptorFault();
    void writePositionBuffer();
    void onGlitchWatch();
    void reschedule();
    void notify() { m_statusChanged(); }

    // ---- coalesced bursts (HdaStreamCatchUp.cpp; HdaConfig::coalesceBursts)
    bool burstPending() const;
    void cancelBurst();
    // Time of the next burst after one at atNs given the current FIFO and
    // converter state, or -1 when it waits for the link (no sample clock).
    TimeNs nextBurstDue(TimeNs atNs) const;
    // Runs every planned burst due at or before nowNs, in order.
    // converterToNow: the caller syncs the converter to nowNs next, with no
    // record in between (sync() for a register read), so the bursts' pass
    // may take the DAC there too (runUnobservableBursts()). Returns true when
    // it did: the converter has clocked every frame due by nowNs and nothing
    // ran after that, so syncTo(nowNs) would find nothing to do.
    bool catchUp(TimeNs nowNs, bool flushSummary = true, bool converterToNow = false);
    void runPlannedBurst();
    // Runs, in one pass, the planned output bursts due by nowNs that nothing
    // can observe (planObservableBurst()'s rules).
    // With converterToNow, when the next burst is due after nowNs and the
    // FIFO then holds every frame the DAC clocks by nowNs, the DAC takes them
    // in the same pass: what syncTo(nowNs) would do next, without a glitch.
    struct UnobservableRun {
        std::uint64_t bursts = 0;  // how many ran
        // The pass ended at a planned burst due by nowNs that something can
        // observe: another pass would run none, runPlannedBurst() is next.
        bool stoppedAtObservable = false;
        bool converterAtNow = false;  // the DAC took every frame due by nowNs
    };
    UnobservableRun runUnobservableBursts(TimeNs nowNs, bool converterToNow);
    // Due time of the first planned burst that needs an event of its own.
    TimeNs planObservableBurst() const;
    void scheduleObservableEvent();
    void onCoalescedEvent();
    void flushBurstSummary();

    Kernel& m_kernel;
    Scheduler& m_scheduler;
    const HdaConfig& m_config;
    const HdaLinkState& m_link;
    const unsigned m_index;
    const bool m_output;
    std::function<void()> m_statusChanged;
    std::uint32_t& m_sisMask;
    PcmSink* m_sink = nullptr;
    PcmSource* m_source = nullptr;
    std::uint16_t m_traceStream = kNoStream;

    // Registers.
    std::uint32_t m_ctl = 0;
    std::uint8_t m_sts = 0;  // BCIS | FIFOE | DESE (FIFORDY is computed)
    std::uint32_t m_lpib = 0;
    std::uint32_t m_cbl = 0;
    std::uint16_t m_lvi = 0;
    std::uint16_t m_fifow = kFifowReset;
    std::uint16_t m_fifos = 0;
    std::uint16_t m_fmt = 0;
    std::uint32_t m_bdpl = 0;
    std::uint32_t m_bdpu = 0;
    bool m_bdplMisaligned = false;  // the last BDPL write had bits 6:0 set
    bool m_descriptorFaultArmed = false;

    // Latched at RUN 0 -> 1.
    std::vector<BdlEntry> m_bdl;
    std::uint32_t m_latchedCbl = 0;
    std::uint32_t m_bytesPerFrame = 1;
    // Divisions by m_bytesPerFrame and by the burst size (m_config.burstBytes)
    // in the burst timing loops, without a hardware divide.
    ShiftingDivisor m_perFrame{1};
    ShiftingDivisor m_perBurst{1};
    // burstBytes / bytes per frame when a burst is a whole number of frames
    // (the only case the steady-run shortcut applies to), else 1.
    ShiftingDivisor m_framesPerBurst{1};
    std::uint32_t m_rateHz = 48000;
    unsigned m_entry = 0;
    std::uint32_t m_entryOffset = 0;
    bool m_fifoReady = false;  // FIFORDY

    // DMA events.
    EventId m_burstEvent;
    TimeNs m_burstDueNs = 0;
    // m_clock.framesDueBy(m_burstDueFramesNs), left by the last catch-up pass
    // for the burst it planned next (so that the next pass, usually at the
    // next register read, need not ask the clock). Valid while
    // m_burstDueFramesNs == m_burstDueNs: it is a function of the time alone
    // until the clock restarts, which sets it to -1.
    TimeNs m_burstDueFramesNs = -1;
    std::int64_t m_burstDueFrames = 0;
    bool m_inBurst = false;
    EventId m_glitchEvent;
    bool m_positionBufferFaulted = false;
    // Coalesced mode: the next burst is planned at m_burstDueNs without an
    // event; m_burstEvent is the event of the next observable burst.
    bool m_burstPlanned = false;
    bool m_inCatchUp = false;
    std::uint64_t m_summaryBursts = 0;
    std::uint64_t m_summaryBytes = 0;
    TimeNs m_summaryFirstNs = 0;
    TimeNs m_summaryLastNs = 0;

    // FIFO and converter.
    ByteFifo m_fifo;
    SampleClock m_clock;
    std::int64_t m_framesClocked = 0;
    std::vector<std::uint8_t> m_scratch;
    bool m_inGlitch = false;

    // Totals.
    std::uint64_t m_bytesDma = 0;        // fetched (output) / stored (input)
    std::uint64_t m_bytesConverter = 0;  // consumed (output) / produced (input)
    std::uint64_t m_bursts = 0;
    std::uint64_t m_entriesCompleted = 0;
    std::uint64_t m_iocCompletions = 0;
    std::int64_t m_underrunFrames = 0;
    // The newest kGlitchMarks runs of glitching frames (SRST clears them).
    std::deque<HdaGlitchMark> m_glitchMarks;
    std::int64_t m_overrunFrames = 0;
};

}  // namespace ps::hda
