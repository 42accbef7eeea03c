#include "model/scenario/WaveRtSystem.h"

namespace ps {

namespace {

MachineConfig machineConfigOf(const WaveRtSystemConfig& config) {
    MachineConfig machine;
    machine.kernel = config.kernel;
    machine.traceRingCapacity = config.traceRingCapacity;
    return machine;
}

WaveRtAdapterConfig adapterConfigOf(const WaveRtSystemConfig& config) {
    WaveRtAdapterConfig adapter;
    adapter.hardware = config.hardware;
    adapter.miniport = config.miniport;
    adapter.port = config.port;
    adapter.power = config.power;
    return adapter;
}

}  // namespace

WaveRtSystem::WaveRtSystem(const WaveRtSystemConfig& config)
    : m_config(config),
      m_machine(machineConfigOf(config)),
      m_adapter(m_machine, adapterConfigOf(config)) {}

NTSTATUS WaveRtSystem::start() {
    return m_adapter.start();
}

NTSTATUS WaveRtSystem::openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                               ComPtr<CPortPinWaveRT>* pin,
                               PinCreationRoutine<CPortPinWaveRT> onComplete) {
    return m_adapter.openPin(pinId, format, streamId, pin, std::move(onComplete));
}

}  // namespace ps
