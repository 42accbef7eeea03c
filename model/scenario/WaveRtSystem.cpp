#include "model/scenario/WaveRtSystem.h"

#include "model/hw/hda/HdaRegisters.h"
#include "model/miniports/MiniportWaveRtHda.h"

namespace ps {

WaveRtSystem::WaveRtSystem(const WaveRtSystemConfig& config)
    : m_config(config),
      m_tracer(m_scheduler, config.traceRingCapacity),
      m_kernel(m_scheduler, m_tracer, config.kernel),
      m_verifier(m_tracer) {
    m_tracer.addSink(&m_digest);
    m_controller = std::make_unique<hda::HdaController>(m_kernel, config.hardware);
    m_pdo.name = "PCI\\VEN_8086&DEV_293E (PDO)";
    m_pdo.kernel = &m_kernel;
    m_fdo.name = "HD Audio WaveRT adapter (FDO)";
    m_fdo.kernel = &m_kernel;
    m_fdo.physicalDeviceObject = &m_pdo;
    m_portClsDevice = std::make_unique<PortClsDevice>(m_kernel, m_fdo, config.power);
}

WaveRtSystem::~WaveRtSystem() {
    removeDevice();
    m_portClsDevice.reset();
    m_resources.reset();
    m_controller.reset();
    m_tracer.removeSink(&m_digest);
}

NTSTATUS WaveRtSystem::start() {
    if (m_port) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    CM_PARTIAL_RESOURCE_DESCRIPTOR mmio;
    mmio.Type = CmResourceTypeMemory;
    mmio.Port.Start = m_config.hardware.mmioBase;
    mmio.Port.Length = hda::kMmioLength;
    CM_PARTIAL_RESOURCE_DESCRIPTOR irq;
    irq.Type = CmResourceTypeInterrupt;
    irq.Interrupt.Vector = m_config.hardware.interruptVector;
    irq.Interrupt.Level = kDefaultDeviceIrql;
    m_resources = newResourceList(nullptr, {mmio, irq});

    NTSTATUS status = PcNewPortWaveRT(m_kernel, &m_port, m_config.port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    PUNKNOWN miniport = nullptr;
    WaveRtMiniportOptions miniportOptions = m_config.miniport;
    miniportOptions.physicalDeviceObject = &m_pdo;
    status = createMiniportWaveRtHda(m_kernel, miniportOptions, &miniport);
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
        return status;
    }
    return PcRegisterAdapterPowerManagement(m_miniport.get(), &m_fdo);
}

void WaveRtSystem::removeDevice() {
    m_portClsDevice->power().unregisterAdapter();
    if (m_port) {
        m_port->ReleaseChildren();
    }
    m_port.reset();
    m_miniport.reset();
}

NTSTATUS WaveRtSystem::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                               ComPtr<CPortPinWaveRT>* pin) {
    if (!m_port) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return m_port->newPin(pinId, format, streamId, pin);
}

}  // namespace ps
