#include "model/scenario/WavePciSystem.h"

#include "model/miniports/MiniportWaveAc97.h"

namespace ps {

WavePciSystem::WavePciSystem(const WavePciSystemConfig& config)
    : m_config(config),
      m_tracer(m_scheduler, config.traceRingCapacity),
      m_kernel(m_scheduler, m_tracer, config.kernel),
      m_verifier(m_tracer) {
    m_tracer.addSink(&m_digest);
    m_controller = std::make_unique<ac97::Ac97Controller>(m_kernel, config.hardware);
    m_pdo.name = "PCI\\VEN_8086&DEV_24C5 (PDO)";
    m_pdo.kernel = &m_kernel;
    m_fdo.name = "AC97 WavePci adapter (FDO)";
    m_fdo.kernel = &m_kernel;
    m_fdo.physicalDeviceObject = &m_pdo;
}

WavePciSystem::~WavePciSystem() {
    if (m_port) {
        m_port->ReleaseChildren();
    }
    m_port.reset();
    m_miniport.reset();
    m_resources.reset();
    m_controller.reset();
    m_tracer.removeSink(&m_digest);
}

NTSTATUS WavePciSystem::start() {
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

    NTSTATUS status = PcNewPortWavePci(m_kernel, &m_port, m_config.port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    PUNKNOWN miniport = nullptr;
    status = createMiniportWaveAc97(m_kernel, m_config.miniport, &miniport);
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

NTSTATUS WavePciSystem::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
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
