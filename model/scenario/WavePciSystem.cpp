#include "model/scenario/WavePciSystem.h"

namespace ps {

namespace {

MachineConfig machineConfigOf(const WavePciSystemConfig& config) {
    MachineConfig machine;
    machine.kernel = config.kernel;
    machine.traceRingCapacity = config.traceRingCapacity;
    return machine;
}

WavePciAdapterConfig adapterConfigOf(const WavePciSystemConfig& config) {
    WavePciAdapterConfig adapter;
    adapter.hardware = config.hardware;
    adapter.miniport = config.miniport;
    adapter.port = config.port;
    adapter.power = config.power;
    return adapter;
}

}  // namespace

WavePciSystem::WavePciSystem(const WavePciSystemConfig& config)
    : m_config(config),
      m_machine(machineConfigOf(config)),
      m_adapter(m_machine, adapterConfigOf(config)) {}

NTSTATUS WavePciSystem::start() {
    return m_adapter.start();
}

NTSTATUS WavePciSystem::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                                ComPtr<CPortPinWavePci>* pin,
                                PinCreationRoutine<CPortPinWavePci> onComplete) {
    return m_adapter.openPin(pinId, format, streamId, pin, std::move(onComplete));
}

}  // namespace ps
