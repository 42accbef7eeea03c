// One emulated machine with an HD Audio-style WaveRT adapter, wired as an
// adapter driver's StartDevice does it: the HD Audio controller on the MMIO
// bus, a resource list with its memory window and interrupt,
// PcNewPort(WaveRT), the sample miniport, IPortWaveRT::Init. Clients open pins.
//
// The system owns the simulation (scheduler, tracer, kernel, verifier). Tear
// down in order: close clients, close pins; the destructor then releases the
// port's children and the device.
//
// PortCls's per-device state (PortClsDevice: stream resource registry and
// adapter power policy, config.power) sits on the FDO and PDO; start() hands
// the miniport the PDO (for stream resource descriptors) and registers it
// for adapter power management. removeDevice() is the PnP removal the
// destructor also performs: the miniport unregisters its resources then.
#pragma once

#include "model/hw/hda/HdaConfig.h"
#include "model/hw/hda/HdaController.h"
#include "model/kernel/Kernel.h"
#include "model/miniports/WaveRtMiniportOptions.h"
#include "model/portcls/PortClsDevice.h"
#include "model/portcls/PortPinWaveRt.h"
#include "model/portcls/PortWaveRt.h"
#include "model/sim/Scheduler.h"
#include "model/sim/TraceDigest.h"
#include "model/sim/Tracer.h"
#include "model/verifier/Verifier.h"

#include <memory>

namespace ps {

struct WaveRtSystemConfig {
    KernelConfig kernel;
    hda::HdaConfig hardware;
    WaveRtMiniportOptions miniport;
    WaveRtPortOptions port;
    std::size_t traceRingCapacity = Tracer::kDefaultRingCapacity;
    AdapterPowerConfig power;
};

class WaveRtSystem {
  public:
    explicit WaveRtSystem(const WaveRtSystemConfig& config = {});
    ~WaveRtSystem();
    WaveRtSystem(const WaveRtSystem&) = delete;
    WaveRtSystem& operator=(const WaveRtSystem&) = delete;

    NTSTATUS start();
    // Pins of the sample miniport: 0 render, 1 capture.
    NTSTATUS openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                     ComPtr<CPortPinWaveRT>* pin);
    // Releases the port's children and the miniport (close pins first).
    void removeDevice();

    Scheduler& scheduler() { return m_scheduler; }
    Tracer& tracer() { return m_tracer; }
    Kernel& kernel() { return m_kernel; }
    Verifier& verifier() { return m_verifier; }
    const TraceDigest& digest() const { return m_digest; }
    hda::HdaController& controller() { return *m_controller; }
    CPortWaveRT* port() { return m_port.get(); }
    PortClsDevice& portClsDevice() { return *m_portClsDevice; }
    DEVICE_OBJECT& pdo() { return m_pdo; }

  private:
    WaveRtSystemConfig m_config;
    Scheduler m_scheduler;
    Tracer m_tracer;
    TraceDigest m_digest;
    Kernel m_kernel;
    Verifier m_verifier;
    std::unique_ptr<hda::HdaController> m_controller;
    DEVICE_OBJECT m_pdo;
    DEVICE_OBJECT m_fdo;
    std::unique_ptr<PortClsDevice> m_portClsDevice;
    ComPtr<IResourceList> m_resources;
    ComPtr<CPortWaveRT> m_port;
    ComPtr<IUnknown> m_miniport;
};

}  // namespace ps
