#include "model/scenario/WaveRtAdapter.h"

#include "model/hw/hda/HdaRegisters.h"
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/miniports/MiniportWaveRtHdaStream.h"

namespace ps {

WaveRtAdapter::WaveRtAdapter(Machine& machine, const WaveRtAdapterConfig& config)
    : m_machine(machine), m_config(config) {
    m_controller = std::make_unique<hda::HdaController>(machine.kernel(), config.hardware);
    m_pdo.name = config.pdoName;
    m_pdo.kernel = &machine.kernel();
    m_fdo.name = config.fdoName;
    m_fdo.kernel = &machine.kernel();
    m_fdo.physicalDeviceObject = &m_pdo;
    m_portClsDevice = std::make_unique<PortClsDevice>(machine.kernel(), m_fdo, config.power);
}

WaveRtAdapter::~WaveRtAdapter() {
    removeDevice();
    m_portClsDevice.reset();
    m_resources.reset();
    m_controller.reset();
}

NTSTATUS WaveRtAdapter::start() {
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

    Kernel& kernel = m_machine.kernel();
    NTSTATUS status = PcNewPortWaveRT(kernel, &m_port, m_config.port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    PUNKNOWN miniport = nullptr;
    WaveRtMiniportOptions miniportOptions = m_config.miniport;
    miniportOptions.physicalDeviceObject = &m_pdo;
    status = createMiniportWaveRtHda(kernel, miniportOptions, &miniport);
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

void WaveRtAdapter::removeDevice() {
    m_portClsDevice->power().unregisterAdapter();
    if (m_port) {
        m_port->ReleaseChildren();
    }
    m_port.reset();
    m_miniport.reset();
}

NTSTATUS WaveRtAdapter::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                                ComPtr<CPortPinWaveRT>* pin) {
    if (!m_port) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return m_port->newPin(pinId, format, streamId, pin);
}

int WaveRtAdapter::descriptorOf(const CPortPinWaveRT& pin) {
    // The pin holds the miniport's stream through its DDI interface; only the
    // sample miniport's streams know their descriptor.
    const auto* stream = dynamic_cast<const CMiniportWaveRtHdaStream*>(pin.miniportStream());
    return stream == nullptr ? -1 : static_cast<int>(stream->descriptorIndex());
}

}  // namespace ps
