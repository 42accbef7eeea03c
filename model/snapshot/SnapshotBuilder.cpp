#include "model/snapshot/SnapshotBuilder.h"

#include "model/kernel/ComBase.h"
#include "model/ks/KsState.h"
#include "model/snapshot/ComInterfaceTable.h"
#include "model/verifier/VerifierRules.h"

#include <algorithm>

namespace ps {
namespace {

// Interface pointers reach their object's CUnknown by a cross cast; the
// object's own QueryInterface is never called (it would AddRef).
template <class I>
const CUnknown* unknownOf(const I* iface) {
    return iface != nullptr ? dynamic_cast<const CUnknown*>(iface) : nullptr;
}

StackNode comNode(StackNode::Kind kind, const CUnknown* object, const ComQueryContext& context) {
    StackNode node;
    node.kind = kind;
    if (object == nullptr) {
        node.name = "(none)";
        return node;
    }
    node.name = object->className();
    node.interfaces = comInterfacesOf(object->className(), context);
    node.refCount = static_cast<std::int64_t>(object->refCount());
    return node;
}

std::string streamDetail(const std::string& state, const AudioFormat& format) {
    return state + ", " + format.describe();
}

StackNode filterNode(const PCFILTER_DESCRIPTOR* filter) {
    StackNode node;
    node.kind = StackNode::Kind::Filter;
    node.name = filter != nullptr ? filter->name : "(no filter)";
    if (filter == nullptr) {
        return node;
    }
    node.detail = std::to_string(filter->Pins.size()) + " pins";
    for (std::size_t i = 0; i < filter->Pins.size(); ++i) {
        const PCPIN_DESCRIPTOR& pin = filter->Pins[i];
        StackNode p;
        p.kind = StackNode::Kind::Pin;
        p.name = "pin " + std::to_string(i) + ": " + pin.name;
        p.detail = std::string(pin.DataFlow == KSPIN_DATAFLOW_IN ? "data in" : "data out") +
                   (pin.streaming ? ", streaming" : ", bridge") + ", max instances " +
                   std::to_string(pin.MaxInstanceCount);
        node.children.push_back(std::move(p));
    }
    return node;
}

// The pin node of `filter` for pinId (the filter node's children are its pins).
StackNode* pinNode(StackNode& filter, ULONG pinId) {
    return pinId < filter.children.size() ? &filter.children[pinId] : nullptr;
}

template <class Pin>
void addStream(StackNode& filter, const Pin* pin, std::size_t streamIndex, const std::string& name,
               const ComQueryContext& context) {
    StackNode* parent = pinNode(filter, pin->pinId());
    if (parent == nullptr) {
        parent = &filter;
    }
    StackNode stream = comNode(StackNode::Kind::PortStream, pin, context);
    stream.name = name + " (" + stream.name + ")";
    stream.detail = streamDetail(ksStateName(pin->state()), pin->dataFormat());
    stream.streamId = static_cast<int>(streamIndex);
    const CUnknown* miniportStream = unknownOf(pin->miniportStream());
    if (miniportStream != nullptr) {
        StackNode ms = comNode(StackNode::Kind::MiniportStream, miniportStream, context);
        ms.streamId = static_cast<int>(streamIndex);
        stream.children.push_back(std::move(ms));
    }
    parent->children.push_back(std::move(stream));
}

}  // namespace

const char* sessionRunStateName(SessionRunState state) {
    switch (state) {
        case SessionRunState::Empty:
            return "no scenario";
        case SessionRunState::Paused:
            return "paused";
        case SessionRunState::Live:
            return "live";
        case SessionRunState::FastForward:
            return "fast-forward";
        case SessionRunState::Finished:
            return "finished";
    }
    return "?";
}

bool operator==(const StackNode& a, const StackNode& b) {
    return a.kind == b.kind && a.refCount == b.refCount && a.streamId == b.streamId &&
           a.name == b.name && a.detail == b.detail && a.interfaces == b.interfaces &&
           a.children == b.children;
}

const char* stackNodeKindName(StackNode::Kind kind) {
    switch (kind) {
        case StackNode::Kind::Machine:
            return "machine";
        case StackNode::Kind::Adapter:
            return "adapter";
        case StackNode::Kind::Port:
            return "port";
        case StackNode::Kind::Miniport:
            return "miniport";
        case StackNode::Kind::Filter:
            return "filter";
        case StackNode::Kind::Pin:
            return "pin";
        case StackNode::Kind::PortStream:
            return "stream";
        case StackNode::Kind::MiniportStream:
            return "miniport stream";
    }
    return "?";
}

std::uint64_t SessionSnapshot::totalGlitches() const {
    std::uint64_t total = 0;
    for (const StreamSnapshot& s : streams) {
        total += s.glitches;
    }
    return total;
}

const MappingQueueSnapshot* SessionSnapshot::mappingQueueOf(std::uint16_t streamId) const {
    for (const MappingQueueSnapshot& q : mappingQueues) {
        if (q.streamId == streamId) {
            return &q;
        }
    }
    return nullptr;
}

const CyclicBufferSnapshot* SessionSnapshot::cyclicBufferOf(std::uint16_t streamId) const {
    for (const CyclicBufferSnapshot& b : cyclicBuffers) {
        if (b.streamId == streamId) {
            return &b;
        }
    }
    return nullptr;
}

const DeviceRegistersSnapshot* SessionSnapshot::registersOf(std::uint16_t streamId) const {
    for (const DeviceRegistersSnapshot& d : deviceRegisters) {
        if (d.streamId == streamId) {
            return &d;
        }
    }
    return nullptr;
}

StackNode buildStackTree(ScenarioRun& run) {
    const OsVersion os = run.machine().kernel().config().osVersion;
    StackNode root;
    root.kind = StackNode::Kind::Machine;
    root.name = "machine";
    root.detail = osVersionName(os);

    std::vector<StackNode*> pciFilters;
    std::vector<StackNode*> rtFilters;
    root.children.reserve(run.wavePciAdapterCount() + run.waveRtAdapterCount());
    for (std::size_t i = 0; i < run.wavePciAdapterCount(); ++i) {
        WavePciAdapter& adapter = run.wavePciAdapter(i);
        const ComQueryContext context{os, true};
        StackNode node;
        node.kind = StackNode::Kind::Adapter;
        node.name = "AC'97 WavePci adapter " + std::to_string(i);
        node.detail = std::string(adapter.config().fdoName) + " on " + adapter.config().pdoName;
        const CPortWavePci* port = adapter.port();
        node.children.push_back(comNode(StackNode::Kind::Port, port, context));
        node.children.push_back(comNode(StackNode::Kind::Miniport,
                                        port ? unknownOf(port->miniport()) : nullptr, context));
        node.children.push_back(filterNode(port ? port->filterDescriptor() : nullptr));
        root.children.push_back(std::move(node));
    }
    for (std::size_t i = 0; i < run.waveRtAdapterCount(); ++i) {
        WaveRtAdapter& adapter = run.waveRtAdapter(i);
        const CPortWaveRT* port = adapter.port();
        const ComQueryContext context{os, port != nullptr && port->streamResources() != nullptr};
        StackNode node;
        node.kind = StackNode::Kind::Adapter;
        node.name = "HD Audio WaveRT adapter " + std::to_string(i);
        node.detail = std::string(adapter.config().fdoName) + " on " + adapter.config().pdoName;
        node.children.push_back(comNode(StackNode::Kind::Port, port, context));
        node.children.push_back(comNode(StackNode::Kind::Miniport,
                                        port ? unknownOf(port->miniport()) : nullptr, context));
        node.children.push_back(filterNode(port ? port->filterDescriptor() : nullptr));
        root.children.push_back(std::move(node));
    }
    // Filters are the third child of each adapter; take their addresses only
    // now that root.children no longer grows.
    for (std::size_t i = 0; i < root.children.size(); ++i) {
        StackNode* filter = &root.children[i].children[2];
        (i < run.wavePciAdapterCount() ? pciFilters : rtFilters).push_back(filter);
    }

    const ComQueryContext pciContext{os, true};
    for (std::size_t s = 0; s < run.streamCount(); ++s) {
        const int adapter = run.adapterIndexOf(s);
        const std::string& name = run.spec().streams[s].name;
        const std::string label = name.empty() ? "stream " + std::to_string(s) : name;
        if (const CPortPinWavePci* pin = run.wavePciPin(s)) {
            if (adapter >= 0 && static_cast<std::size_t>(adapter) < pciFilters.size()) {
                addStream(*pciFilters[adapter], pin, s, label, pciContext);
            }
        } else if (const CPortPinWaveRT* pin = run.waveRtPin(s)) {
            if (adapter >= 0 && static_cast<std::size_t>(adapter) < rtFilters.size()) {
                const CPortWaveRT* port = run.waveRtAdapter(adapter).port();
                const ComQueryContext context{
                    os, port != nullptr && port->streamResources() != nullptr};
                addStream(*rtFilters[adapter], pin, s, label, context);
            }
        }
    }
    return root;
}

std::shared_ptr<const SessionSnapshot> buildSessionSnapshot(ScenarioRun& run, const TraceLog* log,
                                                            const SnapshotHeader& header) {
    auto snap = std::make_shared<SessionSnapshot>();
    snap->generation = header.generation;
    snap->scenarioName = header.scenarioName;
    snap->runState = header.runState;
    snap->speed = header.speed;

    const Machine& machine = run.machine();
    snap->simTimeNs = run.now();
    snap->durationNs = run.spec().durationNs;
    snap->eventsExecuted = machine.scheduler().executedCount();
    snap->traceRecords = machine.tracer().recordCount();
    snap->traceDigestHex = machine.digest().hex();

    const std::vector<StreamReport> reports = run.reports();
    snap->streams.reserve(reports.size());
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const StreamReport& r = reports[i];
        StreamSnapshot s;
        s.streamId = static_cast<std::uint16_t>(i);
        s.name = r.name;
        s.stack = r.stack;
        s.direction = r.direction;
        s.state = r.finalState;
        s.format = r.format;
        s.formatText = r.format.describe();
        s.framesSubmitted = r.framesSubmitted;
        s.framesPlayed = r.framesPlayed;
        s.framesCaptured = r.framesCaptured;
        s.glitches = r.glitches;
        s.underruns = r.underruns;
        s.underrunFrames = r.underrunFrames;
        s.clientErrors = r.clientErrors;
        if (const WaveRtClient* client = run.waveRtClient(i)) {
            s.clientPositionBytes = client->clientPositionBytes();
            s.devicePositionBytes = client->devicePositionBytes();
        }
        if (const CPortPinWaveRT* pin = run.waveRtPin(i)) {
            s.bufferBytes = pin->bufferBytes();
        }
        if (const WavePciClient* client = run.wavePciClient(i)) {
            const WavePciClientCounters& c = client->counters();
            const std::uint64_t back = c.packetsCompleted + c.packetsCancelled + c.packetsFailed;
            s.packetsInFlight = c.packetsSubmitted > back ? c.packetsSubmitted - back : 0;
        }
        snap->streams.push_back(std::move(s));
    }

    for (std::size_t i = 0; i < run.streamCount(); ++i) {
        if (auto queue = buildMappingQueueSnapshot(run, i)) {
            snap->mappingQueues.push_back(std::move(*queue));
        } else if (auto buffer = buildCyclicBufferSnapshot(run, i)) {
            snap->cyclicBuffers.push_back(std::move(*buffer));
        }
    }

    for (std::size_t i = 0; i < run.streamCount(); ++i) {
        if (auto registers = buildDeviceRegisters(run, i)) {
            snap->deviceRegisters.push_back(std::move(*registers));
        }
    }
    snap->resources = buildStreamResources(run);

    snap->stack = buildStackTree(run);

    const std::vector<Violation>& violations = machine.verifier().violations();
    snap->verifier.violations = violations.size();
    const std::size_t first = violations.size() > kSnapshotVerifierMessages
                                  ? violations.size() - kSnapshotVerifierMessages
                                  : 0;
    for (std::size_t i = first; i < violations.size(); ++i) {
        snap->verifier.newestMessages.push_back(
            std::string(verifierRuleInfo(violations[i].rule).name) + ": " + violations[i].message);
    }

    if (log != nullptr) {
        snap->trace = log->view();
    }
    return snap;
}

}  // namespace ps
