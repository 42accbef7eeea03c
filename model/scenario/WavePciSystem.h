// One emulated machine with an AC'97-style WavePci adapter, wired the way an
// adapter driver's StartDevice does it: the AC'97 controller on the I/O bus,
// a resource list with its ports and interrupt, PcNewPort(WavePci), the
// sample miniport, IPortWavePci::Init. Clients open pins on it.
//
// A thin pairing of a Machine and one WavePciAdapter (the common single-stack
// setup). The system owns the simulation (scheduler, tracer, kernel, verifier). Tear
// down in order: close clients, run until their buffers come back, close
// pins; the destructor then releases the port's children and the device.
#pragma once

#include "model/hw/ac97/Ac97Config.h"
#include "model/hw/ac97/Ac97Controller.h"
#include "model/miniports/WavePciMiniportOptions.h"
#include "model/portcls/PortPinWavePci.h"
#include "model/portcls/PortWavePci.h"
#include "model/scenario/Machine.h"
#include "model/scenario/WavePciAdapter.h"

#include <memory>

namespace ps {

struct WavePciSystemConfig {
    KernelConfig kernel;
    ac97::Ac97Config hardware;
    WavePciMiniportOptions miniport;
    WavePciPortOptions port;
    std::size_t traceRingCapacity = Tracer::kDefaultRingCapacity;
    AdapterPowerConfig power;
};

class WavePciSystem {
  public:
    explicit WavePciSystem(const WavePciSystemConfig& config = {});
    WavePciSystem(const WavePciSystem&) = delete;
    WavePciSystem& operator=(const WavePciSystem&) = delete;

    // StartDevice: creates the port and miniport and binds them.
    NTSTATUS start();
    // A pin on the miniport's filter (ac97 pins: 0 render, 1 capture).
    NTSTATUS openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                     ComPtr<CPortPinWavePci>* pin,
                     PinCreationRoutine<CPortPinWavePci> onComplete = {});
    // Releases the port's children and the miniport (close pins first).
    void removeDevice() { m_adapter.removeDevice(); }

    Scheduler& scheduler() { return m_machine.scheduler(); }
    Tracer& tracer() { return m_machine.tracer(); }
    Kernel& kernel() { return m_machine.kernel(); }
    Verifier& verifier() { return m_machine.verifier(); }
    const TraceDigest& digest() const { return m_machine.digest(); }
    Machine& machine() { return m_machine; }
    WavePciAdapter& adapter() { return m_adapter; }
    ac97::Ac97Controller& controller() { return m_adapter.controller(); }
    CPortWavePci* port() { return m_adapter.port(); }
    PortClsDevice& portClsDevice() { return m_adapter.portClsDevice(); }
    DEVICE_OBJECT& pdo() { return m_adapter.pdo(); }

  private:
    WavePciSystemConfig m_config;
    Machine m_machine;
    WavePciAdapter m_adapter;
};

}  // namespace ps
