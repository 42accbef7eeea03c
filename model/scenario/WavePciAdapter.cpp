#include "model/scenario/WavePciAdapter.h"

#include "model/miniports/MiniportWaveAc97.h"

namespace ps {

WavePciAdapter::WavePciAdapter(Machine& machine, const WavePciAdapterConfig& config)
    : m_machine(machine), m_config(config) {
    m_controller = std::make_unique<ac97::Ac97Controller>(machine.kernel(), config.hardware);
    m_pdo.name = config.pdoName;
    m_pdo.kernel = &machine.kernel();
    m_fdo.name = config.fdoName;
    m_fdo.kernel = &machine.kernel();
    m_fdo.physicalDeviceObject = &m_pdo;
}

WavePciAdapter::~WavePciAdapter() {
    if (m_port) {
        m_port->ReleaseChildren();
    }
    m_port.reset();
    m_miniport.reset();
    m_resources.reset();
    m_controller.reset();
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
    status = createMiniportWaveAc97(kernel, m_config.miniport, &miniport);
    if (!NT_SUCCESS(status)) {
        m_port.reset();
        return status;
    }
    m_miniport.attach(miniport);
    status = m_port->Init(&m_fdo, nullptr, m_miniport.get(), nullptr, m_resources.get());
    if (!NT_SUCCESS(status)) {
        m_port->ReleaseChildren();
        m_port.reset();
        m_miniport.reset();
    }
    return status;
}

NTSTATUS WavePciAdapter::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                                 ComPtr<CPortPinWavePci>* pin) {
    if (!m_port) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    const NTSTATUS status = m_port->newPin(pinId, format, streamId, pin);
    if (NT_SUCCESS(status)) {
        const auto engine = (*pin)->isCapture() ? ac97::Engine::PcmIn : ac97::Engine::PcmOut;
        m_controller->setTraceStream(engine, streamId);
    }
    return status;
}

}  // namespace ps
