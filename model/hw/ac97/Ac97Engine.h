// One DMA engine of the AC'97-style bus master (PCM In, PCM Out or Mic In)
// together with its FIFO and its codec converter: registers BDBAR, CIV, LVI,
// SR, PICB, PIV, CR and the PortScope extensions PS_FMT, PS_RATE, PS_PCNT
// (Ac97Registers.h; HARDWARE.md §1). Ac97Controller owns three of these and
// decodes I/O accesses into read()/write() calls; nothing else drives them.
//
// Data path
// - Render (PcmOut): DMA bursts move bytes memory -> FIFO; the DAC pops one
//   frame per sample-clock tick and hands it to the PcmSink.
// - Capture (PcmIn, MicIn): the ADC takes one frame per tick from the
//   PcmSource (silence without one) into the FIFO; DMA bursts move bytes
//   FIFO -> memory.
// - A burst moves min(burstBytes, bytes left in the descriptor) and runs as
//   its own scheduler event ("AC97 PO burst" ...), at the exact instant the
//   converter has made room (render) or data (capture) for it.
// - The converter is not an event per frame: it is synced lazily (before every
//   burst, register access and state change) from its SampleClock.
// - Equal times: a converter tick that would glitch (underrun/overrun) at the
//   very instant a burst of the same engine is due waits for that burst, so the
//   first frame after a start is the stream's first frame, not filler.
//
// Decisions where HARDWARE.md leaves a choice
// - Start (RPBM 0->1) with no descriptor loaded (after reset): CIV <- PIV,
//   PIV <- PIV + 1, fetch (§1.4). With a descriptor loaded (after a pause) the
//   engine resumes it where it stopped: nothing lost, nothing repeated.
// - RR resets BDBAR, CIV, LVI, PIV, PICB, SR (= DCH), CR (enables included
//   unless Ac97Config::resetKeepsInterruptEnables), PS_PCNT, empties the FIFO
//   and stops the converter. PS_FMT and PS_RATE are codec state and survive.
//   The other bits of a write that sets RR are ignored.
// - Completion (PICB reaches 0): BCIS if IOC; then if CIV = LVI: LVBCI, CELV,
//   DCH and the DMA stops; else CIV <- PIV, PIV + 1, fetch (§1.4). Render
//   completes when the last byte is fetched into the FIFO (Intel LVBCI rule,
//   §1.5); capture when the last byte is written to memory.
// - A zero-length descriptor completes at once when fetched (BCIS if IOC,
//   LVBCI if last), so an IOC on a skipped entry is not lost.
// - LVI written while halted at the end of the list with RPBM set restarts
//   the DMA if the new LVI differs from CIV (§1.4; QEMU restarts even when
//   equal and then runs through all 32 entries).
// - Underrun (DAC) / overrun (ADC): counted per frame, one Glitch record at
//   the start of each run; FIFOE only if CIV != LVI (more valid buffers
//   remain, §1.5). Render filler per the current descriptor's BUP, Intel
//   meaning: 0 repeats the last whole frame played, 1 plays zeros.
// - A descriptor fetch or buffer access outside allocated memory halts the
//   engine (DCH, FIFOE; the faulting bytes read as zeros) and is traced; it
//   stays halted until RR.
// - Capture flushes the tail of a descriptor as soon as the FIFO holds the
//   bytes left in it (a burst is min(burstBytes, bytes left)). A pause keeps
//   FIFO contents for the resume; RR discards them.
// - PS_FMT and PS_RATE writes are ignored (and traced) while RPBM is set, and
//   rejected when out of range.
//
// Simulation thread only. PcmSink/PcmSource callbacks run inside sync() and
// must not call back into the controller.
#pragma once

#include "model/hw/ByteFifo.h"
#include "model/hw/PcmEndpoints.h"
#include "model/hw/ac97/Ac97Config.h"
#include "model/hw/ac97/Ac97ConverterClock.h"
#include "model/hw/ac97/Ac97EngineState.h"
#include "model/hw/ac97/Ac97Registers.h"
#include "model/sim/InvariantDivisor.h"
#include "model/sim/Scheduler.h"
#include "model/sim/TraceRecord.h"

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace ps {
class Kernel;
}

namespace ps::ac97 {

// The registers of one engine, independent of their I/O offsets.
enum class RegisterId : std::uint8_t { Bdbar, Civ, Lvi, Sr, Picb, Piv, Cr, PsFmt, PsRate, PsPcnt };
const char* registerName(RegisterId id);  // "BDBAR", "CIV", ... "PS_PCNT"

class Ac97Engine {
  public:
    // statusChanged is called after anything that may change SR (the
    // controller re-evaluates GLOB_STA and the interrupt line).
    Ac97Engine(Kernel& kernel, const Ac97Config& config, Engine id,
               std::function<void()> statusChanged);
    ~Ac97Engine();
    Ac97Engine(const Ac97Engine&) = delete;
    Ac97Engine& operator=(const Ac97Engine&) = delete;

    Engine id() const { return m_id; }
    bool isRender() const { return m_id == Engine::PcmOut; }

    // Register access by a driver (already decoded and width-checked). read()
    // syncs the converter first, so PS_PCNT is exact. write() traces the write
    // (Register category) and applies it; writes to read-only registers are
    // traced as ignored.
    std::uint32_t read(RegisterId reg);
    void write(RegisterId reg, std::uint32_t value);

    // Brings the converter up to now (frames due at now included, unless they
    // would glitch while a burst of this engine is due at now).
    // flushSummary false (register reads): a pending "DMA bursts" summary
    // waits for the next sync that changes something (Ac97Config.h).
    void sync(bool flushSummary = true);

    // Fault injection (scenarios): the engine's next descriptor fetch faults
    // as a fetch from unallocated memory does (a "descriptor fetch fault"
    // record with Injected = true, FIFOE, the DMA halted until RR).
    void armDescriptorFault() { m_descriptorFaultArmed = true; }
    bool descriptorFaultArmed() const { return m_descriptorFaultArmed; }

    // SR has an enabled interrupt cause: (BCIS && IOCE) || (LVBCI && LVBIE) ||
    // (FIFOE && FEIE) (§1.4: BCIS is set whatever IOCE says; IOCE gates the line).
    bool interruptPending() const {
        return ((m_srSticky & SR_BCIS) != 0 && (m_cr & CR_IOCE) != 0) ||
               ((m_srSticky & SR_LVBCI) != 0 && (m_cr & CR_LVBIE) != 0) ||
               ((m_srSticky & SR_FIFOE) != 0 && (m_cr & CR_FEIE) != 0);
    }

    void setSink(PcmSink* sink) { m_sink = sink; }
    void setSource(PcmSource* source) { m_source = source; }
    void setTraceStream(std::uint16_t streamId) { m_stream = streamId; }

    // Snapshot as of the last sync (call sync() first for exact converter values).
    Ac97EngineState state() const;
    // The 32 BDL slots at BDBAR as currently in memory; reading them records no
    // memory fault.
    std::array<BdlEntryView, kBdlEntries> descriptors() const;

  private:
    enum class DmaState : std::uint8_t { Idle, Active, EndOfList, Faulted };

    // ---- control (Ac97Engine.cpp)
    void writeCr(std::uint8_t value);
    void writeLvi(std::uint8_t value, TraceRecord& record);
    void resetRegisters();
    void startConverter();
    void stopConverter();
    void run();    // RPBM 0 -> 1
    void pause();  // RPBM 1 -> 0
    // Loads descriptors until one with data is found, the list ends or a fetch
    // faults. advanceFirst: CIV <- PIV, PIV + 1 before the first fetch.
    void loadDescriptor(bool advanceFirst);
    bool fetchCurrent();
    // The current descriptor is done; false when that ended the list.
    bool completeCurrent();
    void fault(const char* what, std::uint64_t address, std::uint64_t faultAddress);
    void injectedFault(std::uint64_t entryAddress);
    void faultWith(const TraceRecord& faultRecord);
    void setStatus(std::uint16_t bits, const char* recordName, const char* why);
    std::uint16_t statusRegister() const;
    std::uint16_t picb() const;

    // ---- data movement (Ac97EngineTransfer.cpp)
    bool dmaActive() const { return (m_cr & CR_RPBM) != 0 && m_dma == DmaState::Active; }
    void syncTo(TimeNs nowNs, bool burstDueNow);
    void syncDac(std::int64_t targetFrame);
    void syncAdc(std::int64_t targetFrame);
    void deliver(std::int64_t firstFrame, std::size_t frames, const std::uint8_t* bytes,
                 bool underrun);
    void beginGlitch(bool underrun, std::int64_t frame);
    void onBurst();
    void burstRender(std::uint32_t bytes);
    void burstCapture(std::uint32_t bytes);
    void onGlitchWatch();
    // Schedules the next burst (DMA active) or the glitch watch (DMA halted
    // while the converter runs), whichever applies.
    void reschedule();
    void notify() { m_statusChanged(); }

    // ---- coalesced bursts (Ac97EngineCatchUp.cpp; Ac97Config::coalesceBursts)
    bool burstPending() const;
    void cancelBurst();
    // Time of the next burst after one at atNs given the current FIFO and
    // converter state.
    TimeNs nextBurstDue(TimeNs atNs) const;
    // Runs every planned burst due at or before nowNs, in order.
    void catchUp(TimeNs nowNs, bool flushSummary = true);
    void runPlannedBurst();
    // Runs, in one pass, the planned render bursts due by nowNs that nothing
    // can observe (planObservableBurst()'s rules); returns how many ran.
    std::uint64_t runUnobservableBursts(TimeNs nowNs);
    // Due time of the first planned burst that needs an event of its own.
    TimeNs planObservableBurst() const;
    void scheduleObservableEvent();
    void onCoalescedEvent();
    void flushBurstSummary();
    void noteBurst(std::uint32_t bytes);

    TraceRecord record(TraceCategory category, const char* what) const;

    void setBytesPerFrame(std::uint32_t bytesPerFrame);

    Kernel& m_kernel;
    Scheduler& m_scheduler;
    const Ac97Config& m_config;
    const Engine m_id;
    std::function<void()> m_statusChanged;
    PcmSink* m_sink = nullptr;
    PcmSource* m_source = nullptr;
    std::uint16_t m_stream = kNoStream;

    // Registers.
    std::uint32_t m_bdbar = 0;
    std::uint8_t m_civ = 0;
    std::uint8_t m_lvi = 0;
    std::uint8_t m_piv = 0;
    std::uint8_t m_cr = 0;
    std::uint16_t m_srSticky = 0;  // LVBCI | BCIS | FIFOE
    std::uint32_t m_psFmt = kPsFmtReset;
    std::uint32_t m_psRate = kPsRateReset;
    PcmFormatRegister m_format = decodePsFmt(kPsFmtReset);
    std::uint32_t m_bytesPerFrame = 4;
    // Divisions by the bytes per frame, the burst size and the frames per
    // burst (burstBytes / bytes per frame when whole, else 1) in the burst
    // timing loops, without a hardware divide; kept by setBytesPerFrame().
    InvariantDivisor m_perFrame{4};
    InvariantDivisor m_perBurst{1};
    InvariantDivisor m_framesPerBurst{1};

    // DMA.
    DmaState m_dma = DmaState::Idle;
    BufferDescriptor m_desc;
    std::uint32_t m_descBytes = 0;
    std::uint32_t m_descUnitBytes = 2;
    std::uint32_t m_descOffset = 0;
    bool m_descLoaded = false;
    bool m_descriptorFaultArmed = false;
    EventId m_burstEvent;
    TimeNs m_burstDueNs = 0;
    bool m_inBurst = false;
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
    Ac97ConverterClock m_clock;
    std::int64_t m_framesClocked = 0;
    std::vector<std::uint8_t> m_lastFrame;  // render: last whole frame played
    std::vector<std::uint8_t> m_scratch;    // one chunk of frames
    std::vector<std::uint8_t> m_bulk;       // FIFO + memory bytes of a run of bursts
    bool m_inGlitch = false;
    EventId m_glitchEvent;

    // Totals.
    std::uint64_t m_bytesMoved = 0;
    std::uint64_t m_bursts = 0;
    std::uint64_t m_descriptorsCompleted = 0;
    std::int64_t m_underrunFrames = 0;
    std::int64_t m_overrunFrames = 0;
};

}  // namespace ps::ac97
