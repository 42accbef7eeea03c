#include "model/scenario/WavePciAdapter.h"

#include "model/miniports/MiniportWaveAc97.h"

namespace ps {

WavePciAdapter::WavePciAdapter(Machine& machine, const WavePciAdapterConfig& config)
    : m_machine(machine),
      m_config(config),
      m_controller(std::make_unique<ac97::Ac97Controller>(machine.kernel(), config.hardware)),
      m_device(machine.kernel(), config.pdoName, config.fdoName, config.power) {}

WavePciAdapter::~WavePciAdapter() {
    removeDevice();
    // The members go in reverse order: the resource list, PortCls's device
    // state (which reports what is still registered), then the controller.
}

void WavePciAdapter::removeDevice() {
    m_device.unregisterPowerManagement();
    if (m_port) {
        m_port->ReleaseChildren();
    }
    m_port.reset();
    m_miniport.reset();
}

NTSTATUS WavePciAdapter::start() {
    if (m_port) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    CM_PARTIAL_RESOURCE_DESCRIPTOR io;
    io.Type = CmResourceTypePort;
    io.Port.Start = m_config.hardware.ioBase;
    io.Port.Length = ac97::kNabmLength;
    CM_PARTIAL_RESOURCE_DESCRIPTOR irq;
    irq.Type = CmResourceTypeInterrupt;
    irq.Interrupt.Vector = m_config.hardware.interruptVector;
    irq.Interrupt.Level = kDefaultDeviceIrql;
    m_resources = newResourceList(nullptr, {io, irq});

    Kernel& kernel = m_machine.kernel();
    NTSTATUS status = PcNewPortWavePci(kernel, &m_port, m_config.port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    PUNKNOWN miniport = nullptr;
    WavePciMiniportOptions miniportOptions = m_config.miniport;
    miniportOptions.physicalDeviceObject = &m_device.pdo();
    status = createMiniportWaveAc97(kernel, miniportOptions, &miniport);
    if (!NT_SUCCESS(status)) {
        m_port.reset();
        return status;
    }
    m_miniport.attach(miniport);
    status = m_port->Init(&m_device.fdo(), nullptr, m_miniport.get(), nullptr, m_resources.get());
    if (!NT_SUCCESS(status)) {
        m_port->ReleaseChildren();
        m_port.reset();
        m_miniport.reset();
        return status;
    }
    return m_device.registerPowerManagement(m_miniport.get());
}

NTSTATUS WavePciAdapter::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                                 ComPtr<CPortPinWavePci>* pin,
                                 PinCreationRoutine<CPortPinWavePci> onComplete) {
    if (!m_port) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    // The engine's trace records carry the stream id once the pin exists.
    ac97::Ac97Controller* controller = m_controller.get();
    auto tagEngine = [controller, streamId](const CPortPinWavePci& created) {
        const auto engine = created.isCapture() ? ac97::Engine::PcmIn : ac97::Engine::PcmOut;
        controller->setTraceStream(engine, streamId);
    };
    if (onComplete) {
        onComplete = [tagEngine, next = std::move(onComplete)](NTSTATUS status,
                                                               ComPtr<CPortPinWavePci> created) {
            if (NT_SUCCESS(status) && created) {
                tagEngine(*created);
            }
            next(status, std::move(created));
        };
    }
    const NTSTATUS status = m_port->newPin(pinId, format, streamId, pin, std::move(onComplete));
    if (status == STATUS_SUCCESS) {
        tagEngine(**pin);
    }
    return status;
}

}  // namespace ps
