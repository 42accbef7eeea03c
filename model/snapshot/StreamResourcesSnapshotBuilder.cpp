#include "model/portcls/PcStreamResource.h"
#include "model/portcls/PortClsDevice.h"
#include "model/snapshot/SnapshotBuilder.h"

namespace ps {
namespace {

AdapterResourcesSnapshot adapterOf(const std::string& name, PortClsDevice& device,
                                   const Kernel& kernel) {
    AdapterResourcesSnapshot out;
    out.name = name;
    const StreamResourceRegistry& registry = device.streamResources();
    const AdapterPowerManager& power = device.power();
    out.pdo = registry.pdo() != nullptr ? registry.pdo()->name : "(none)";
    out.powerState = devicePowerStateName(power.state());
    out.poweringUp = power.poweringUp();
    out.d0ReadyAtNs = power.d0ReadyAtNs();
    out.exitLatency = pcExitLatencyName(power.exitLatency());
    out.exitLatencyNs = power.exitLatencyNs(power.exitLatency());
    out.idleTimeoutNs = power.config().idleTimeoutNs;
    out.activeStreams = power.activeStreams();
    out.powerTransitions = power.transitions();
    out.registeredNow = registry.registeredCount();
    out.addCount = registry.addCount();
    out.removeCount = registry.removeCount();
    const auto& entries = registry.entries();
    const std::size_t first =
        entries.size() > kSnapshotRegistrations ? entries.size() - kSnapshotRegistrations : 0;
    out.registrations.reserve(entries.size() - first);
    for (std::size_t i = first; i < entries.size(); ++i) {
        const StreamResourceRegistry::Entry& e = entries[i];
        StreamResourceRegistrationSnapshot r;
        r.handle = e.handle;
        r.type = pcStreamResourceTypeName(e.type);
        r.owner = e.owner;
        r.resourceId = e.resourceId;
        r.method = e.method;
        r.pdo = out.pdo;
        r.registeredAtNs = e.addedAtNs;
        r.removedAtNs = e.removedAtNs;
        r.removed = e.removed;
        r.shielded = !e.removed && kernel.isStreamResourceShielded(e.resource);
        out.registrations.push_back(std::move(r));
    }
    return out;
}

}  // namespace

StreamResourcesSnapshot buildStreamResources(ScenarioRun& run) {
    StreamResourcesSnapshot out;
    const Kernel& kernel = run.machine().kernel();
    const KernelConfig& config = kernel.config();
    out.osVersion = osVersionName(config.osVersion);
    if (osHasStreamResourceManager(config.osVersion)) {
        out.offeredInterfaces = {"IPortClsStreamResourceManager", "PcAddStreamResource",
                                 "PcRemoveStreamResource"};
    }
    if (osHasStreamResourceManager2(config.osVersion)) {
        out.offeredInterfaces.insert(out.offeredInterfaces.begin() + 1,
                                     "IPortClsStreamResourceManager2");
    }
    out.interferenceEnabled = config.interference.enabled;
    out.lowLatencyStreamsRunning = kernel.lowLatencyStreamsRunning();
    const InterferenceCounters& c = kernel.interferenceCounters();
    out.dpcDelays = c.dpcDelays;
    out.dpcShielded = c.dpcShielded;
    out.threadDelays = c.threadDelays;
    out.threadShielded = c.threadShielded;

    out.adapters.reserve(run.wavePciAdapterCount() + run.waveRtAdapterCount());
    for (std::size_t i = 0; i < run.wavePciAdapterCount(); ++i) {
        out.adapters.push_back(adapterOf("AC'97 WavePci adapter " + std::to_string(i),
                                         run.wavePciAdapter(i).portClsDevice(), kernel));
    }
    for (std::size_t i = 0; i < run.waveRtAdapterCount(); ++i) {
        out.adapters.push_back(adapterOf("HD Audio WaveRT adapter " + std::to_string(i),
                                         run.waveRtAdapter(i).portClsDevice(), kernel));
    }
    // Shielding takes effect while a low-latency stream runs and spares the
    // registered resources (Kernel.h, "System interference").
    bool anyShielded = false;
    for (const AdapterResourcesSnapshot& a : out.adapters) {
        for (const StreamResourceRegistrationSnapshot& r : a.registrations) {
            anyShielded = anyShielded || r.shielded;
        }
    }
    out.shieldingOn = out.lowLatencyStreamsRunning > 0 && anyShielded;
    return out;
}

}  // namespace ps
