// An HD Audio-style WaveRT adapter attached to a Machine, wired as an adapter
// driver's StartDevice does it: the HD Audio controller on the MMIO bus at
// config.hardware.mmioBase, a resource list with its memory window and
// interrupt vector, PcNewPort(WaveRT), the HDA sample miniport,
// IPortWaveRT::Init. Clients open pins (0 render on an output descriptor, 1
// capture on an input descriptor; as many of each as the controller has).
//
// Several adapters may share a machine when each has its own mmioBase and
// interrupt vector (the controller throws std::invalid_argument on a taken
// range). Tear down in order: close clients, close pins; the destructor then
// releases the port's children and the device. The machine must outlive the
// adapter.
//
// PortCls's per-device state (AdapterDeviceStack: the stream resource
// registry and the adapter power policy, config.power) sits on the FDO and
// PDO; start()
// hands the miniport the PDO (for stream resource descriptors) and registers
// it for adapter power management. removeDevice() is the PnP removal the
// destructor also performs: the miniport unregisters its resources then.
#pragma once

#include "model/hw/hda/HdaConfig.h"
#include "model/hw/hda/HdaController.h"
#include "model/miniports/WaveRtMiniportOptions.h"
#include "model/portcls/AdapterPower.h"
#include "model/portcls/PortPinWaveRt.h"
#include "model/portcls/PortWaveRt.h"
#include "model/scenario/AdapterDeviceStack.h"
#include "model/scenario/Machine.h"

#include <memory>

namespace ps {

struct WaveRtAdapterConfig {
    hda::HdaConfig hardware;
    WaveRtMiniportOptions miniport;
    WaveRtPortOptions port;
    AdapterPowerConfig power;
    // Names of the device objects (literals or strings that outlive the adapter).
    const char* pdoName = "PCI\\VEN_8086&DEV_293E (PDO)";
    const char* fdoName = "HD Audio WaveRT adapter (FDO)";
};

class WaveRtAdapter {
  public:
    using Config = WaveRtAdapterConfig;
    using Pin = CPortPinWaveRT;
    using Controller = hda::HdaController;
    using Port = CPortWaveRT;

    // Creates the controller (std::invalid_argument on a bad hardware config).
    WaveRtAdapter(Machine& machine, const WaveRtAdapterConfig& config);
    ~WaveRtAdapter();
    WaveRtAdapter(const WaveRtAdapter&) = delete;
    WaveRtAdapter& operator=(const WaveRtAdapter&) = delete;

    NTSTATUS start();
    // Releases the port's children and the miniport (close pins first).
    void removeDevice();
    // Not in D0: see CPortWaveRT::newPin (onComplete holds the request).
    NTSTATUS openPin(ULONG pinId, const AudioFormat& format, std::uint16_t streamId,
                     ComPtr<CPortPinWaveRT>* pin,
                     PinCreationRoutine<CPortPinWaveRT> onComplete = {});
    // The controller's descriptor index the miniport gave an open pin of this
    // adapter, or -1 when the pin has no stream of the sample miniport.
    static int descriptorOf(const CPortPinWaveRT& pin);

    const WaveRtAdapterConfig& config() const { return m_config; }
    hda::HdaController& controller() { return *m_controller; }
    CPortWaveRT* port() { return m_port.get(); }
    PortClsDevice& portClsDevice() { return m_device.portClsDevice(); }
    DEVICE_OBJECT& pdo() { return m_device.pdo(); }

  private:
    Machine& m_machine;
    WaveRtAdapterConfig m_config;
    std::unique_ptr<hda::HdaController> m_controller;
    AdapterDeviceStack m_device;
    ComPtr<IResourceList> m_resources;
    ComPtr<CPortWaveRT> m_port;
    ComPtr<IUnknown> m_miniport;
};

}  // namespace ps
