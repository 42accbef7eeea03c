// CMiniportWaveAc97Stream: one WavePci stream of the AC'97 sample miniport,
// bound to one DMA engine (pin 0 -> PCM Out, pin 1 -> PCM In). It follows the
// AC97 sample's CMiniportWaveICHStream (DDI.md §6): a 32-entry buffer
// descriptor list (BDL) in a common buffer, a mapping table ring that mirrors
// it (Ac97MappingRing), and a MapLock spin lock that guards the BDL, the ring
// and the engine's DMA registers.
//
// Contract towards the port (IRQLs per DDI.md §2):
// - Created in KSSTATE_STOP at position 0 with the DMA engine reset.
// - SetState (PASSIVE): STOP and ACQUIRE/PAUSE pause the DMA and release the
//   mappings the engine has finished; STOP also zeroes the position and the
//   byte totals. Queued mappings stay queued: the port revokes them. RUN
//   releases finished mappings, gets new ones and starts the DMA once two
//   entries are queued, or one that ends its packet (NEED_START otherwise).
//   Always STATUS_SUCCESS.
// - MappingAvailable (<= DISPATCH) and Service (DISPATCH): release what the
//   engine has finished, then GetMapping until the port says STATUS_NOT_FOUND
//   or maxEntries (31) are queued. The port calls MappingAvailable after it
//   has refused a GetMapping and has data again, in any state; mappings taken
//   outside RUN are queued without starting the DMA.
// - GetMapping tags are unique, incrementing ULONG values starting at 1 (never
//   reused, never 0); ReleaseMapping is called strictly in acquisition order,
//   only for entries the engine has passed, with MapLock dropped.
// - RevokeMappings (DISPATCH): FirstTag..LastTag inclusive, in acquisition
//   order, both queued, else STATUS_UNSUCCESSFUL with *MappingsRevoked 0 (also
//   for an empty queue). Resets the engine (the only way to clear its caches),
//   puts the entry to resume with in slot 0, drops the range, and restarts the
//   DMA if the stream is in RUN. Revoked mappings are never released. Never
//   calls the port; entries the engine had already passed are released from
//   Service, which it requests on the stream's group before returning.
// - GetPosition (PASSIVE): stream-relative bytes of the sample at the DAC
//   (render) or ADC (capture): PS_PCNT frames x bytes per frame, extended to
//   64 bits across wraps and engine resets, minus the underrun filler the DAC
//   played while starved, clamped to the bytes mapped. 0 after creation and
//   STOP, frozen while paused.
// - NormalizePhysicalPosition (any IRQL): bytes -> 100 ns units, exact,
//   without overflow for any position that fits a LONGLONG.
// - SetFormat (PASSIVE): STATUS_INVALID_DEVICE_STATE while in RUN, while the
//   DMA is on or waiting to start, or while mappings are queued (their
//   descriptor lengths are in the old format's units); STATUS_INVALID_PARAMETER
//   for a format outside the pin's range.
// - GetAllocatorFraming: as AC97: SYSTEM_MEMORY | PREFERENCES_ONLY, 8 frames
//   of 10 ms of whole audio frames, FILE_LONG_ALIGNMENT, NonPagedPool.
//
// The stream holds references on the miniport and on PortStream until it is
// destroyed (as AC97); the port breaks that cycle by releasing the stream when
// the pin closes.
#pragma once

#include "model/hw/ac97/Ac97Registers.h"
#include "model/kernel/ComBase.h"
#include "model/kernel/Kernel.h"
#include "model/ks/AudioFormat.h"
#include "model/miniports/Ac97FrameCounter.h"
#include "model/miniports/Ac97MappingRing.h"
#include "model/portcls/WavePciInterfaces.h"

#include <optional>

namespace ps {

class CMiniportWaveAc97;

// The sample's DMA engine state, two bits: RESET | ON (DDI.md §6.2).
enum class Ac97DmaState : UCHAR { Off = 0, On = 1, Reset = 2, NeedStart = 3 };
const char* ac97DmaStateName(Ac97DmaState state);  // "OFF", "ON", "RESET", "NEED_START"

class CMiniportWaveAc97Stream final : public CUnknownImpl<IMiniportWavePciStream> {
  public:
    // Only CMiniportWaveAc97::NewStream creates streams.
    CMiniportWaveAc97Stream(CMiniportWaveAc97& miniport, ac97::Engine engine, BOOLEAN Capture,
                            PPORTWAVEPCISTREAM PortStream, const AudioFormat& format);
    ~CMiniportWaveAc97Stream() override;

    // Allocates the BDL and the service group, resets and programs the engine,
    // sets the prefetch offset and registers with the miniport's ISR.
    NTSTATUS Init();

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IMiniportWavePciStream
    NTSTATUS SetFormat(PKSDATAFORMAT DataFormat) override;
    NTSTATUS SetState(KSSTATE State) override;
    NTSTATUS GetPosition(PULONGLONG Position) override;
    NTSTATUS NormalizePhysicalPosition(PLONGLONG PhysicalPosition) override;
    NTSTATUS GetAllocatorFraming(PKSALLOCATOR_FRAMING AllocatorFraming) override;
    NTSTATUS RevokeMappings(PVOID FirstTag, PVOID LastTag, PULONG MappingsRevoked) override;
    void MappingAvailable() override;
    void Service() override;

    // The stream's service group (not AddRef'd); the ISR notifies it.
    PSERVICEGROUP serviceGroup() const { return m_ServiceGroup.get(); }
    // Called by the ISR at DIRQL, only with the getMappingFromIsr bug switch.
    void getMappingAtDirql();

    // ---- inspection (tests, views); simulation thread only
    ac97::Engine engine() const { return m_engine; }
    bool isCapture() const { return m_capture; }
    const AudioFormat& format() const { return m_format; }
    KSSTATE ksState() const { return m_ksState; }
    Ac97DmaState dmaState() const { return m_dmaState; }
    const Ac97MappingRing& mappingRing() const { return m_ring; }
    PHYSICAL_ADDRESS bdlPhysicalAddress() const { return m_bdl ? m_bdl->LogicalAddress : 0; }
    ULONGLONG totalBytesMapped() const { return m_totalBytesMapped; }
    ULONGLONG totalBytesReleased() const { return m_totalBytesReleased; }
    // Head entries known finished without reading CIV (those before slot 0
    // after a reset), and whether RPBM was set since the last reset: with
    // CIV and SR these say which queued entries the engine has finished.
    ULONG passedEntries() const { return m_passedEntries; }
    bool engineStarted() const { return m_engineStarted; }

  private:
    // ---- DMA register helpers (MiniportWaveAc97Stream.cpp); MapLock held.
    UCHAR readCiv();
    USHORT readSr();
    USHORT readPicb();
    ULONG readPcnt();
    void writeLvi(ULONG index);
    void writeCr(UCHAR value);
    void setDmaState(Ac97DmaState state, const char* why);
    void ResetDMA();
    void PauseDMA();
    void ResumeDMA();
    bool readyToStart() const;
    void programFormat();
    // Samples PS_PCNT into m_frames and absorbs underrun filler (render).
    void updateConverterPosition();
    ULONGLONG converterPositionBytes() const;
    ULONGLONG picbPositionBytes();

    // ---- mappings (MiniportWaveAc97StreamMappings.cpp)
    void GetNewMappings();
    void ReleaseUsedMappings();
    // Entries at the head the engine has passed; reads CIV/SR. MapLock held.
    ULONG releasableEntries();
    void releaseToPort(ULONG tag);
    // Stores a mapping GetMapping returned and fills its BDL entry; MapLock held.
    void queueMapping(ULONG tag, PHYSICAL_ADDRESS physical, PVOID virtualAddress, ULONG bytes,
                      ULONG flags);
    void writeBdlEntry(ULONG slot);
    ULONG programmedBytes(const Ac97Mapping& mapping) const {
        return programmedUnits(mapping) << m_lengthUnitShift;
    }
    // The same in descriptor length units (the BDL entry's sample count).
    ULONG programmedUnits(const Ac97Mapping& mapping) const;
    // Position in the ring of the entry the engine must resume with after a
    // reset (count() when it has passed them all); sets that entry's skip to
    // the first frame boundary after what the DMA fetched. MapLock held,
    // engine paused.
    ULONG resumePosition(UCHAR civ, USHORT sr, USHORT picb);
    void acquireMapLock(KIRQL* oldIrql);
    void releaseMapLock(KIRQL oldIrql);
    TraceRecord trace(TraceCategory category, const char* what) const;

    Kernel& m_kernel;
    CMiniportWaveAc97& m_miniport;  // referenced (AddRef in the constructor)
    const ac97::Engine m_engine;
    const bool m_capture;
    ComPtr<IPortWavePciStream> m_PortStream;
    ComPtr<IServiceGroup> m_ServiceGroup;
    AudioFormat m_format;
    ULONG m_lengthUnitBytes = 2;
    ULONG m_lengthUnitShift = 1;  // log2(m_lengthUnitBytes)
    bool m_registered = false;

    KSPIN_LOCK m_MapLock;
    std::optional<CommonBuffer> m_bdl;
    Ac97MappingRing m_ring;
    ULONG m_nextTag = 1;
    ULONG m_passedEntries = 0;  // head entries known passed (before slot 0 after a reset)
    Ac97DmaState m_dmaState = Ac97DmaState::Reset;
    bool m_engineStarted = false;  // RPBM set since the last reset
    bool m_starved = false;        // "starved" traced for the current underrun
    KSSTATE m_ksState = KSSTATE_STOP;

    ULONGLONG m_totalBytesMapped = 0;
    ULONGLONG m_totalBytesReleased = 0;
    ULONGLONG m_streamBytesMapped = 0;  // never reset: frame phase of each mapping
    ULONGLONG m_bytesSinceIoc = 0;

    Ac97FrameCounter m_frames;
    ULONGLONG m_fillerBytes = 0;      // underrun filler counted by PS_PCNT (render)
    ULONGLONG m_programmedBytes = 0;  // stream bytes the engine can have played

    ULONGLONG m_lastPosition = 0;
    bool m_positionBugDone = false;
    bool m_unknownTagBugDone = false;
    bool m_doubleReleaseBugDone = false;
};

}  // namespace ps
