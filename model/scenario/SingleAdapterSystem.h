// SingleAdapterSystem<Adapter>: one emulated machine with one adapter of a
// stack (WavePciAdapter or WaveRtAdapter), the common single-stack setup of
// tests and benchmarks. It owns the simulation (scheduler, tracer, kernel,
// verifier) through its Machine, and the adapter wired the way an adapter
// driver's StartDevice does it (see the adapter's header). Clients open pins
// on it. Tear down in order: close clients (WavePci: run until their buffers
// come back), close pins; the destructor then releases the port's children
// and the device.
//
// Adapter provides: a nested Config type with `hardware`, `miniport`, `port`
// and `power` members; Pin, Port and Controller types; the adapter's
// start(), openPin(), removeDevice(), controller(), port(), portClsDevice()
// and pdo().
#pragma once

#include "model/kernel/KernelObjects.h"
#include "model/ks/AudioFormat.h"
#include "model/portcls/AdapterPower.h"
#include "model/portcls/PinStateCompletion.h"
#include "model/portcls/PortClsDevice.h"
#include "model/scenario/Machine.h"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace ps {

template <typename Adapter>
struct SingleAdapterSystemConfig {
    using AdapterConfig = typename Adapter::Config;
    KernelConfig kernel;
    decltype(AdapterConfig::hardware) hardware;
    decltype(AdapterConfig::miniport) miniport;
    decltype(AdapterConfig::port) port;
    std::size_t traceRingCapacity = Tracer::kDefaultRingCapacity;
    AdapterPowerConfig power;
};

template <typename Adapter>
class SingleAdapterSystem {
  public:
    using Config = SingleAdapterSystemConfig<Adapter>;
    using Pin = typename Adapter::Pin;

    explicit SingleAdapterSystem(const Config& config = {})
        : m_config(config),
          m_machine(machineConfigOf(config)),
          m_adapter(m_machine, adapterConfigOf(config)) {}
    SingleAdapterSystem(const SingleAdapterSystem&) = delete;
    SingleAdapterSystem& operator=(const SingleAdapterSystem&) = delete;

    // StartDevice: creates the port and miniport and binds them.
    NTSTATUS start() { return m_adapter.start(); }
    // A pin on the sample miniport's filter: 0 render, 1 capture. Not in D0:
    // see the port's newPin (onComplete holds the request).
    NTSTATUS openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                     ComPtr<Pin>* pin, PinCreationRoutine<Pin> onComplete = {}) {
        return m_adapter.openPin(pinId, format, streamId, pin, std::move(onComplete));
    }
    // Releases the port's children and the miniport (close pins first).
    void removeDevice() { m_adapter.removeDevice(); }

    Scheduler& scheduler() { return m_machine.scheduler(); }
    Tracer& tracer() { return m_machine.tracer(); }
    Kernel& kernel() { return m_machine.kernel(); }
    Verifier& verifier() { return m_machine.verifier(); }
    const TraceDigest& digest() const { return m_machine.digest(); }
    Machine& machine() { return m_machine; }
    Adapter& adapter() { return m_adapter; }
    typename Adapter::Controller& controller() { return m_adapter.controller(); }
    typename Adapter::Port* port() { return m_adapter.port(); }
    PortClsDevice& portClsDevice() { return m_adapter.portClsDevice(); }
    DEVICE_OBJECT& pdo() { return m_adapter.pdo(); }

  private:
    static MachineConfig machineConfigOf(const Config& config) {
        MachineConfig machine;
        machine.kernel = config.kernel;
        machine.traceRingCapacity = config.traceRingCapacity;
        return machine;
    }
    static typename Adapter::Config adapterConfigOf(const Config& config) {
        typename Adapter::Config adapter;
        adapter.hardware = config.hardware;
        adapter.miniport = config.miniport;
        adapter.port = config.port;
        adapter.power = config.power;
        return adapter;
    }

    Config m_config;
    Machine m_machine;
    Adapter m_adapter;
};

}  // namespace ps
