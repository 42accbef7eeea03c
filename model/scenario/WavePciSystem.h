// One emulated machine with an AC'97-style WavePci adapter, wired the way an
// adapter driver's StartDevice does it: the AC'97 controller on the I/O bus,
// a resource list with its ports and interrupt, PcNewPort(WavePci), the
// sample miniport, IPortWavePci::Init. Clients open pins on it.
//
// The system owns the simulation (scheduler, tracer, kernel, verifier). Tear
// down in order: close clients, run until their buffers come back, close
// pins; the destructor then releases the port's children and the device.
#pragma once

#include "model/hw/ac97/Ac97Config.h"
#include "model/hw/ac97/Ac97Controller.h"
#include "model/kernel/Kernel.h"
#include "model/miniports/WavePciMiniportOptions.h"
#include "model/portcls/PortPinWavePci.h"
#include "model/portcls/PortWavePci.h"
#include "model/sim/Scheduler.h"
#include "model/sim/TraceDigest.h"
#include "model/sim/Tracer.h"
#include "model/verifier/Verifier.h"

#include <memory>

namespace ps {

struct WavePciSystemConfig {
    KernelConfig kernel;
    ac97::Ac97Config hardware;
    WavePciMiniportOptions miniport;
    WavePciPortOptions port;
    std::size_t traceRingCapacity = Tracer::kDefaultRingCapacity;
};

class WavePciSystem {
  public:
    explicit WavePciSystem(const WavePciSystemConfig& config = {});
    ~WavePciSystem();
    WavePciSystem(const WavePciSystem&) = delete;
    WavePciSystem& operator=(const WavePciSystem&) = delete;

    // StartDevice: creates the port and miniport and binds them.
    NTSTATUS start();
    // A pin on the miniport's filter (ac97 pins: 0 render, 1 capture).
    NTSTATUS openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                     ComPtr<CPortPinWavePci>* pin);

    Scheduler& scheduler() { return m_scheduler; }
    Tracer& tracer() { return m_tracer; }
    Kernel& kernel() { return m_kernel; }
    Verifier& verifier() { return m_verifier; }
    const TraceDigest& digest() const { return m_digest; }
    ac97::Ac97Controller& controller() { return *m_controller; }
    CPortWavePci* port() { return m_port.get(); }

  private:
    WavePciSystemConfig m_config;
    Scheduler m_scheduler;
    Tracer m_tracer;
    TraceDigest m_digest;
    Kernel m_kernel;
    Verifier m_verifier;
    std::unique_ptr<ac97::Ac97Controller> m_controller;
    DEVICE_OBJECT m_pdo;
    DEVICE_OBJECT m_fdo;
    ComPtr<IResourceList> m_resources;
    ComPtr<CPortWavePci> m_port;
    ComPtr<IUnknown> m_miniport;
};

}  // namespace ps
