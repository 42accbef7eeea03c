// An AC'97-style WavePci adapter attached to a Machine, wired the way an
// adapter driver's StartDevice does it: the AC'97 controller on the I/O bus
// at config.hardware.ioBase, a resource list with its ports and interrupt
// vector, PcNewPort(WavePci), the AC97 sample miniport, IPortWavePci::Init.
// Clients open pins on it (0 render through PCM Out, 1 capture through PCM
// In; one of each at a time).
//
// Several adapters may share a machine when each has its own ioBase and
// interrupt vector (the controller throws std::invalid_argument on a taken
// range). Tear down in order: close clients, run until their buffers come
// back, close pins; the destructor then releases the port's children and the
// device. The machine must outlive the adapter.
//
// PortCls's per-device state (AdapterDeviceStack: the stream resource
// registry and the adapter power policy, config.power) sits on the FDO and
// PDO, as on WaveRtAdapter; start() hands the miniport the PDO (for
// PcAddStreamResource) and registers it for adapter power management.
// removeDevice() is the PnP removal the destructor also performs: the
// miniport unregisters its interrupt then.
#pragma once

#include "model/hw/ac97/Ac97Config.h"
#include "model/hw/ac97/Ac97Controller.h"
#include "model/miniports/WavePciMiniportOptions.h"
#include "model/portcls/AdapterPower.h"
#include "model/portcls/PortPinWavePci.h"
#include "model/portcls/PortWavePci.h"
#include "model/scenario/AdapterDeviceStack.h"
#include "model/scenario/Machine.h"

#include <memory>

namespace ps {

struct WavePciAdapterConfig {
    ac97::Ac97Config hardware;
    WavePciMiniportOptions miniport;
    WavePciPortOptions port;
    AdapterPowerConfig power;
    // Names of the device objects (literals or strings that outlive the adapter).
    const char* pdoName = "PCI\\VEN_8086&DEV_24C5 (PDO)";
    const char* fdoName = "AC97 WavePci adapter (FDO)";
};

class WavePciAdapter {
  public:
    using Config = WavePciAdapterConfig;
    using Pin = CPortPinWavePci;
    using Controller = ac97::Ac97Controller;
    using Port = CPortWavePci;

    // Creates the controller (std::invalid_argument on a bad hardware config).
    WavePciAdapter(Machine& machine, const WavePciAdapterConfig& config);
    ~WavePciAdapter();
    WavePciAdapter(const WavePciAdapter&) = delete;
    WavePciAdapter& operator=(const WavePciAdapter&) = delete;

    // StartDevice: creates the port and miniport and binds them.
    NTSTATUS start();
    // A pin on the miniport's filter; tags the engine's trace records with streamId.
    // Not in D0: see CPortWavePci::newPin (onComplete holds the request).
    NTSTATUS openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                     ComPtr<CPortPinWavePci>* pin,
                     PinCreationRoutine<CPortPinWavePci> onComplete = {});
    // Releases the port's children and the miniport (close pins first).
    void removeDevice();

    const WavePciAdapterConfig& config() const { return m_config; }
    ac97::Ac97Controller& controller() { return *m_controller; }
    CPortWavePci* port() { return m_port.get(); }
    PortClsDevice& portClsDevice() { return m_device.portClsDevice(); }
    DEVICE_OBJECT& pdo() { return m_device.pdo(); }

  private:
    Machine& m_machine;
    WavePciAdapterConfig m_config;
    std::unique_ptr<ac97::Ac97Controller> m_controller;
    AdapterDeviceStack m_device;
    ComPtr<IResourceList> m_resources;
    ComPtr<CPortWavePci> m_port;
    ComPtr<IUnknown> m_miniport;
};

}  // namespace ps
