#include "model/miniports/MiniportWaveAc97.h"

#include "model/miniports/Ac97StreamFormat.h"
#include "model/miniports/MiniportWaveAc97Stream.h"

namespace ps {

using ac97::Engine;

namespace {

// AC97 asks for 128 KiB - 2: the largest length a 16-bit-sample descriptor
// can hold (DDI.md §1 Init).
constexpr ULONG kMaximumDmaLength = 0x1FFFE;
// ResetDMA polls RR about 10 times (DDI.md §6.6); the bit is self-clearing.
constexpr int kResetPolls = 10;

constexpr Engine kEngines[] = {Engine::PcmOut, Engine::PcmIn, Engine::MicIn};

struct StreamSlotUpdate {
    std::array<CMiniportWaveAc97Stream*, ac97::kEngineCount>* slots;
    Engine engine;
    CMiniportWaveAc97Stream* stream;
};

// Runs under the interrupt spin lock, so the ISR never sees a stream that is
// half registered or already gone.
BOOLEAN updateStreamSlot(PVOID context) {
    auto* update = static_cast<StreamSlotUpdate*>(context);
    (*update->slots)[static_cast<std::size_t>(update->engine)] = update->stream;
    return TRUE;
}

}  // namespace

NTSTATUS createMiniportWaveAc97(Kernel& kernel, const WavePciMiniportOptions& options,
                                PUNKNOWN* Unknown) {
    if (Unknown == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Unknown = nullptr;
    // STD_CREATE_BODY: the creator's QueryInterface takes the first reference.
    auto* miniport = new CMiniportWaveAc97(kernel, options);
    void* unknown = nullptr;
    const NTSTATUS status = miniport->NonDelegatingQueryInterface(IID_IUnknown, &unknown);
    if (!NT_SUCCESS(status)) {
        delete miniport;
        return status;
    }
    *Unknown = static_cast<PUNKNOWN>(unknown);
    return STATUS_SUCCESS;
}

CMiniportWaveAc97::CMiniportWaveAc97(Kernel& kernel, const WavePciMiniportOptions& options)
    : CUnknownImpl(options.registry, "CMiniportWaveAc97"), m_kernel(kernel), m_options(options) {
    buildFilterDescriptor();
}

CMiniportWaveAc97::~CMiniportWaveAc97() {
    // Every stream holds a reference on the miniport, so none is left here.
    // Device removal: the registration goes before the interrupt does.
    unregisterInterruptResource();
    disconnectInterrupt();
}

NTSTATUS CMiniportWaveAc97::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown) {
        return grantInterface<IUnknown>(static_cast<IMiniportWavePci*>(this), object);
    }
    if (iid == IID_IMiniport) {
        return grantInterface<IMiniport>(this, object);
    }
    if (iid == IID_IMiniportWavePci) {
        return grantInterface<IMiniportWavePci>(this, object);
    }
    if (iid == IID_IAdapterPowerManagement3) {
        return grantInterface<IAdapterPowerManagement3>(this, object);
    }
    return refuseInterface(object);
}

void CMiniportWaveAc97::buildFilterDescriptor() {
    m_FilterDescriptor.name = "AC97 WavePci";

    PCPIN_DESCRIPTOR waveOut;
    waveOut.name = "Wave Out";
    waveOut.DataFlow = KSPIN_DATAFLOW_IN;  // the render sink: data flows into the filter
    waveOut.streaming = true;
    waveOut.MaxInstanceCount = 1;
    waveOut.DataRanges = {ac97StreamDataRange()};

    PCPIN_DESCRIPTOR waveIn;
    waveIn.name = "Wave In";
    waveIn.DataFlow = KSPIN_DATAFLOW_OUT;
    waveIn.streaming = true;
    waveIn.MaxInstanceCount = 1;
    waveIn.DataRanges = {ac97StreamDataRange()};

    PCPIN_DESCRIPTOR speaker;
    speaker.name = "Speaker (bridge)";
    speaker.DataFlow = KSPIN_DATAFLOW_OUT;
    speaker.streaming = false;
    speaker.MaxInstanceCount = 0;

    PCPIN_DESCRIPTOR lineIn;
    lineIn.name = "Line In (bridge)";
    lineIn.DataFlow = KSPIN_DATAFLOW_IN;
    lineIn.streaming = false;
    lineIn.MaxInstanceCount = 0;

    m_FilterDescriptor.Pins = {waveOut, waveIn, speaker, lineIn};
}

NTSTATUS CMiniportWaveAc97::GetDescription(PPCFILTER_DESCRIPTOR* Description) {
    if (Description == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Description = &m_FilterDescriptor;
    return STATUS_SUCCESS;
}

NTSTATUS CMiniportWaveAc97::DataRangeIntersection(ULONG, const KSDATARANGE_AUDIO*,
                                                  const KSDATARANGE_AUDIO*, ULONG, PVOID, PULONG) {
    // The port's default intersection handler does the work (DDI.md §1).
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS CMiniportWaveAc97::Init(PUNKNOWN /*UnknownAdapter*/, PRESOURCELIST ResourceList,
                                 PPORTWAVEPCI Port, PSERVICEGROUP* ServiceGroup) {
    if (ResourceList == nullptr || Port == nullptr || ServiceGroup == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *ServiceGroup = nullptr;
    if (m_initialized) {
        return STATUS_UNSUCCESSFUL;
    }

    // One I/O range covering the NABM registers and one interrupt, or the
    // device cannot work (AC97 refuses a list without an interrupt, DDI.md §1).
    PCM_PARTIAL_RESOURCE_DESCRIPTOR io = ResourceList->FindTranslatedEntry(CmResourceTypePort, 0);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR irq =
        ResourceList->FindTranslatedEntry(CmResourceTypeInterrupt, 0);
    if (io == nullptr || io->Port.Length < ac97::kNabmLength ||
        io->Port.Start + ac97::kNabmLength > 0x1'0000'0000ull || irq == nullptr) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    m_ioBase = static_cast<std::uint32_t>(io->Port.Start);

    for (Engine engine : kEngines) {
        resetEngine(engine);
    }

    // The port must be valid before the ISR can run: it calls Port->Notify.
    m_Port = ComPtr<IPortWavePci>(Port);
    m_interruptLevel = irq->Interrupt.Level > DISPATCH_LEVEL && irq->Interrupt.Level < CLOCK_LEVEL
                           ? static_cast<KIRQL>(irq->Interrupt.Level)
                           : kDefaultDeviceIrql;
    m_interruptVector = irq->Interrupt.Vector;
    m_interruptAffinity = irq->Interrupt.Affinity;
    NTSTATUS status = connectInterrupt();
    if (!NT_SUCCESS(status)) {
        m_Port = nullptr;
        return status;
    }

    PDMACHANNEL channel = nullptr;
    status = Port->NewMasterDmaChannel(&channel, nullptr, NonPagedPool, nullptr,
                                       TRUE,   // ScatterGather
                                       TRUE,   // Dma32BitAddresses
                                       FALSE,  // Dma64BitAddresses
                                       FALSE,  // IgnoreCount
                                       Width32Bits, MaximumDmaSpeed, kMaximumDmaLength, 0);
    if (!NT_SUCCESS(status) || channel == nullptr) {
        disconnectInterrupt();
        m_Port = nullptr;
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }
    m_DmaChannel.attach(channel);
    m_initialized = true;
    // Registered once the device works (the Docs: after creating the
    // resource).
    registerInterruptResource();
    return STATUS_SUCCESS;  // *ServiceGroup stays NULL: the filter needs no service
}

void CMiniportWaveAc97::resetEngine(Engine engine) {
    IoSpace& io = m_kernel.ioSpace();
    const std::uint32_t cr = port(ac97::engineBase(engine) + ac97::CR);
    io.WRITE_PORT_UCHAR(cr, 0);  // stop the bus master before resetting it
    io.WRITE_PORT_UCHAR(cr, ac97::CR_RR);
    for (int poll = 0; poll < kResetPolls; ++poll) {
        if ((io.READ_PORT_UCHAR(cr) & ac97::CR_RR) == 0) {
            return;
        }
    }
    // AC97 only logs a reset that does not complete; so does PortScope.
    m_kernel.tracer().record(TraceRecord(TraceCategory::Dma, "miniport", "engine reset timeout")
                                 .addText("Engine", ac97::engineName(engine)));
}

NTSTATUS CMiniportWaveAc97::NewStream(PMINIPORTWAVEPCISTREAM* Stream, PUNKNOWN /*OuterUnknown*/,
                                      POOL_TYPE /*PoolType*/, PPORTWAVEPCISTREAM PortStream,
                                      ULONG Pin, BOOLEAN Capture, PKSDATAFORMAT DataFormat,
                                      PDMACHANNEL* DmaChannel, PSERVICEGROUP* ServiceGroup) {
    if (Stream == nullptr || DmaChannel == nullptr || ServiceGroup == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Stream = nullptr;
    *DmaChannel = nullptr;
    *ServiceGroup = nullptr;
    if (PortStream == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!m_initialized) {
        return STATUS_UNSUCCESSFUL;
    }

    // Pin 0 renders through PCM Out, pin 1 captures through PCM In; the
    // Capture flag must agree with the pin's data flow.
    Engine engine;
    if (Pin == kAc97PinWaveOut && !Capture) {
        engine = Engine::PcmOut;
    } else if (Pin == kAc97PinWaveIn && Capture) {
        engine = Engine::PcmIn;
    } else {
        return STATUS_INVALID_PARAMETER;
    }
    if (stream(engine) != nullptr) {
        return STATUS_UNSUCCESSFUL;  // one stream per engine (AC97: channel in use)
    }
    AudioFormat format;
    if (!NT_SUCCESS(ac97ReadDataFormat(DataFormat, &format))) {
        return STATUS_INVALID_PARAMETER;
    }

    auto* newStream = new CMiniportWaveAc97Stream(*this, engine, Capture, PortStream, format);
    newStream->AddRef();
    const NTSTATUS status = newStream->Init();
    if (!NT_SUCCESS(status)) {
        newStream->Release();
        return status;
    }
    *Stream = newStream;
    *DmaChannel = m_DmaChannel.get();  // not AddRef'd: the DDI's documented exception
    *ServiceGroup = newStream->serviceGroup();
    (*ServiceGroup)->AddRef();
    return STATUS_SUCCESS;
}

void CMiniportWaveAc97::Service() {
    // Init returns no filter service group, so the port never calls this
    // (AC97's is empty too).
}

void CMiniportWaveAc97::setStream(Engine engine, CMiniportWaveAc97Stream* stream) {
    StreamSlotUpdate update{&m_Streams, engine, stream};
    if (m_InterruptObject != nullptr) {
        m_kernel.KeSynchronizeExecution(m_InterruptObject, &updateStreamSlot, &update);
    } else {
        updateStreamSlot(&update);
    }
}

BOOLEAN CMiniportWaveAc97::InterruptServiceRoutine(PKINTERRUPT /*Interrupt*/,
                                                   PVOID ServiceContext) {
    return static_cast<CMiniportWaveAc97*>(ServiceContext)->serviceInterrupt();
}

BOOLEAN CMiniportWaveAc97::serviceInterrupt() {
    IoSpace& io = m_kernel.ioSpace();
    const ULONG globalStatus = io.READ_PORT_ULONG(port(ac97::GLOB_STA));
    // 0: not our device; all ones: the device is gone (a surprise removal
    // reads as a floating bus). Either way, not ours (DDI.md §1, AC97 ISR).
    if (globalStatus == 0 || globalStatus == 0xFFFFFFFFu) {
        return FALSE;
    }
    BOOLEAN ours = FALSE;
    for (Engine engine : kEngines) {
        if ((globalStatus & ac97::globStaBit(engine)) == 0) {
            continue;
        }
        ours = TRUE;
        // Acknowledge by writing SR back: LVBCI, BCIS and FIFOE are
        // write-1-to-clear, the other bits read-only. An engine without a
        // stream is acknowledged too, or its level-sensitive line would storm.
        const std::uint32_t sr = port(ac97::engineBase(engine) + ac97::SR);
        const USHORT status = io.READ_PORT_USHORT(sr);
        io.WRITE_PORT_USHORT(sr, status);
        CMiniportWaveAc97Stream* engineStream = stream(engine);
        m_kernel.tracer().record(TraceRecord(TraceCategory::Interrupt, "miniport", "ISR ack")
                                     .addText("Engine", ac97::engineName(engine))
                                     .addHex("GLOB_STA", globalStatus)
                                     .addHex("SR", status)
                                     .addBool("Notify", engineStream != nullptr));
        if (engineStream != nullptr) {
            if (m_options.getMappingFromIsr) {
                engineStream->getMappingAtDirql();
            }
            // The mapping work happens at DISPATCH_LEVEL in the stream's
            // Service, which the group's DPC calls.
            m_Port->Notify(engineStream->serviceGroup());
        }
    }
    return ours;
}

}  // namespace ps
