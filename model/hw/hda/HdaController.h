// The HD Audio-style controller as one MMIO device: global registers (GCAP,
// GCTL, INTCTL, INTSTS, WALCLK, SSYNC, DPLBASE/DPUBASE), config.inputStreams
// input then config.outputStreams output stream descriptors (HdaStream), the
// LPIB alias page and the DMA position buffer (HdaRegisters.h; HARDWARE.md
// §2). The codec is not a separate device: each stream's converter takes its
// format from SDnFMT.
//
// Drivers reach it only through Kernel::mmioSpace() (READ_REGISTER_* /
// WRITE_REGISTER_*) at config.mmioBase + offset, or through a VA from
// Kernel::MmMapIoSpace. Any 1-, 2- or 4-byte access is decoded per register
// and byte lane (HdaRegisters.h "Access model"); bytes no register covers read
// 0 and ignore writes (counted; a write is traced). No driver input can crash
// it.
//
// Reset: the controller powers up in reset (GCTL.CRST = 0). While CRST = 0
// every other register reads its reset value (WALCLK 0) and ignores writes
// (traced). CRST 0 -> 1 takes effect at once and restarts WALCLK from 0;
// CRST 1 -> 0 stops and resets every stream and clears INTCTL, SSYNC,
// DPLBASE and DPUBASE.
//
// WALCLK (§2.2): floor((now - CRST 0 -> 1 instant) * 24 / 1000) mod 2^32,
// computed on read from simulated time (never ahead of the DMA: both run on
// the same clock). Reads are not traced.
//
// Interrupts: INTSTS.SIS bit n = stream n's (BCIS && IOCE) || (FIFOE && FEIE)
// || (DESE && DEIE); GIS = any SIS (CIS is never set: no CORB/RIRB). The line
// config.interruptVector is asserted while GIE && (SIS & SIE) != 0, and
// re-evaluated after every register access and every DMA or converter event;
// the driver deasserts it by clearing SDnSTS bits (W1C) or the enables. SIS
// is kept as a mask that the streams update whenever their status or control
// changes, so neither INTSTS nor the line asks every stream.
//
// DMA position buffer (§2.4): while DPLBASE bit 0 is set, every burst of
// stream n writes its LPIB (32-bit little endian) to the 128-byte aligned
// DPUBASE:DPLBASE + 8 * n, before any BCIS that burst raises.
//
// Trace (kernel.tracer(), source config.name): register writes (Register,
// decoded), stream run/stop/reset, BDL validation results, bursts, link
// start/stop, BCIS/FIFOE/DESE (Dma), underruns and overruns (Glitch). Reads
// are counted, not traced.
//
// Lifetime: the Kernel must outlive the controller. Simulation thread only.
#pragma once

#include "model/hw/PcmEndpoints.h"
#include "model/hw/hda/HdaConfig.h"
#include "model/hw/hda/HdaRegisters.h"
#include "model/hw/hda/HdaStream.h"
#include "model/hw/hda/HdaStreamState.h"
#include "model/kernel/IoSpace.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ps {
class Kernel;
class InterruptLine;
}  // namespace ps

namespace ps::hda {

class HdaController : public IoDevice {
  public:
    // Registers [mmioBase, mmioBase + kMmioLength) in kernel.mmioSpace().
    // std::invalid_argument if the range is taken or the config is out of
    // range (see HdaConfig).
    HdaController(Kernel& kernel, const HdaConfig& config);
    ~HdaController() override;
    HdaController(const HdaController&) = delete;
    HdaController& operator=(const HdaController&) = delete;

    // IoDevice: offset relative to mmioBase, widthBytes 1, 2 or 4.
    std::uint32_t ioRead(std::uint32_t offset, unsigned widthBytes) override;
    void ioWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value) override;

    const HdaConfig& config() const { return m_config; }

    // ---- stream descriptor indices and addresses
    unsigned streamCount() const { return static_cast<unsigned>(m_streams.size()); }
    // Descriptor index of input k / output k; std::out_of_range if k is not
    // below config.inputStreams / config.outputStreams.
    unsigned streamIndexOfInput(unsigned k) const;
    unsigned streamIndexOfOutput(unsigned k) const;
    bool isOutputStream(unsigned index) const { return stream(index).isOutput(); }
    // The newest runs of glitching frames of a stream (HdaStream::glitchMarks).
    const std::deque<HdaGlitchMark>& glitchMarks(unsigned index) const {
        return stream(index).glitchMarks();
    }
    // MMIO offset of a stream's register block (0x80 + 0x20 * index) and the
    // bus address of one of its registers (what WRITE_REGISTER_* takes).
    static std::uint32_t streamMmioOffset(unsigned index) { return streamOffset(index); }
    std::uint32_t registerAddress(std::uint32_t offset) const { return m_config.mmioBase + offset; }
    std::uint32_t streamRegisterAddress(unsigned index, std::uint32_t streamRegister) const {
        return m_config.mmioBase + streamOffset(index) + streamRegister;
    }

    // ---- endpoints and trace ids (index: descriptor index; out_of_range if bad)
    // Where an output stream's DAC plays to / an input stream's ADC records
    // from (nullptr: played frames are dropped, the ADC records silence). The
    // endpoint must outlive the controller or be reset to nullptr first.
    void setSink(unsigned index, PcmSink* sink);
    void setSource(unsigned index, PcmSource* source);
    // Stream id carried by the stream's trace records (default kNoStream).
    void setTraceStream(unsigned index, std::uint16_t streamId);
    // Fault injection: the stream's next descriptor fetch faults (HdaStream).
    void injectDescriptorFault(unsigned index);

    // ---- observation (tests, inspector)
    // Snapshot as of the last sync; call syncAll() first for converter-exact values.
    HdaStreamState state(unsigned index) const;
    // The stream's LVI + 1 BDL entries as currently in memory.
    std::vector<HdaBdlView> bdl(unsigned index) const;
    // WALCLK as a driver would read it now.
    std::uint32_t wallClock() const;
    // INTSTS / INTCTL as a driver would read them.
    std::uint32_t interruptStatus() const;
    std::uint32_t interruptControl() const { return m_intctl; }
    // GCTL, and SSYNC / DPLBASE / DPUBASE as stored (what readGlobal returns;
    // no sync, no count).
    std::uint32_t globalControl() const { return m_gctl; }
    const HdaLinkState& linkState() const { return m_link; }
    bool interruptAsserted() const;
    bool inReset() const { return !m_link.controllerRunning; }
    // Brings every converter up to the scheduler's current time.
    void syncAll();

    std::uint64_t registerReads() const { return m_reads; }
    std::uint64_t registerWrites() const { return m_writes; }
    // Accesses that touched no register (undecoded bytes, alias writes).
    std::uint64_t ignoredAccesses() const { return m_ignored; }

  private:
    HdaStream& stream(unsigned index);
    const HdaStream& stream(unsigned index) const;
    std::uint32_t readGlobal(std::uint32_t offset);
    // ioRead() of everything but its two common cases (lane decoding, global
    // registers, unclaimed offsets); out of line to keep ioRead() small.
    [[gnu::noinline]] std::uint32_t ioReadDecoded(std::uint32_t offset, unsigned widthBytes);
    void writeGlobal(std::uint32_t offset, std::uint32_t value, std::uint32_t mask);
    void writeGctl(std::uint32_t value);
    void resetController();
    void updateInterrupt();
    void ignoredWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value,
                      const char* reason);
    std::uint32_t streamMask() const;

    Kernel& m_kernel;
    const HdaConfig m_config;
    InterruptLine& m_line;
    HdaLinkState m_link;
    std::vector<std::unique_ptr<HdaStream>> m_streams;
    std::uint32_t m_gctl = 0;
    std::uint32_t m_intctl = 0;
    // INTSTS.SIS: bit n = stream n's interruptPending(), kept by the streams
    // at every SDnSTS and SDnCTL change (HdaStream::setSts / setCtl).
    std::uint32_t m_sisMask = 0;
    TimeNs m_wallClockOriginNs = 0;
    std::uint64_t m_reads = 0;
    std::uint64_t m_writes = 0;
    std::uint64_t m_ignored = 0;
};

}  // namespace ps::hda
