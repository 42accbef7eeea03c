// Stream set-up, format, state, position, registers, latency and
// notification events. The cyclic buffer and its BDL are in
// MiniportWaveRtHdaStreamBuffer.cpp.
#include "model/miniports/MiniportWaveRtHdaStream.h"

#include "model/miniports/MiniportWaveRtHda.h"
#include "model/miniports/WaveRtHdaFormat.h"

#include <algorithm>

namespace ps {

namespace {

// SRST reads back at once on a working controller; Linux polls about 300
// times before it gives up (snd_hdac_stream_reset).
constexpr int kResetPolls = 300;
constexpr ULONG kSdctlMask = 0x00FFFFFFu;  // SDnCTL is 24 bits; bits 31:24 are SDnSTS
// The AC97 RT sample's write cursor lead (DDI.md §8 GetPosition).
constexpr ULONG kAc97WriteLeadFrames = 8;

}  // namespace

CMiniportWaveRtHdaStream::CMiniportWaveRtHdaStream(CMiniportWaveRtHda& miniport,
                                                   unsigned descriptor, unsigned tag,
                                                   BOOLEAN Capture, PPORTWAVERTSTREAM PortStream,
                                                   const AudioFormat& format,
                                                   const hda::StreamFormat& streamFormat)
    : CUnknownImpl(miniport.options().registry, "CMiniportWaveRtHdaStream"),
      m_kernel(miniport.kernel()),
      m_miniport(miniport),
      m_descriptor(descriptor),
      m_tag(tag),
      m_capture(Capture),
      m_PortStream(PortStream),
      m_format(format),
      m_streamFormat(streamFormat) {
    m_miniport.AddRef();
    m_kernel.KeInitializeSpinLock(
        &m_PositionLock, Capture ? "HDA RT capture position lock" : "HDA RT render position lock");
    m_kernel.KeInitializeDpc(
        &m_NotificationDpc, &CMiniportWaveRtHdaStream::NotificationDpc, this,
        Capture ? "HDA RT capture notification DPC" : "HDA RT render notification DPC");
}

CMiniportWaveRtHdaStream::~CMiniportWaveRtHdaStream() {
    if (m_BufferMdl != nullptr) {
        // The port should have freed it; do what sysvad's destructor does.
        m_kernel.tracer().record(
            trace(TraceCategory::Dma, "buffer never freed").addUInt("BufferSize", m_bufferBytes));
        freeBuffer(m_BufferMdl, "~CMiniportWaveRtHdaStream");
    }
    if (!m_NotificationEvents.empty()) {
        m_kernel.tracer().record(trace(TraceCategory::Dma, "events never unregistered")
                                     .addUInt("Count", m_NotificationEvents.size()));
        m_NotificationEvents.clear();
    }
    if (m_registered) {
        KIRQL oldIrql;
        acquirePositionLock(&oldIrql);
        resetDescriptor();
        releasePositionLock(oldIrql);
        m_miniport.enableStreamInterrupt(m_descriptor, false);
        m_miniport.setStream(m_descriptor, nullptr);
    }
    m_kernel.KeRemoveQueueDpc(&m_NotificationDpc);
    if (m_positionRegisterVa != nullptr) {
        m_kernel.MmUnmapIoSpace(m_positionRegisterVa, sizeof(ULONG));
        m_positionRegisterVa = nullptr;
    }
    m_miniport.releaseStreamTag(m_capture, m_tag);
    m_PortStream = nullptr;
    m_miniport.Release();  // last: the registers belong to the miniport
}

NTSTATUS CMiniportWaveRtHdaStream::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown) {
        return grantInterface<IUnknown>(static_cast<IMiniportWaveRTStream*>(this), object);
    }
    if (iid == IID_IMiniportWaveRTStream) {
        return grantInterface<IMiniportWaveRTStream>(this, object);
    }
    if (iid == IID_IMiniportWaveRTStreamNotification) {
        return grantInterface<IMiniportWaveRTStreamNotification>(this, object);
    }
    return refuseInterface(object);
}

NTSTATUS CMiniportWaveRtHdaStream::Init() {
    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    resetAndProgramDescriptor();
    releasePositionLock(oldIrql);
    m_miniport.setStream(m_descriptor, this);
    m_registered = true;
    m_miniport.enableStreamInterrupt(m_descriptor, true);
    m_kernel.tracer().record(trace(TraceCategory::Dma, "stream created")
                                 .addUInt("Tag", m_tag)
                                 .addBool("Capture", m_capture)
                                 .addHex("SDFMT", hda::encodeFormat(m_streamFormat)));
    return STATUS_SUCCESS;
}

// ------------------------------------------------------------ format

NTSTATUS CMiniportWaveRtHdaStream::SetFormat(PKSDATAFORMAT DataFormat) {
    AudioFormat format;
    hda::StreamFormat streamFormat;
    const NTSTATUS parsed = hdaRtReadDataFormat(DataFormat, &format, &streamFormat);

    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    // SDnFMT may only change while the descriptor is stopped (HARDWARE.md
    // §2.5): the converter and the DMA would otherwise disagree mid-frame.
    if (m_ksState == KSSTATE_RUN && !m_miniport.options().acceptSetFormatWhileRunning) {
        releasePositionLock(oldIrql);
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!NT_SUCCESS(parsed)) {
        releasePositionLock(oldIrql);
        return parsed;
    }
    // SDnCBL must stay a whole number of frames, and the IOC points were
    // placed on the old format's frames.
    if (m_BufferMdl != nullptr && m_bufferBytes % format.bytesPerFrame() != 0) {
        releasePositionLock(oldIrql);
        return STATUS_NO_MATCH;
    }
    m_format = format;
    m_streamFormat = streamFormat;
    m_kernel.mmioSpace().WRITE_REGISTER_USHORT(
        m_miniport.streamRegisterAddress(m_descriptor, hda::SD_FMT),
        hda::encodeFormat(m_streamFormat));
    m_kernel.tracer().record(trace(TraceCategory::Register, "SDFMT written")
                                 .addHex("SDFMT", hda::encodeFormat(m_streamFormat))
                                 .addBool("DmaRunning", m_runSet));
    releasePositionLock(oldIrql);
    return STATUS_SUCCESS;
}

// ------------------------------------------------------------ state

NTSTATUS CMiniportWaveRtHdaStream::SetState(KSSTATE State) {
    KIRQL oldIrql;
    switch (State) {
        case KSSTATE_STOP:
            // A reset is the only way back to LPIB 0 (DDI.md §14 rule 2); it
            // also clears CBL, LVI and the BDL pointer, so program them again.
            acquirePositionLock(&oldIrql);
            resetAndProgramDescriptor();
            m_ksState = KSSTATE_STOP;
            releasePositionLock(oldIrql);
            // A completion the stopped stream no longer needs to report.
            m_kernel.KeRemoveQueueDpc(&m_NotificationDpc);
            return STATUS_SUCCESS;

        case KSSTATE_ACQUIRE:
            // Nothing to acquire: the descriptor and its tag are ours since
            // NewStream (as sysvad without a sideband, DDI.md §10.3).
            acquirePositionLock(&oldIrql);
            m_ksState = KSSTATE_ACQUIRE;
            releasePositionLock(oldIrql);
            return STATUS_SUCCESS;

        case KSSTATE_PAUSE:
            // Clearing RUN stops the DMA where it is: LPIB holds and RUN
            // resumes from there (the position freezes in PAUSE).
            acquirePositionLock(&oldIrql);
            if (m_ksState == KSSTATE_RUN && m_miniport.options().dmaRunsInPause) {
                m_kernel.tracer().record(trace(TraceCategory::Dma, "DMA left running in PAUSE"));
            } else {
                clearRun();
            }
            m_ksState = KSSTATE_PAUSE;
            releasePositionLock(oldIrql);
            return STATUS_SUCCESS;

        case KSSTATE_RUN:
            acquirePositionLock(&oldIrql);
            if (m_BufferMdl == nullptr) {
                // The DMA has nothing to move: refuse rather than run a
                // descriptor without a BDL.
                releasePositionLock(oldIrql);
                return STATUS_DEVICE_NOT_READY;
            }
            writeCtl(hda::withStreamTag(interruptEnables() | hda::SDCTL_RUN, m_tag));
            m_runSet = true;
            m_ksState = KSSTATE_RUN;
            m_watchdogSinceNs = -1;
            releasePositionLock(oldIrql);
            m_miniport.kickWorker();
            return STATUS_SUCCESS;
    }
    return STATUS_INVALID_PARAMETER;
}

// ------------------------------------------------------------ position

NTSTATUS CMiniportWaveRtHdaStream::GetPosition(PKSAUDIO_POSITION AudioPosition) {
    if (AudioPosition == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    ULONGLONG play = 0;
    if (m_BufferMdl != nullptr) {
        // LPIB counts 0..CBL-1 and wraps; a value outside means the register
        // was read mid-reset: Linux's azx_get_position treats it as 0.
        const ULONG lpib = readLpib();
        play = lpib < m_bufferBytes ? lpib : 0;
        if (m_miniport.options().positionOutsideBuffer && !m_positionBugDone) {
            play += m_bufferBytes;
            m_positionBugDone = true;
        }
    }
    ULONGLONG write = play;
    if (m_miniport.options().writeOffsetPolicy == WaveRtWriteOffsetPolicy::PlayPlusEightFrames &&
        m_BufferMdl != nullptr) {
        write = play + ULONGLONG{kAc97WriteLeadFrames} * m_format.bytesPerFrame();
    }
    releasePositionLock(oldIrql);
    AudioPosition->PlayOffset = play;
    AudioPosition->WriteOffset = write;
    return STATUS_SUCCESS;
}

ULONG CMiniportWaveRtHdaStream::positionAccuracyBytes() {
    return hda::fifosBytes(m_kernel.mmioSpace().READ_REGISTER_USHORT(
        m_miniport.streamRegisterAddress(m_descriptor, hda::SD_FIFOS)));
}

NTSTATUS CMiniportWaveRtHdaStream::GetPositionRegister(PKSRTAUDIO_HWREGISTER Register) {
    if (Register == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_miniport.options().offerPositionRegister) {
        return STATUS_NOT_SUPPORTED;  // the Docs' "no register" (DDI.md §8)
    }
    if (m_positionRegisterVa == nullptr) {
        m_positionRegisterVa =
            m_kernel.MmMapIoSpace(m_miniport.positionRegisterAddress(m_descriptor), sizeof(ULONG));
        if (m_positionRegisterVa == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    Register->Register = pointerToSimVa(m_positionRegisterVa);
    Register->Width = 32;
    Register->Numerator = 0;  // unused for a position register (§15.3)
    Register->Denominator = 0;
    Register->Accuracy = positionAccuracyBytes();
    return STATUS_SUCCESS;
}

NTSTATUS CMiniportWaveRtHdaStream::GetClockRegister(PKSRTAUDIO_HWREGISTER Register) {
    if (Register == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_miniport.options().offerClockRegister) {
        return STATUS_NOT_SUPPORTED;
    }
    const PVOID va = m_miniport.wallClockRegisterVa();
    if (va == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    // WALCLK counts every 24 MHz link bit clock and wraps after 2^32 ticks
    // (178.96 s, HARDWARE.md §2.2); it moves one tick at a time.
    Register->Register = pointerToSimVa(va);
    Register->Width = 32;
    Register->Numerator = hda::kWallClockHz;
    Register->Denominator = 1;
    Register->Accuracy = 1;
    return STATUS_SUCCESS;
}

void CMiniportWaveRtHdaStream::GetHWLatency(PKSRTAUDIO_HWLATENCY hwLatency) {
    if (hwLatency == nullptr) {
        return;
    }
    // SDnFIFOS depends on the format (HARDWARE.md §2.8), so read it now.
    const USHORT fifos = m_kernel.mmioSpace().READ_REGISTER_USHORT(
        m_miniport.streamRegisterAddress(m_descriptor, hda::SD_FIFOS));
    hwLatency->FifoSize = hda::fifosBytes(fifos);
    hwLatency->ChipsetDelay = 0;  // a PCI device (DDI.md §15.2)
    hwLatency->CodecDelay = m_miniport.options().codecDelay100ns;
}

// ------------------------------------------------------------ notification events

NTSTATUS CMiniportWaveRtHdaStream::RegisterNotificationEvent(PKEVENT NotificationEvent) {
    if (NotificationEvent == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    const bool duplicate = std::find(m_NotificationEvents.begin(), m_NotificationEvents.end(),
                                     NotificationEvent) != m_NotificationEvents.end();
    if (!duplicate) {
        m_NotificationEvents.push_back(NotificationEvent);
    }
    releasePositionLock(oldIrql);
    return duplicate ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;  // sysvad (DDI.md §9)
}

NTSTATUS CMiniportWaveRtHdaStream::UnregisterNotificationEvent(PKEVENT NotificationEvent) {
    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    const auto it =
        std::find(m_NotificationEvents.begin(), m_NotificationEvents.end(), NotificationEvent);
    const bool found = it != m_NotificationEvents.end();
    if (found) {
        m_NotificationEvents.erase(it);
    }
    releasePositionLock(oldIrql);
    return found ? STATUS_SUCCESS : STATUS_NOT_FOUND;
}

void CMiniportWaveRtHdaStream::onInterrupt(UCHAR streamStatus) {
    // DIRQL: acknowledge only, the events are signalled from the DPC.
    if ((streamStatus & hda::SDSTS_BCIS) != 0) {
        ++m_iocInterrupts;
        if (!m_kernel.KeInsertQueueDpc(&m_NotificationDpc, nullptr, nullptr)) {
            m_kernel.tracer().record(trace(TraceCategory::Dpc, "IOC merged into queued DPC"));
        }
    }
    if ((streamStatus & hda::SDSTS_FIFOE) != 0) {
        m_kernel.tracer().record(trace(TraceCategory::Glitch, "FIFO error")
                                     .addText("Kind", m_capture ? "overrun" : "underrun"));
    }
    if ((streamStatus & hda::SDSTS_DESE) != 0) {
        // Fatal: the controller cleared RUN (HARDWARE.md §2.6).
        m_kernel.tracer().record(trace(TraceCategory::Dma, "descriptor error"));
    }
}

void CMiniportWaveRtHdaStream::serviceWatchdog(TimeNs nowNs) {
    KIRQL oldIrql;
    acquirePositionLock(&oldIrql);
    const ULONG lpib = m_BufferMdl != nullptr ? readLpib() : 0;
    const bool running = m_ksState == KSSTATE_RUN && m_runSet;
    releasePositionLock(oldIrql);
    if (!running || m_watchdogSinceNs < 0 || lpib != m_watchdogLpib) {
        m_watchdogLpib = lpib;
        m_watchdogSinceNs = nowNs;
        m_stallReported = false;
        return;
    }
    if (!m_stallReported && nowNs - m_watchdogSinceNs >= kWatchdogStallNs) {
        m_stallReported = true;
        ++m_stalls;
        m_kernel.tracer().record(trace(TraceCategory::Dma, "DMA stall suspected")
                                     .addUInt("LPIB", lpib)
                                     .addInt("UnchangedNs", nowNs - m_watchdogSinceNs));
    }
}

void CMiniportWaveRtHdaStream::NotificationDpc(PKDPC /*Dpc*/, PVOID DeferredContext,
                                               PVOID /*SystemArgument1*/,
                                               PVOID /*SystemArgument2*/) {
    static_cast<CMiniportWaveRtHdaStream*>(DeferredContext)->signalNotificationEvents();
}

void CMiniportWaveRtHdaStream::signalNotificationEvents() {
    // DISPATCH_LEVEL. Signal under the position lock, as sysvad does, so that
    // a GetPosition never sees the packet boundary without its event.
    m_kernel.KeAcquireSpinLockAtDpcLevel(&m_PositionLock);
    ++m_dpcRuns;
    const ULONG lpib = m_BufferMdl != nullptr ? readLpib() : 0;
    for (PKEVENT event : m_NotificationEvents) {
        m_kernel.KeSetEvent(event, 0, FALSE);
    }
    m_kernel.tracer().record(trace(TraceCategory::Dpc, "notification events signalled")
                                 .addUInt("Events", m_NotificationEvents.size())
                                 .addUInt("LPIB", lpib)
                                 .addText("State", ksStateName(m_ksState)));
    m_kernel.KeReleaseSpinLockFromDpcLevel(&m_PositionLock);
}

// ------------------------------------------------------------ descriptor registers

ULONG CMiniportWaveRtHdaStream::readCtl() {
    return m_kernel.mmioSpace().READ_REGISTER_ULONG(
               m_miniport.streamRegisterAddress(m_descriptor, hda::SD_CTL)) &
           kSdctlMask;
}

UCHAR CMiniportWaveRtHdaStream::readCtlByte0() {
    return m_kernel.mmioSpace().READ_REGISTER_UCHAR(
        m_miniport.streamRegisterAddress(m_descriptor, hda::SD_CTL));
}

void CMiniportWaveRtHdaStream::writeCtl(ULONG value) {
    // A 32-bit write covers SDnSTS with zeros, which clears no W1C bit.
    m_kernel.mmioSpace().WRITE_REGISTER_ULONG(
        m_miniport.streamRegisterAddress(m_descriptor, hda::SD_CTL), value & kSdctlMask);
}

ULONG CMiniportWaveRtHdaStream::readLpib() {
    return m_kernel.mmioSpace().READ_REGISTER_ULONG(
        m_miniport.streamRegisterAddress(m_descriptor, hda::SD_LPIB));
}

ULONG CMiniportWaveRtHdaStream::interruptEnables() const {
    // IOC only for an event-mode buffer: a polling client reads positions and
    // an interrupt per packet would be wasted. Errors always interrupt, so
    // that underruns and descriptor faults show up in the trace.
    ULONG enables = hda::SDCTL_FEIE | hda::SDCTL_DEIE;
    if (m_notificationCount != 0) {
        enables |= hda::SDCTL_IOCE;
    }
    return enables;
}

void CMiniportWaveRtHdaStream::clearRun() {
    writeCtl(readCtl() & ~hda::SDCTL_RUN);
    m_runSet = false;
}

void CMiniportWaveRtHdaStream::resetDescriptor() {
    // RUN must be 0 before SRST is set (ICH6 §18.2.33); then the SRST
    // handshake of Linux's snd_hdac_stream_reset: set, wait for 1, clear,
    // wait for 0 (HARDWARE.md §6.3).
    writeCtl(readCtl() & ~(hda::SDCTL_RUN | hda::kSdctlInterruptEnables));
    m_runSet = false;
    m_kernel.mmioSpace().WRITE_REGISTER_UCHAR(
        m_miniport.streamRegisterAddress(m_descriptor, hda::SD_STS), hda::kSdstsWriteOneToClear);
    writeCtl(readCtl() | hda::SDCTL_SRST);
    int poll = 0;
    while ((readCtlByte0() & hda::SDCTL_SRST) == 0 && ++poll < kResetPolls) {
    }
    writeCtl(readCtl() & ~hda::SDCTL_SRST);
    poll = 0;
    while ((readCtlByte0() & hda::SDCTL_SRST) != 0 && ++poll < kResetPolls) {
    }
    if (poll == kResetPolls) {
        m_kernel.tracer().record(trace(TraceCategory::Dma, "descriptor reset timeout"));
    }
}

void CMiniportWaveRtHdaStream::resetAndProgramDescriptor() {
    resetDescriptor();
    IoSpace& mmio = m_kernel.mmioSpace();
    auto address = [this](std::uint32_t offset) {
        return m_miniport.streamRegisterAddress(m_descriptor, offset);
    };
    writeCtl(hda::withStreamTag(0, m_tag));
    if (m_BufferMdl != nullptr) {
        mmio.WRITE_REGISTER_ULONG(address(hda::SD_CBL), m_bufferBytes);
    }
    mmio.WRITE_REGISTER_USHORT(address(hda::SD_FMT), hda::encodeFormat(m_streamFormat));
    if (m_BufferMdl != nullptr) {
        mmio.WRITE_REGISTER_USHORT(address(hda::SD_LVI),
                                   static_cast<USHORT>(m_bdlEntries.size() - 1));
        mmio.WRITE_REGISTER_ULONG(address(hda::SD_BDPL), static_cast<ULONG>(m_bdlPhysical));
        mmio.WRITE_REGISTER_ULONG(address(hda::SD_BDPU), static_cast<ULONG>(m_bdlPhysical >> 32));
    }
    writeCtl(hda::withStreamTag(interruptEnables(), m_tag));
}

// ------------------------------------------------------------ locking, trace

void CMiniportWaveRtHdaStream::acquirePositionLock(KIRQL* oldIrql) {
    m_kernel.KeAcquireSpinLock(&m_PositionLock, oldIrql);
}

void CMiniportWaveRtHdaStream::releasePositionLock(KIRQL oldIrql) {
    m_kernel.KeReleaseSpinLock(&m_PositionLock, oldIrql);
}

TraceRecord CMiniportWaveRtHdaStream::trace(TraceCategory category, const char* what) const {
    // Named and returned (NRVO): returning the reference addText gives copies
    // the whole record.
    TraceRecord record(category, "miniport", what);
    record.addUInt("SD", m_descriptor).addText("Direction", m_capture ? "capture" : "render");
    return record;
}

}  // namespace ps
