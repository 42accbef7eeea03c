// One emulated machine with an HD Audio-style WaveRT adapter, wired as an
// adapter driver's StartDevice does it: the HD Audio controller on the MMIO
// bus, a resource list with its memory window and interrupt,
// PcNewPort(WaveRT), the sample miniport, IPortWaveRT::Init. Clients open pins.
//
// A thin pairing of a Machine and one WaveRtAdapter (the common single-stack
// setup). The system owns the simulation (scheduler, tracer, kernel, verifier). Tear
// down in order: close clients, close pins; the destructor then releases the
// port's children and the device.
#pragma once

#include "model/hw/hda/HdaConfig.h"
#include "model/hw/hda/HdaController.h"
#include "model/miniports/WaveRtMiniportOptions.h"
#include "model/portcls/PortPinWaveRt.h"
#include "model/portcls/PortWaveRt.h"
#include "model/scenario/Machine.h"
#include "model/scenario/WaveRtAdapter.h"

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
    WaveRtSystem(const WaveRtSystem&) = delete;
    WaveRtSystem& operator=(const WaveRtSystem&) = delete;

    NTSTATUS start();
    // Pins of the sample miniport: 0 render, 1 capture.
    // Not in D0: see CPortWaveRT::newPin (onComplete holds the request).
    NTSTATUS openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                     ComPtr<CPortPinWaveRT>* pin,
                     PinCreationRoutine<CPortPinWaveRT> onComplete = {});
    // Releases the port's children and the miniport (close pins first).
    void removeDevice() { m_adapter.removeDevice(); }

    Scheduler& scheduler() { return m_machine.scheduler(); }
    Tracer& tracer() { return m_machine.tracer(); }
    Kernel& kernel() { return m_machine.kernel(); }
    Verifier& verifier() { return m_machine.verifier(); }
    const TraceDigest& digest() const { return m_machine.digest(); }
    Machine& machine() { return m_machine; }
    WaveRtAdapter& adapter() { return m_adapter; }
    hda::HdaController& controller() { return m_adapter.controller(); }
    CPortWaveRT* port() { return m_adapter.port(); }
    PortClsDevice& portClsDevice() { return m_adapter.portClsDevice(); }
    DEVICE_OBJECT& pdo() { return m_adapter.pdo(); }

  private:
    WaveRtSystemConfig m_config;
    Machine m_machine;
    WaveRtAdapter m_adapter;
};

}  // namespace ps
