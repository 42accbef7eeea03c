// The AC'97-style bus master (the ICH's NABM I/O space) as one I/O device:
// three DMA engines (Ac97Engine: PCM In, PCM Out, Mic In), the global
// registers GLOB_CNT, GLOB_STA and CAS, and the PortScope extension registers
// PS_FMT, PS_RATE and PS_PCNT (Ac97Registers.h; HARDWARE.md §1).
//
// Drivers reach it only through the kernel's READ_PORT_* / WRITE_PORT_* at
// config.ioBase + offset. Supported accesses (the natural width of each
// register, plus the combined 32-bit reads QEMU and the ICH7 datasheet allow):
//   engine +0x0 BDBAR  r/w 4      +0x4 CIV  r 1; r 4 = CIV | LVI << 8 | SR << 16
//   engine +0x5 LVI    r/w 1      +0x6 SR   r/w 2 (LVBCI, BCIS, FIFOE write 1 to clear)
//   engine +0x8 PICB   r 2; r 4 = PICB | PIV << 16 | CR << 24
//   engine +0xA PIV    r 1        +0xB CR   r/w 1
//   0x2C GLOB_CNT r/w 4, 0x30 GLOB_STA r 4, 0x34 CAS r/w 1,
//   0x40 + 4e PS_FMT r/w 4, 0x50 + 4e PS_RATE r/w 4, 0x60 + 4e PS_PCNT r 4.
// Anything else (another width, an undecoded offset) reads 0 and writes
// nothing; it is counted, and a write is traced. No driver input can crash it.
//
// Interrupts: the line config.interruptVector is asserted while any engine has
// (BCIS && IOCE) || (LVBCI && LVBIE) || (FIFOE && FEIE), and deasserted when
// none has; GLOB_STA's PIINT/POINT/MINT mirror the same per-engine condition.
// It is re-evaluated after every register access and every DMA or converter
// event. GLOB_STA also reports the primary codec ready (bit 8, always set:
// the codec is not modelled as a separate device). CAS always reads 0 (codec
// accesses complete at once).
//
// Trace (kernel.tracer(), source config.name): every register write
// (Register), DMA bursts, descriptor fetches and completions, status bits set
// (Dma), underruns and overruns (Glitch); see Ac97Engine.h. Reads are counted,
// not traced.
//
// Lifetime: the Kernel must outlive the controller. Simulation thread only.
#pragma once

#include "model/hw/PcmEndpoints.h"
#include "model/hw/ac97/Ac97Config.h"
#include "model/hw/ac97/Ac97Engine.h"
#include "model/hw/ac97/Ac97EngineState.h"
#include "model/hw/ac97/Ac97Registers.h"
#include "model/kernel/IoSpace.h"

#include <array>
#include <cstdint>
#include <memory>

namespace ps {
class Kernel;
class InterruptLine;
}  // namespace ps

namespace ps::ac97 {

// GLOB_STA bit 8, primary codec ready (ICH datasheets); not in the contract
// header because PortScope has no separate codec device.
constexpr std::uint32_t GLOB_STA_PCR = 0x100;

class Ac97Controller : public IoDevice {
  public:
    // Registers [ioBase, ioBase + kNabmLength) in kernel.ioSpace().
    // std::invalid_argument if the range is taken or the config is out of
    // range (burstBytes not a positive multiple of 4, fifoBytes < burstBytes
    // + 32, |sampleClockErrorPpm| > 500000, null name).
    Ac97Controller(Kernel& kernel, const Ac97Config& config);
    ~Ac97Controller() override;
    Ac97Controller(const Ac97Controller&) = delete;
    Ac97Controller& operator=(const Ac97Controller&) = delete;

    // IoDevice: offset relative to ioBase, widthBytes 1, 2 or 4.
    std::uint32_t ioRead(std::uint32_t offset, unsigned widthBytes) override;
    void ioWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value) override;

    const Ac97Config& config() const { return m_config; }

    // Where the PCM Out DAC plays to / a capture ADC records from (nullptr:
    // the DAC's output is dropped, the ADC records silence). The endpoint must
    // outlive the controller or be reset to nullptr first.
    void setSink(Engine engine, PcmSink* sink);
    void setSource(Engine engine, PcmSource* source);
    // Stream id carried by the engine's trace records (default kNoStream).
    void setTraceStream(Engine engine, std::uint16_t streamId);
    // Fault injection: the engine's next descriptor fetch faults (Ac97Engine).
    void injectDescriptorFault(Engine engine);

    // Snapshot of one engine as of its last sync; call syncAll() first for
    // converter-exact values.
    Ac97EngineState state(Engine engine) const;
    // The engine's 32 BDL slots as currently in memory (mapping-queue view).
    std::array<BdlEntryView, kBdlEntries> descriptors(Engine engine) const;
    // Brings every converter up to the scheduler's current time.
    void syncAll();

    // GLOB_CNT as last written, and GLOB_STA as a driver would read it
    // (neither syncs: the inspector reads them without changing the run).
    std::uint32_t globalControl() const { return m_globCnt; }
    std::uint32_t globalStatus() const;
    bool interruptAsserted() const;

    std::uint64_t registerReads() const { return m_reads; }
    std::uint64_t registerWrites() const { return m_writes; }
    // Accesses of an unsupported width or to an undecoded offset.
    std::uint64_t ignoredAccesses() const { return m_ignored; }

  private:
    Ac97Engine& engine(Engine e) { return *m_engines[static_cast<std::size_t>(e)]; }
    const Ac97Engine& engine(Engine e) const { return *m_engines[static_cast<std::size_t>(e)]; }
    void updateInterrupt();
    void ignoredWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value,
                      const char* reason);

    Kernel& m_kernel;
    const Ac97Config m_config;
    InterruptLine& m_line;
    std::array<std::unique_ptr<Ac97Engine>, kEngineCount> m_engines;
    std::uint32_t m_globCnt = 0;
    std::uint64_t m_reads = 0;
    std::uint64_t m_writes = 0;
    std::uint64_t m_ignored = 0;
};

}  // namespace ps::ac97
