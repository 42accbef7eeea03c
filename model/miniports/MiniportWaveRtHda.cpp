#include "model/miniports/MiniportWaveRtHda.h"

#include "model/miniports/MiniportWaveRtHdaStream.h"
#include "model/miniports/WaveRtHdaFormat.h"

namespace ps {

namespace {

// CRST takes effect at once in a controller that works; a bounded poll keeps
// a broken one from hanging Init (Linux polls for about 100 ms).
constexpr int kResetPolls = 100;
// SIS occupies INTSTS bits 29:0 (one per descriptor).
constexpr ULONG kStreamStatusMask = (1u << hda::kMaxStreams) - 1u;
constexpr unsigned kMaxStreamTag = 15;  // SDnCTL.STRM is 4 bits; 0 means "no stream"

struct StreamSlotUpdate {
    std::array<CMiniportWaveRtHdaStream*, hda::kMaxStreams>* slots;
    unsigned descriptor;
    CMiniportWaveRtHdaStream* stream;
};

// Runs under the interrupt spin lock, so the ISR never sees a stream that is
// half registered or already gone.
BOOLEAN updateStreamSlot(PVOID context) {
    auto* update = static_cast<StreamSlotUpdate*>(context);
    (*update->slots)[update->descriptor] = update->stream;
    return TRUE;
}

}  // namespace

NTSTATUS createMiniportWaveRtHda(Kernel& kernel, const WaveRtMiniportOptions& options,
                                 PUNKNOWN* Unknown) {
    if (Unknown == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Unknown = nullptr;
    // STD_CREATE_BODY: the creator's QueryInterface takes the first reference.
    auto* miniport = new CMiniportWaveRtHda(kernel, options);
    void* unknown = nullptr;
    const NTSTATUS status = miniport->NonDelegatingQueryInterface(IID_IUnknown, &unknown);
    if (!NT_SUCCESS(status)) {
        delete miniport;
        return status;
    }
    *Unknown = static_cast<PUNKNOWN>(unknown);
    return STATUS_SUCCESS;
}

CMiniportWaveRtHda::CMiniportWaveRtHda(Kernel& kernel, const WaveRtMiniportOptions& options)
    : CUnknownImpl(options.registry, "CMiniportWaveRtHda"), m_kernel(kernel), m_options(options) {
    buildFilterDescriptor();
}

CMiniportWaveRtHda::~CMiniportWaveRtHda() {
    // Every stream holds a reference on the miniport, so none is left here.
    // Device stop / removal: resources are unregistered before they go.
    if (!m_options.keepResourcesRegisteredAtDelete) {
        unregisterStreamResources();
    }
    disconnectInterrupt();
    stopWorkerThread();
    m_ResourceManager2 = nullptr;
    m_ResourceManager = nullptr;
    if (m_wallClockVa != nullptr) {
        m_kernel.MmUnmapIoSpace(m_wallClockVa, sizeof(ULONG));
        m_wallClockVa = nullptr;
    }
}

NTSTATUS CMiniportWaveRtHda::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown) {
        return grantInterface<IUnknown>(static_cast<IMiniportWaveRT*>(this), object);
    }
    if (iid == IID_IMiniport) {
        return grantInterface<IMiniport>(this, object);
    }
    if (iid == IID_IMiniportWaveRT) {
        return grantInterface<IMiniportWaveRT>(this, object);
    }
    if (iid == IID_IAdapterPowerManagement3) {
        return grantInterface<IAdapterPowerManagement3>(this, object);
    }
    return refuseInterface(object);
}

void CMiniportWaveRtHda::buildFilterDescriptor() {
    m_FilterDescriptor.name = "HD Audio WaveRT";

    PCPIN_DESCRIPTOR render;
    render.name = "Render";
    render.DataFlow = KSPIN_DATAFLOW_IN;  // the render sink: data flows into the filter
    render.streaming = true;
    render.MaxInstanceCount = m_outputStreams;
    render.DataRanges = {hdaRtStreamDataRange()};

    PCPIN_DESCRIPTOR capture;
    capture.name = "Capture";
    capture.DataFlow = KSPIN_DATAFLOW_OUT;
    capture.streaming = true;
    capture.MaxInstanceCount = m_inputStreams;
    capture.DataRanges = {hdaRtStreamDataRange()};

    m_FilterDescriptor.Pins = {render, capture};
}

NTSTATUS CMiniportWaveRtHda::GetDescription(PPCFILTER_DESCRIPTOR* Description) {
    if (Description == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Description = &m_FilterDescriptor;
    return STATUS_SUCCESS;
}

NTSTATUS CMiniportWaveRtHda::DataRangeIntersection(ULONG, const KSDATARANGE_AUDIO*,
                                                   const KSDATARANGE_AUDIO*, ULONG, PVOID, PULONG) {
    // The port's default intersection handler does the work (as sysvad for
    // its plain pins).
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS CMiniportWaveRtHda::GetDeviceDescription(PDEVICE_DESCRIPTION DeviceDescription) {
    if (DeviceDescription == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    // sysvad zeroes the structure first and asks for an unlimited transfer
    // length (DDI.md §7 GetDeviceDescription); an HD Audio controller masters
    // its own scatter/gather DMA through the BDL.
    *DeviceDescription = DEVICE_DESCRIPTION{};
    DeviceDescription->Master = TRUE;
    DeviceDescription->ScatterGather = TRUE;
    DeviceDescription->Dma32BitAddresses = TRUE;
    DeviceDescription->Dma64BitAddresses = m_dma64;
    DeviceDescription->InterfaceType = PCIBus;
    DeviceDescription->DmaWidth = Width32Bits;
    DeviceDescription->MaximumLength = 0xFFFFFFFFu;
    return STATUS_SUCCESS;
}

NTSTATUS CMiniportWaveRtHda::Init(PUNKNOWN /*UnknownAdapter*/, PRESOURCELIST ResourceList,
                                  PPORTWAVERT Port) {
    if (ResourceList == nullptr || Port == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (m_initialized) {
        return STATUS_UNSUCCESSFUL;
    }

    // The HDBAR memory range and one interrupt, or the device cannot work.
    PCM_PARTIAL_RESOURCE_DESCRIPTOR memory =
        ResourceList->FindTranslatedEntry(CmResourceTypeMemory, 0);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR irq =
        ResourceList->FindTranslatedEntry(CmResourceTypeInterrupt, 0);
    if (memory == nullptr || memory->Port.Length < hda::kRegisterSetBytes ||
        memory->Port.Start + hda::kRegisterSetBytes > 0x1'0000'0000ull || irq == nullptr) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    m_mmioBase = static_cast<std::uint32_t>(memory->Port.Start);
    m_lpibAliasDecoded = memory->Port.Length >= hda::kMmioLength &&
                         memory->Port.Start + hda::kMmioLength <= 0x1'0000'0000ull;

    if (!resetController()) {
        return STATUS_DEVICE_NOT_READY;
    }
    const USHORT gcap = m_kernel.mmioSpace().READ_REGISTER_USHORT(registerAddress(hda::GCAP));
    m_inputStreams = hda::gcapInputStreams(gcap);
    m_outputStreams = hda::gcapOutputStreams(gcap);
    m_dma64 = (gcap & hda::GCAP_64OK) != 0;
    m_kernel.tracer().record(trace(TraceCategory::Register, "GCAP read")
                                 .addHex("GCAP", gcap)
                                 .addUInt("InputStreams", m_inputStreams)
                                 .addUInt("OutputStreams", m_outputStreams)
                                 .addBool("64OK", m_dma64));
    if ((m_inputStreams == 0 && m_outputStreams == 0) ||
        m_inputStreams + m_outputStreams > hda::kMaxStreams) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    // The port must be valid before the ISR can run.
    m_Port = ComPtr<IPortWaveRT>(Port);
    m_interruptVector = irq->Interrupt.Vector;
    m_interruptLevel = irq->Interrupt.Level > DISPATCH_LEVEL && irq->Interrupt.Level < CLOCK_LEVEL
                           ? static_cast<KIRQL>(irq->Interrupt.Level)
                           : kDefaultDeviceIrql;
    m_interruptAffinity = irq->Interrupt.Affinity;
    const NTSTATUS status = connectInterrupt();
    if (!NT_SUCCESS(status)) {
        m_Port = nullptr;
        return status;
    }
    // Global and controller interrupt enables; each stream adds its SIE bit.
    m_kernel.mmioSpace().WRITE_REGISTER_ULONG(registerAddress(hda::INTCTL),
                                              hda::INTCTL_GIE | hda::INTCTL_CIE);
    m_initialized = true;
    buildFilterDescriptor();  // the instance counts come from GCAP
    startWorkerThread();
    queryResourceManager();
    registerStreamResources();
    return STATUS_SUCCESS;
}

bool CMiniportWaveRtHda::resetController() {
    // Enter reset, then leave it, waiting for GCTL.CRST to read back each time
    // (Linux azx_reset; HARDWARE.md §2.1). Leaving reset restarts WALCLK and
    // puts every stream descriptor in its reset state.
    IoSpace& mmio = m_kernel.mmioSpace();
    const std::uint32_t gctl = registerAddress(hda::GCTL);
    mmio.WRITE_REGISTER_ULONG(gctl, mmio.READ_REGISTER_ULONG(gctl) & ~hda::GCTL_CRST);
    int poll = 0;
    while ((mmio.READ_REGISTER_ULONG(gctl) & hda::GCTL_CRST) != 0 && ++poll < kResetPolls) {
    }
    mmio.WRITE_REGISTER_ULONG(gctl, mmio.READ_REGISTER_ULONG(gctl) | hda::GCTL_CRST);
    poll = 0;
    while ((mmio.READ_REGISTER_ULONG(gctl) & hda::GCTL_CRST) == 0 && ++poll < kResetPolls) {
    }
    const bool ok = (mmio.READ_REGISTER_ULONG(gctl) & hda::GCTL_CRST) != 0;
    m_kernel.tracer().record(
        trace(TraceCategory::Register, "controller reset").addBool("OutOfReset", ok));
    return ok;
}

int CMiniportWaveRtHda::freeDescriptor(bool capture) const {
    // Inputs are descriptors 0..ISS-1, outputs ISS..ISS+OSS-1 (HARDWARE.md §2.1).
    const unsigned first = capture ? 0 : m_inputStreams;
    const unsigned count = capture ? m_inputStreams : m_outputStreams;
    for (unsigned n = first; n < first + count; ++n) {
        if (m_streams[n] == nullptr) {
            return static_cast<int>(n);
        }
    }
    return -1;
}

unsigned CMiniportWaveRtHda::allocateStreamTag(bool capture) {
    // Tags name a stream on the link; input and output tags are separate
    // namespaces (the codec's converters tell the directions apart).
    auto& inUse = m_tagsInUse[capture ? 1 : 0];
    for (unsigned tag = 1; tag <= kMaxStreamTag; ++tag) {
        if (!inUse[tag]) {
            inUse[tag] = true;
            return tag;
        }
    }
    return 0;
}

void CMiniportWaveRtHda::releaseStreamTag(bool capture, unsigned tag) {
    if (tag >= 1 && tag <= kMaxStreamTag) {
        m_tagsInUse[capture ? 1 : 0][tag] = false;
    }
}

NTSTATUS CMiniportWaveRtHda::NewStream(PMINIPORTWAVERTSTREAM* Stream, PPORTWAVERTSTREAM PortStream,
                                       ULONG Pin, BOOLEAN Capture, PKSDATAFORMAT DataFormat) {
    if (Stream == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Stream = nullptr;
    if (PortStream == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_initialized) {
        return STATUS_DEVICE_NOT_READY;
    }
    // Pin 0 renders through an output descriptor, pin 1 captures through an
    // input descriptor; the Capture flag must agree with the pin's data flow.
    if (!((Pin == kHdaRtPinRender && !Capture) || (Pin == kHdaRtPinCapture && Capture))) {
        return STATUS_INVALID_PARAMETER;
    }
    AudioFormat format;
    hda::StreamFormat streamFormat;
    const NTSTATUS formatStatus = hdaRtReadDataFormat(DataFormat, &format, &streamFormat);
    if (!NT_SUCCESS(formatStatus)) {
        return formatStatus;
    }
    const int descriptor = freeDescriptor(Capture);
    if (descriptor < 0) {
        return STATUS_INSUFFICIENT_RESOURCES;  // sysvad: over the instance limit
    }
    const unsigned tag = allocateStreamTag(Capture);
    if (tag == 0) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto* newStream = new CMiniportWaveRtHdaStream(*this, static_cast<unsigned>(descriptor), tag,
                                                   Capture, PortStream, format, streamFormat);
    newStream->AddRef();
    const NTSTATUS status = newStream->Init();
    if (!NT_SUCCESS(status)) {
        newStream->Release();  // gives the tag back
        return status;
    }
    *Stream = newStream;
    return STATUS_SUCCESS;
}

std::uint32_t CMiniportWaveRtHda::positionRegisterAddress(unsigned descriptor) const {
    // The alias page exists so that a driver can map LPIB for a client
    // without exposing the control registers next to it.
    return m_lpibAliasDecoded ? m_mmioBase + hda::lpibAliasOffset(descriptor)
                              : streamRegisterAddress(descriptor, hda::SD_LPIB);
}

PVOID CMiniportWaveRtHda::wallClockRegisterVa() {
    if (m_wallClockVa == nullptr && m_initialized) {
        m_wallClockVa = m_kernel.MmMapIoSpace(registerAddress(hda::WALCLK), sizeof(ULONG));
    }
    return m_wallClockVa;
}

void CMiniportWaveRtHda::setStream(unsigned descriptor, CMiniportWaveRtHdaStream* stream) {
    StreamSlotUpdate update{&m_streams, descriptor, stream};
    if (m_InterruptObject != nullptr) {
        m_kernel.KeSynchronizeExecution(m_InterruptObject, &updateStreamSlot, &update);
    } else {
        updateStreamSlot(&update);
    }
    const std::uint32_t bit = std::uint32_t{1} << descriptor;
    m_streamSlots = stream != nullptr ? m_streamSlots | bit : m_streamSlots & ~bit;
}

void CMiniportWaveRtHda::enableStreamInterrupt(unsigned descriptor, bool enable) {
    IoSpace& mmio = m_kernel.mmioSpace();
    const std::uint32_t intctl = registerAddress(hda::INTCTL);
    const ULONG value = mmio.READ_REGISTER_ULONG(intctl);
    mmio.WRITE_REGISTER_ULONG(
        intctl, enable ? value | hda::streamBit(descriptor) : value & ~hda::streamBit(descriptor));
}

BOOLEAN CMiniportWaveRtHda::InterruptServiceRoutine(PKINTERRUPT /*Interrupt*/,
                                                    PVOID ServiceContext) {
    return static_cast<CMiniportWaveRtHda*>(ServiceContext)->serviceInterrupt();
}

BOOLEAN CMiniportWaveRtHda::serviceInterrupt() {
    IoSpace& mmio = m_kernel.mmioSpace();
    const ULONG intsts = mmio.READ_REGISTER_ULONG(registerAddress(hda::INTSTS));
    // 0: not our device (the line is shared); all ones: the device is gone (a
    // surprise removal reads as a floating bus).
    if (intsts == 0 || intsts == 0xFFFFFFFFu) {
        return FALSE;
    }
    const ULONG streamBits = intsts & kStreamStatusMask;
    // Every set SIS bit, bidirectional descriptors included: one left
    // unacknowledged would keep the level-sensitive line asserted.
    for (unsigned n = 0; n < hda::kMaxStreams; ++n) {
        if ((streamBits & hda::streamBit(n)) == 0) {
            continue;
        }
        // Acknowledge by writing the W1C bits back; SIS (and the line) drop
        // once no enabled status bit is left.
        const std::uint32_t sts = streamRegisterAddress(n, hda::SD_STS);
        const UCHAR status = mmio.READ_REGISTER_UCHAR(sts);
        mmio.WRITE_REGISTER_UCHAR(sts, status & hda::kSdstsWriteOneToClear);
        CMiniportWaveRtHdaStream* descriptorStream = stream(n);
        m_kernel.tracer().record(trace(TraceCategory::Interrupt, "ISR ack")
                                     .addUInt("SD", n)
                                     .addHex("INTSTS", intsts)
                                     .addHex("SDSTS", status)
                                     .addBool("Stream", descriptorStream != nullptr));
        if (descriptorStream != nullptr) {
            descriptorStream->onInterrupt(status);
        }
    }
    return streamBits != 0 ? TRUE : FALSE;
}

TraceRecord CMiniportWaveRtHda::trace(TraceCategory category, const char* what) const {
    return TraceRecord(category, "miniport", what);
}

}  // namespace ps
