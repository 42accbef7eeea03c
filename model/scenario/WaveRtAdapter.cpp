#include "model/scenario/WaveRtAdapter.h"

#include "model/hw/hda/HdaRegisters.h"
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/miniports/MiniportWaveRtHdaStream.h"

namespace ps {

WaveRtAdapter::WaveRtAdapter(Machine& machine, const WaveRtAdapterConfig& config)
    : m_machine(machine),
      m_config(config),
      m_controller(std::make_unique<hda::HdaController>(machine.kernel(), config.hardware)),
      m_device(machine.kernel(), config.pdoName, config.fdoName, config.power) {}

WaveRtAdapter::~WaveRtAdapter() {
    removeDevice();
    // The members go in reverse order: the resource list, PortCls's device
    // state (which reports what is still registered), then the controller.
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
    miniportOptions.physicalDeviceObject = &m_device.pdo();
    status = createMiniportWaveRtHda(kernel, miniportOptions, &miniport);
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

void WaveRtAdapter::removeDevice() {
    m_device.unregisterPowerManagement();
    if (m_port) {
        m_port->ReleaseChildren();
    }
    m_port.reset();
    m_miniport.reset();
}

NTSTATUS WaveRtAdapter::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                                ComPtr<CPortPinWaveRT>* pin,
                                PinCreationRoutine<CPortPinWaveRT> onComplete) {
    if (!m_port) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return m_port->newPin(pinId, format, streamId, pin, std::move(onComplete));
}

int WaveRtAdapter::descriptorOf(const CPortPinWaveRT& pin) {
    // The pin holds the miniport's stream through its DDI interface; only the
    // sample miniport's streams know their descriptor.
    const auto* stream = dynamic_cast<const CMiniportWaveRtHdaStream*>(pin.miniportStream());
    return stream == nullptr ? -1 : static_cast<int>(stream->descriptorIndex());
}

}  // namespace ps
