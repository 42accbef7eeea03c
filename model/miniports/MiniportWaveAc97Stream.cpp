// Stream set-up, format, state, position and the DMA register helpers. The
// mapping work (GetNewMappings, ReleaseUsedMappings, RevokeMappings) is in
// MiniportWaveAc97StreamMappings.cpp.
#include "model/miniports/MiniportWaveAc97Stream.h"

#include "model/miniports/Ac97StreamFormat.h"
#include "model/miniports/MiniportWaveAc97.h"

#include <algorithm>

namespace ps {

using namespace ac97;

namespace {

constexpr ULONGLONG k100nsUnitsPerSecond = 10'000'000;
// AC97's GetAllocatorFraming (DDI.md §2): 8 frames of 10 ms.
constexpr ULONG kFramingFrames = 8;
constexpr ULONG kFramingFramesPerSecondDivisor = 100;  // 10 ms
// ResetDMA polls RR about 10 times (DDI.md §6.6).
constexpr int kResetPolls = 10;

}  // namespace

const char* ac97DmaStateName(Ac97DmaState state) {
    switch (state) {
        case Ac97DmaState::Off:
            return "OFF";
        case Ac97DmaState::On:
            return "ON";
        case Ac97DmaState::Reset:
            return "RESET";
        case Ac97DmaState::NeedStart:
            return "NEED_START";
    }
    return "?";
}

CMiniportWaveAc97Stream::CMiniportWaveAc97Stream(CMiniportWaveAc97& miniport, Engine engine,
                                                 BOOLEAN Capture, PPORTWAVEPCISTREAM PortStream,
                                                 const AudioFormat& format)
    : CUnknownImpl(miniport.options().registry, "CMiniportWaveAc97Stream"),
      m_kernel(miniport.kernel()),
      m_miniport(miniport),
      m_engine(engine),
      m_capture(Capture),
      m_PortStream(PortStream),
      m_format(format),
      m_lengthUnitBytes(ac97LengthUnitBytes(format)),
      m_lengthUnitShift(ac97LengthUnitShift(format)) {
    m_miniport.AddRef();
    m_kernel.KeInitializeSpinLock(&m_MapLock, Capture ? "AC97 PI MapLock" : "AC97 PO MapLock");
}

CMiniportWaveAc97Stream::~CMiniportWaveAc97Stream() {
    if (m_registered) {
        m_miniport.setStream(m_engine, nullptr);
    }
    if (m_bdl) {
        // Stop the engine before its descriptor list goes away.
        KIRQL oldIrql;
        acquireMapLock(&oldIrql);
        writeCr(CR_RR);
        releaseMapLock(oldIrql);
        m_miniport.dmaChannel()->GetAdapterObject()->FreeCommonBuffer(
            m_bdl->Length, m_bdl->LogicalAddress, m_bdl->VirtualAddress, FALSE);
        m_bdl.reset();
    }
    if (!m_ring.empty()) {
        // The port should have revoked these; they can no longer be released.
        m_kernel.tracer().record(trace(TraceCategory::Dma, "stream destroyed with mappings")
                                     .addUInt("Count", m_ring.count()));
    }
    m_ServiceGroup = nullptr;
    m_PortStream = nullptr;
    m_miniport.Release();  // last: the BDL's adapter belongs to the miniport
}

NTSTATUS CMiniportWaveAc97Stream::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown) {
        return grantInterface<IUnknown>(static_cast<IMiniportWavePciStream*>(this), object);
    }
    if (iid == IID_IMiniportWavePciStream) {
        return grantInterface<IMiniportWavePciStream>(this, object);
    }
    return refuseInterface(object);
}

NTSTATUS CMiniportWaveAc97Stream::Init() {
    PSERVICEGROUP group = nullptr;
    NTSTATUS status = PcNewServiceGroup(
        m_kernel, &group, nullptr, m_capture ? "AC97 PI stream group" : "AC97 PO stream group");
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_ServiceGroup.attach(group);

    // The BDL must be physically contiguous and reachable by a 32-bit bus
    // master: a common buffer of the DMA channel's adapter. Uncached, as AC97,
    // because the engine reads it behind the CPU's back.
    m_bdl = m_miniport.dmaChannel()->GetAdapterObject()->AllocateCommonBuffer(kBdlBytes, FALSE);
    if (!m_bdl) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KIRQL oldIrql;
    acquireMapLock(&oldIrql);
    ResetDMA();
    programFormat();
    releaseMapLock(oldIrql);

    // XP+ ports answer IPreFetchOffset: keep the port's write cursor close to
    // the play position (AC97: 32 frames; DDI.md §4).
    ComPtr<IPreFetchOffset> preFetch =
        m_PortStream.queryInterface<IPreFetchOffset>(IID_IPreFetchOffset);
    if (preFetch) {
        preFetch->SetPreFetchOffset(m_miniport.options().preFetchOffsetFrames *
                                    m_format.bytesPerFrame());
    }

    m_miniport.setStream(m_engine, this);
    m_registered = true;
    return STATUS_SUCCESS;
}

// ------------------------------------------------------------ format

NTSTATUS CMiniportWaveAc97Stream::SetFormat(PKSDATAFORMAT DataFormat) {
    KIRQL oldIrql;
    acquireMapLock(&oldIrql);
    // Queued descriptors carry lengths in the current format's units and the
    // engine ignores PS_FMT while it runs: change the format only when idle.
    const bool busy =
        m_ksState == KSSTATE_RUN ||
        (static_cast<UCHAR>(m_dmaState) & static_cast<UCHAR>(Ac97DmaState::On)) != 0 ||
        !m_ring.empty();
    if (busy && !m_miniport.options().acceptSetFormatWhileRunning) {
        releaseMapLock(oldIrql);
        return STATUS_INVALID_DEVICE_STATE;
    }
    AudioFormat format;
    if (!NT_SUCCESS(ac97ReadDataFormat(DataFormat, &format))) {
        releaseMapLock(oldIrql);
        return STATUS_INVALID_PARAMETER;
    }
    m_format = format;
    m_lengthUnitBytes = ac97LengthUnitBytes(format);
    m_lengthUnitShift = ac97LengthUnitShift(format);
    programFormat();
    releaseMapLock(oldIrql);
    return STATUS_SUCCESS;
}

void CMiniportWaveAc97Stream::programFormat() {
    IoSpace& io = m_kernel.ioSpace();
    io.WRITE_PORT_ULONG(m_miniport.port(psFmtOffset(m_engine)),
                        encodePsFmt(ac97FormatRegister(m_format)));
    io.WRITE_PORT_ULONG(m_miniport.port(psRateOffset(m_engine)), m_format.rateHz);
}

// ------------------------------------------------------------ state

NTSTATUS CMiniportWaveAc97Stream::SetState(KSSTATE State) {
    KIRQL oldIrql;
    switch (State) {
        case KSSTATE_STOP:
            acquireMapLock(&oldIrql);
            PauseDMA();
            releaseMapLock(oldIrql);
            ReleaseUsedMappings();
            // Position restarts at 0 (DDI.md §14 rule 2). Queued mappings stay
            // for RevokeMappings; the engine can still play exactly them.
            acquireMapLock(&oldIrql);
            if (m_engineStarted) {
                updateConverterPosition();
            }
            m_frames.zero();
            m_fillerBytes = 0;
            m_programmedBytes = 0;
            for (ULONG position = m_passedEntries; position < m_ring.count(); ++position) {
                m_programmedBytes += programmedBytes(m_ring.at(position));
            }
            m_totalBytesMapped = 0;
            m_totalBytesReleased = 0;
            m_lastPosition = 0;
            m_ksState = KSSTATE_STOP;
            releaseMapLock(oldIrql);
            return STATUS_SUCCESS;

        case KSSTATE_ACQUIRE:
        case KSSTATE_PAUSE:
            // AC97 treats ACQUIRE as PAUSE (DDI.md §14 rule 4). Pausing stops
            // the converter, so the position freezes.
            acquireMapLock(&oldIrql);
            PauseDMA();
            if (m_engineStarted) {
                updateConverterPosition();
            }
            m_ksState = State;
            releaseMapLock(oldIrql);
            ReleaseUsedMappings();
            return STATUS_SUCCESS;

        case KSSTATE_RUN:
            m_ksState = KSSTATE_RUN;
            if (m_dmaState == Ac97DmaState::On) {
                return STATUS_SUCCESS;
            }
            ReleaseUsedMappings();
            GetNewMappings();
            acquireMapLock(&oldIrql);
            ResumeDMA();
            releaseMapLock(oldIrql);
            return STATUS_SUCCESS;
    }
    return STATUS_INVALID_PARAMETER;
}

// ------------------------------------------------------------ position

NTSTATUS CMiniportWaveAc97Stream::GetPosition(PULONGLONG Position) {
    if (Position == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    KIRQL oldIrql;
    acquireMapLock(&oldIrql);
    ULONGLONG position = 0;
    if (m_miniport.options().positionFromPicb) {
        position = picbPositionBytes();
    } else {
        if (m_engineStarted) {
            updateConverterPosition();
        }
        position = converterPositionBytes();
    }
    const ULONG frameBytes = m_format.bytesPerFrame();
    if (m_miniport.options().positionGoesBackwards && !m_positionBugDone &&
        m_lastPosition >= frameBytes && position > m_lastPosition) {
        position = m_lastPosition - frameBytes;
        m_positionBugDone = true;
    }
    m_lastPosition = position;
    releaseMapLock(oldIrql);
    *Position = position;
    return STATUS_SUCCESS;
}

void CMiniportWaveAc97Stream::updateConverterPosition() {
    m_frames.sample(readPcnt());
    // While the engine sits at the end of its list (CELV), everything
    // programmed has been fetched, so a DAC that has clocked more than that
    // played underrun filler: take it out of the position for good.
    if (!m_capture && (readSr() & SR_CELV) != 0) {
        const ULONGLONG clocked = m_frames.frames() * m_format.bytesPerFrame() - m_fillerBytes;
        if (clocked > m_programmedBytes) {
            m_fillerBytes += clocked - m_programmedBytes;
        }
    }
}

ULONGLONG CMiniportWaveAc97Stream::converterPositionBytes() const {
    const ULONGLONG clocked = m_frames.frames() * m_format.bytesPerFrame() - m_fillerBytes;
    return std::min(clocked, m_totalBytesMapped);
}

ULONGLONG CMiniportWaveAc97Stream::picbPositionBytes() {
    // The AC97 sample's formula (DDI.md §2 GetPosition): released bytes, plus
    // entries passed but not yet released, plus the fetched part of the
    // current one. It is the DMA position, ahead of the DAC by the FIFO.
    const UCHAR civ = readCiv();
    const USHORT picb = readPicb();
    if (civ == 0 && picb == 0 && m_totalBytesReleased == 0) {
        return 0;  // not started
    }
    ULONGLONG position = m_totalBytesReleased;
    const ULONG distance = m_ring.positionOfSlot(civ);
    if (distance < m_ring.count()) {
        for (ULONG p = 0; p < distance; ++p) {
            position += m_ring.at(p).ByteCount;
        }
        const ULONG current = programmedBytes(m_ring.at(distance));
        position += current - std::min<ULONG>(current, ULONG{picb} * m_lengthUnitBytes);
    }
    return position;
}

NTSTATUS CMiniportWaveAc97Stream::NormalizePhysicalPosition(PLONGLONG PhysicalPosition) {
    if (PhysicalPosition == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    const ULONGLONG bytesPerSecond = m_format.bytesPerSecond();
    if (bytesPerSecond == 0) {
        return STATUS_UNSUCCESSFUL;
    }
    // Whole seconds and the remainder separately: bytes * 10^7 would overflow
    // after ~15 days at 192 kHz x 8 ch x 32 bit; this form never does for a
    // result that fits. (AC97 divides first and loses precision, DDI.md §2.)
    const LONGLONG bytes = *PhysicalPosition;
    const ULONGLONG magnitude =
        bytes < 0 ? ULONGLONG{0} - static_cast<ULONGLONG>(bytes) : static_cast<ULONGLONG>(bytes);
    const ULONGLONG seconds = magnitude / bytesPerSecond;
    const ULONGLONG remainder = magnitude % bytesPerSecond;
    const ULONGLONG units =
        seconds * k100nsUnitsPerSecond + remainder * k100nsUnitsPerSecond / bytesPerSecond;
    *PhysicalPosition = bytes < 0 ? -static_cast<LONGLONG>(units) : static_cast<LONGLONG>(units);
    return STATUS_SUCCESS;
}

NTSTATUS CMiniportWaveAc97Stream::GetAllocatorFraming(PKSALLOCATOR_FRAMING AllocatorFraming) {
    if (AllocatorFraming == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    // As AC97 (DDI.md §2): preferences only, 8 frames of 10 ms in whole audio
    // frames (the rate is >= 8000 Hz, so never 0).
    AllocatorFraming->RequirementsFlags =
        KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY | KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY;
    AllocatorFraming->PoolType = NonPagedPool;
    AllocatorFraming->Frames = kFramingFrames;
    AllocatorFraming->FrameSize =
        m_format.bytesPerFrame() * (m_format.rateHz / kFramingFramesPerSecondDivisor);
    AllocatorFraming->FileAlignment = FILE_LONG_ALIGNMENT;
    AllocatorFraming->Reserved = 0;
    return STATUS_SUCCESS;
}

// ------------------------------------------------------------ DMA helpers
// All of them run with MapLock held: it guards the engine's registers too
// (DDI.md §6.1).

UCHAR CMiniportWaveAc97Stream::readCiv() {
    return static_cast<UCHAR>(
        m_kernel.ioSpace().READ_PORT_UCHAR(m_miniport.port(engineBase(m_engine) + CIV)) %
        kBdlEntries);
}

USHORT CMiniportWaveAc97Stream::readSr() {
    return m_kernel.ioSpace().READ_PORT_USHORT(m_miniport.port(engineBase(m_engine) + SR));
}

USHORT CMiniportWaveAc97Stream::readPicb() {
    return m_kernel.ioSpace().READ_PORT_USHORT(m_miniport.port(engineBase(m_engine) + PICB));
}

ULONG CMiniportWaveAc97Stream::readPcnt() {
    return m_kernel.ioSpace().READ_PORT_ULONG(m_miniport.port(psPcntOffset(m_engine)));
}

void CMiniportWaveAc97Stream::writeLvi(ULONG index) {
    m_kernel.ioSpace().WRITE_PORT_UCHAR(m_miniport.port(engineBase(m_engine) + LVI),
                                        static_cast<UCHAR>(index % kBdlEntries));
}

void CMiniportWaveAc97Stream::writeCr(UCHAR value) {
    m_kernel.ioSpace().WRITE_PORT_UCHAR(m_miniport.port(engineBase(m_engine) + CR), value);
}

void CMiniportWaveAc97Stream::setDmaState(Ac97DmaState state, const char* why) {
    if (state == m_dmaState) {
        return;
    }
    m_kernel.tracer().record(trace(TraceCategory::Dma, "DMA state")
                                 .addText("From", ac97DmaStateName(m_dmaState))
                                 .addText("To", ac97DmaStateName(state))
                                 .addText("Why", why)
                                 .addUInt("Entries", m_ring.count()));
    m_dmaState = state;
}

void CMiniportWaveAc97Stream::ResetDMA() {
    // PS_PCNT restarts at 0 with the reset: count what it holds first.
    if (m_engineStarted) {
        updateConverterPosition();
    }
    IoSpace& io = m_kernel.ioSpace();
    const std::uint32_t cr = m_miniport.port(engineBase(m_engine) + CR);
    io.WRITE_PORT_UCHAR(cr, static_cast<UCHAR>(io.READ_PORT_UCHAR(cr) & ~CR_RPBM));
    io.WRITE_PORT_UCHAR(cr, CR_RR);
    int poll = 0;
    while ((io.READ_PORT_UCHAR(cr) & CR_RR) != 0 && ++poll < kResetPolls) {
    }
    if (poll == kResetPolls) {
        m_kernel.tracer().record(trace(TraceCategory::Dma, "engine reset timeout"));
    }
    // The reset cleared the interrupt enables and BDBAR (the engine restarts
    // at entry 0 of the list, CIV = LVI = 0).
    io.WRITE_PORT_UCHAR(cr, CR_IOCE | CR_LVBIE);
    io.WRITE_PORT_ULONG(m_miniport.port(engineBase(m_engine) + BDBAR),
                        static_cast<ULONG>(m_bdl->LogicalAddress));
    m_frames.engineReset(readPcnt());
    m_engineStarted = false;
    setDmaState(Ac97DmaState::Reset, "ResetDMA");
}

void CMiniportWaveAc97Stream::PauseDMA() {
    if (m_dmaState == Ac97DmaState::On) {
        const std::uint32_t cr = m_miniport.port(engineBase(m_engine) + CR);
        IoSpace& io = m_kernel.ioSpace();
        io.WRITE_PORT_UCHAR(cr, static_cast<UCHAR>(io.READ_PORT_UCHAR(cr) & ~CR_RPBM));
        setDmaState(Ac97DmaState::Off, "PauseDMA");
    } else if (m_dmaState == Ac97DmaState::NeedStart) {
        setDmaState(Ac97DmaState::Reset, "PauseDMA");
    }
}

bool CMiniportWaveAc97Stream::readyToStart() const {
    // AC97 starts a reset engine only with two entries queued, so that it
    // never runs off the end while the driver appends the second one.
    // PortScope also starts with one entry when it is the last mapping of its
    // packet: nothing more may come for a while, and a one-mapping stream
    // must still play (the engine stops cleanly at LVI and LVBCI reports it).
    const ULONG playable = m_ring.count() - m_passedEntries;
    const ULONG wanted = std::min<ULONG>(2, std::max<ULONG>(1, m_miniport.options().maxEntries));
    if (playable >= wanted) {
        return true;
    }
    return playable == 1 && m_ring.slot(m_ring.lastSlot()).Flags != 0;
}

void CMiniportWaveAc97Stream::ResumeDMA() {
    if (m_dmaState == Ac97DmaState::On) {
        return;
    }
    const bool reset =
        (static_cast<UCHAR>(m_dmaState) & static_cast<UCHAR>(Ac97DmaState::Reset)) != 0;
    if (reset && !readyToStart()) {
        setDmaState(Ac97DmaState::NeedStart, "ResumeDMA: fewer than 2 entries");
        return;
    }
    const std::uint32_t cr = m_miniport.port(engineBase(m_engine) + CR);
    IoSpace& io = m_kernel.ioSpace();
    io.WRITE_PORT_UCHAR(cr, static_cast<UCHAR>(io.READ_PORT_UCHAR(cr) | CR_RPBM));
    m_engineStarted = true;
    setDmaState(Ac97DmaState::On, "ResumeDMA");
}

// ------------------------------------------------------------ locking, trace

void CMiniportWaveAc97Stream::acquireMapLock(KIRQL* oldIrql) {
    m_kernel.KeAcquireSpinLock(&m_MapLock, oldIrql);
}

void CMiniportWaveAc97Stream::releaseMapLock(KIRQL oldIrql) {
    m_kernel.KeReleaseSpinLock(&m_MapLock, oldIrql);
}

TraceRecord CMiniportWaveAc97Stream::trace(TraceCategory category, const char* what) const {
    // Named and returned (NRVO): returning the reference addText gives copied
    // the whole record with `rep movsq`.
    TraceRecord record(category, "miniport", what);
    record.addText("Engine", engineName(m_engine));
    return record;
}

}  // namespace ps
