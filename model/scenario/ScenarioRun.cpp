// ScenarioRun: building the board and the streams.
#include "model/scenario/ScenarioRun.h"

#include "model/client/SineSource.h"
#include "model/client/SweepSource.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/hw/ac97/Ac97Registers.h"
#include "model/hw/hda/HdaRegisters.h"
#include "model/ks/KsState.h"
#include "model/scenario/ScenarioRunStream.h"
#include "model/sim/Random.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace ps {

namespace {

constexpr unsigned kHdaStreamsPerDirection = 15;
constexpr std::uint32_t kAc97IoBase = 0xE000;
constexpr std::uint32_t kAc97IoStride = 0x100;
constexpr std::uint32_t kHdaMmioBase = 0xFEBF0000;
constexpr std::uint32_t kHdaMmioStride = 0x10000;
constexpr ULONG kFirstVector = 10;

std::string statusText(NTSTATUS status) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08X", static_cast<unsigned>(status));
    return std::string(ntStatusName(status)) + " (" + hex + ")";
}

}  // namespace

// Counts, per stream, the DdiCall records and the Glitch records.
class ScenarioRun::TraceCounter final : public TraceSink {
  public:
    explicit TraceCounter(std::vector<std::unique_ptr<Stream>>& streams) : m_streams(streams) {
        setCategoryMask(traceCategoryBit(TraceCategory::DdiCall) |
                        traceCategoryBit(TraceCategory::Glitch));
    }
    void onTraceRecord(const TraceRecord& r) override {
        if (r.category != TraceCategory::DdiCall && r.category != TraceCategory::Glitch) {
            return;
        }
        if (r.streamId >= m_streams.size()) {
            return;
        }
        Stream& s = *m_streams[r.streamId];
        if (r.category == TraceCategory::DdiCall) {
            ++countOf(s, r);
        } else if (std::strcmp(r.name, "underrun") == 0 || std::strcmp(r.name, "overrun") == 0) {
            ++s.deviceGlitches;
        } else {
            ++s.glitchRecords;
        }
    }

  private:
    // The stream's counter for the record's name, through a direct-mapped
    // cache by (stream, name pointer): counters are unordered_map values,
    // which stay where they are, and streams are never removed from a run.
    std::uint64_t& countOf(Stream& s, const TraceRecord& r) {
        Cached& c = m_cache[static_cast<std::size_t>(
                                ((reinterpret_cast<std::uintptr_t>(r.name) ^ r.streamId) *
                                 0x9E3779B97F4A7C15ull) >>
                                40) %
                            kCacheSlots];
        if (c.name != r.name || c.streamId != r.streamId) {
            c.name = r.name;
            c.streamId = r.streamId;
            c.count = &s.ddiCalls[r.name];
        }
        return *c.count;
    }

    struct Cached {
        const char* name = nullptr;
        std::uint16_t streamId = 0;
        std::uint64_t* count = nullptr;
    };
    static constexpr std::size_t kCacheSlots = 256;
    std::vector<std::unique_ptr<Stream>>& m_streams;
    std::array<Cached, kCacheSlots> m_cache{};
};

namespace {

MachineConfig machineConfigOf(const ScenarioSpec& spec, const ScenarioRunHooks& hooks) {
    MachineConfig config;
    config.traceRingCapacity = hooks.traceRingCapacity;
    config.kernel.osVersion = spec.osVersion;
    config.kernel.interference = spec.interference;
    config.kernel.seed = spec.seed;
    return config;
}

}  // namespace

ScenarioRun::ScenarioRun(const ScenarioSpec& spec, ScenarioRunHooks hooks)
    : m_spec(spec), m_hooks(std::move(hooks)), m_machine(machineConfigOf(m_spec, m_hooks)) {
    m_counter = std::make_unique<TraceCounter>(m_streams);
    m_machine.tracer().addSink(m_counter.get());
}

ScenarioRun::~ScenarioRun() {
    teardown();
    m_machine.kernel().faultHooks() = KernelFaultHooks{};
    m_machine.tracer().removeSink(m_counter.get());
}

TimeNs ScenarioRun::now() const {
    return m_finished ? m_spec.durationNs
                      : std::min(m_machine.scheduler().now(), m_spec.durationNs);
}

std::string ScenarioRun::start() {
    if (m_started) {
        return "the scenario has already been started";
    }
    m_started = true;
    if (std::string e = check(m_spec); !e.empty()) {
        m_failed = true;
        return e;
    }
    std::string error = buildAdapters();
    for (std::size_t i = 0; error.empty() && i < m_spec.streams.size(); ++i) {
        error = buildStream(i);
    }
    if (!error.empty()) {
        m_failed = true;
        teardown();
        return error;
    }
    scheduleAll();
    return {};
}

std::string ScenarioRun::buildAdapters() {
    const HardwareSpec& hw = m_spec.hardware;
    std::size_t pciRender = 0;
    std::size_t pciCapture = 0;
    std::size_t rtRender = 0;
    std::size_t rtCapture = 0;
    for (std::size_t i = 0; i < m_spec.streams.size(); ++i) {
        const StreamSpec& spec = m_spec.streams[i];
        auto s = std::make_unique<Stream>();
        s->index = i;
        s->streamId = static_cast<std::uint16_t>(i);
        s->spec = spec;
        s->format = spec.format;
        s->name = spec.name.empty() ? "stream" + std::to_string(i) : spec.name;
        m_streams.push_back(std::move(s));
        const bool render = spec.direction == StreamDirection::Render;
        if (spec.stack == StackKind::WavePci) {
            ++(render ? pciRender : pciCapture);
        } else {
            ++(render ? rtRender : rtCapture);
        }
    }
    Tracer& tracer = m_machine.tracer();
    ULONG vector = kFirstVector;
    try {
        const std::size_t pciCount = std::max(pciRender, pciCapture);
        for (std::size_t k = 0; k < pciCount; ++k) {
            WavePciAdapterConfig config;
            config.hardware.ioBase = kAc97IoBase + kAc97IoStride * static_cast<std::uint32_t>(k);
            config.hardware.interruptVector = vector++;
            config.hardware.fifoBytes =
                hw.fifoBytes != 0 ? hw.fifoBytes : config.hardware.fifoBytes;
            config.hardware.burstBytes =
                hw.burstBytes != 0 ? hw.burstBytes : config.hardware.burstBytes;
            config.hardware.sampleClockErrorPpm = hw.sampleClockErrorPpm;
            config.hardware.codecDelayNs = hw.codecDelayNs;
            config.hardware.coalesceBursts = hw.coalesceBursts;
            if (k > 0) {
                config.hardware.name = tracer.strings().intern("AC97#" + std::to_string(k));
            }
            config.miniport = m_spec.wavepciMiniport;
            config.power = m_spec.power;
            m_pciAdapters.push_back(std::make_unique<WavePciAdapter>(m_machine, config));
        }
        const auto perController = [](std::size_t total) {
            return (total + kHdaStreamsPerDirection - 1) / kHdaStreamsPerDirection;
        };
        const std::size_t rtCount = std::max(perController(rtRender), perController(rtCapture));
        for (std::size_t j = 0; j < rtCount; ++j) {
            const auto share = [j](std::size_t total) {
                const std::size_t first = j * kHdaStreamsPerDirection;
                return static_cast<unsigned>(
                    first >= total ? 0
                                   : std::min<std::size_t>(kHdaStreamsPerDirection, total - first));
            };
            WaveRtAdapterConfig config;
            config.hardware.mmioBase =
                kHdaMmioBase - kHdaMmioStride * static_cast<std::uint32_t>(j);
            config.hardware.interruptVector = vector++;
            config.hardware.outputStreams = share(rtRender);
            config.hardware.inputStreams = share(rtCapture);
            if (hw.fifoBytes != 0) {
                config.hardware.outputFifoBytes = hw.fifoBytes;
                config.hardware.inputFifoBytes = hw.fifoBytes;
            }
            config.hardware.burstBytes =
                hw.burstBytes != 0 ? hw.burstBytes : config.hardware.burstBytes;
            config.hardware.sampleClockErrorPpm = hw.sampleClockErrorPpm;
            config.hardware.codecDelayNs = hw.codecDelayNs;
            config.hardware.coalesceBursts = hw.coalesceBursts;
            config.hardware.pauseDmaWhileBcisPending = hw.hdaDmaWaitsForBcisAck;
            if (j > 0) {
                config.hardware.name = tracer.strings().intern("HDA#" + std::to_string(j));
            }
            config.miniport = m_spec.wavertMiniport;
            config.power = m_spec.power;
            // The codec's delay as the driver reports it matches the board's.
            config.miniport.codecDelay100ns = static_cast<ULONG>(hw.codecDelayNs / 100);
            m_rtAdapters.push_back(std::make_unique<WaveRtAdapter>(m_machine, config));
        }
    } catch (const std::exception& e) {
        return std::string("hardware: ") + e.what();
    }
    for (std::size_t k = 0; k < m_pciAdapters.size(); ++k) {
        const NTSTATUS status = m_pciAdapters[k]->start();
        if (!NT_SUCCESS(status)) {
            return "AC'97 adapter " + std::to_string(k) + ": start failed with " +
                   statusText(status);
        }
    }
    for (std::size_t j = 0; j < m_rtAdapters.size(); ++j) {
        const NTSTATUS status = m_rtAdapters[j]->start();
        if (!NT_SUCCESS(status)) {
            return "HD Audio adapter " + std::to_string(j) + ": start failed with " +
                   statusText(status);
        }
    }
    // Assign streams to adapters in stream order.
    std::size_t nextPci[2] = {0, 0};
    std::size_t nextRt[2] = {0, 0};
    for (auto& s : m_streams) {
        const int dir = s->render() ? 0 : 1;
        if (s->spec.stack == StackKind::WavePci) {
            s->pci = m_pciAdapters[nextPci[dir]++].get();
            s->engine = s->render() ? ac97::Engine::PcmOut : ac97::Engine::PcmIn;
            s->vector = s->pci->config().hardware.interruptVector;
        } else {
            s->rt = m_rtAdapters[nextRt[dir]++ / kHdaStreamsPerDirection].get();
            s->vector = s->rt->config().hardware.interruptVector;
        }
    }
    return {};
}

std::string ScenarioRun::openSignal(Stream& s) {
    if (!s.render() && m_hooks.openCaptureSource) {
        s.signal = m_hooks.openCaptureSource(s.index, s.format);
        if (s.signal) {
            return {};
        }
    }
    const SignalSpec& signal = s.spec.signal;
    const auto rate = static_cast<std::int64_t>(s.format.rateHz);
    switch (signal.kind) {
        case SignalKind::Tone:
            s.signal = std::make_unique<SineSource>(signal.frequencyHz, signal.amplitude, rate);
            break;
        case SignalKind::Sweep: {
            const std::int64_t frames =
                std::max<std::int64_t>(1, mulDivFloor(signal.sweepDurationNs, rate, kNsPerSecond));
            s.signal =
                std::make_unique<SweepSource>(signal.sweepStartHz, signal.sweepEndHz, frames, rate,
                                              SweepShape::Logarithmic, signal.amplitude);
            break;
        }
        case SignalKind::Noise: {
            // Forked per stream: adding a stream does not change another's noise.
            Random random = Random(m_spec.seed).fork(s.index);
            s.noiseSeed = random.nextU64();
            s.signal = std::make_unique<WhiteNoiseSource>(s.noiseSeed, signal.amplitude);
            break;
        }
        case SignalKind::Silence:
            s.signal = std::make_unique<SilenceSource>();
            break;
        case SignalKind::File: {
            if (!m_hooks.openFileSource) {
                return "streams[" + std::to_string(s.index) +
                       "].signal: file signals are not available here (no file opener)";
            }
            std::string error;
            s.signal = m_hooks.openFileSource(signal, s.format, &error);
            if (!s.signal) {
                return "streams[" + std::to_string(s.index) + "].signal.filePath: " +
                       (error.empty() ? "cannot open " + signal.filePath : error);
            }
            break;
        }
    }
    return {};
}

std::string ScenarioRun::buildStream(std::size_t index) {
    Stream& s = *m_streams[index];
    const std::string where = "streams[" + std::to_string(index) + "]";
    if (std::string e = openSignal(s); !e.empty()) {
        return e;
    }
    const ULONG pinId = s.render() ? 0 : 1;
    Kernel& kernel = m_machine.kernel();
    if (s.pci != nullptr) {
        const NTSTATUS status = s.pci->openPin(pinId, s.format, s.streamId, &s.pciPin);
        if (!NT_SUCCESS(status)) {
            return where + ": the WavePci pin refused the stream (" + s.format.describe() +
                   "): " + statusText(status);
        }
    } else {
        const NTSTATUS status = s.rt->openPin(pinId, s.format, s.streamId, &s.rtPin);
        if (!NT_SUCCESS(status)) {
            return where + ": the WaveRT pin refused the stream (" + s.format.describe() +
                   "): " + statusText(status);
        }
    }
    attachEndpoints(s);
    if (s.render()) {
        s.dac.setFormat(s.format);
    }
    if (s.render() && index < m_pendingTaps.size()) {
        s.dac.setTap(m_pendingTaps[index]);
    }
    for (std::size_t f = 0; f < m_spec.faults.size(); ++f) {
        const FaultSpec& fault = m_spec.faults[f];
        if ((fault.kind == FaultKind::LateClient || fault.kind == FaultKind::StalledClient) &&
            fault.stream == index) {
            s.clientFaults.push_back(f);
        }
    }
    SampleSource* source = s.render() ? s.signal.get() : nullptr;
    if (s.pci != nullptr) {
        WavePciClientConfig config;
        config.direction = s.spec.direction;
        config.packetMs = s.spec.wavepci.packetMs;
        config.packetsQueued = s.spec.wavepci.packetsQueued;
        config.streamId = s.streamId;
        if (!s.clientFaults.empty()) {
            config.extraDelayNs = [this, index](std::uint64_t) { return clientDelayNs(index); };
        }
        s.pciClient = std::make_unique<WavePciClient>(kernel, *s.pciPin, config, source);
        if (!s.pciClient->hasBuffers()) {
            return where + ": the WavePci client could not set up its buffers";
        }
    } else {
        WaveRtClientConfig config;
        config.direction = s.spec.direction;
        config.mode = s.spec.wavert.mode;
        config.bufferMs = s.spec.wavert.bufferMs;
        config.notificationCount = s.spec.wavert.notificationCount;
        config.pollingPeriodNs = s.spec.wavert.pollingPeriodNs;
        config.writeAheadMs = s.spec.wavert.writeAheadMs;
        config.useRegisters = s.spec.wavert.useRegisters;
        config.streamId = s.streamId;
        if (!s.clientFaults.empty()) {
            config.extraDelayNs = [this, index](std::uint64_t) { return clientDelayNs(index); };
        }
        s.rtClient = std::make_unique<WaveRtClient>(kernel, *s.rtPin, config, source);
        if (!NT_SUCCESS(s.rtClient->setupStatus())) {
            return where + ": the WaveRT client could not set up the stream: " +
                   statusText(s.rtClient->setupStatus());
        }
    }
    return {};
}

void ScenarioRun::attachEndpoints(Stream& s) {
    if (!s.render()) {
        s.adc = std::make_unique<EncodedPcmSource>(*s.signal, s.format);
    }
    if (s.pci != nullptr) {
        ac97::Ac97Controller& c = s.pci->controller();
        if (s.render()) {
            c.setSink(s.engine, &s.dac);
        } else {
            c.setSource(s.engine, s.adc.get());
        }
        return;
    }
    s.descriptor = s.rtPin ? WaveRtAdapter::descriptorOf(*s.rtPin) : -1;
    if (s.descriptor < 0) {
        return;
    }
    hda::HdaController& c = s.rt->controller();
    const auto d = static_cast<unsigned>(s.descriptor);
    c.setTraceStream(d, s.streamId);
    if (s.render()) {
        c.setSink(d, &s.dac);
    } else {
        c.setSource(d, s.adc.get());
    }
}

void ScenarioRun::setRenderTap(std::size_t stream, PcmSink* tap) {
    if (stream < m_streams.size() && m_streams[stream]->render()) {
        m_streams[stream]->dac.setTap(tap);
    } else if (stream < m_spec.streams.size() &&
               m_spec.streams[stream].direction == StreamDirection::Render) {
        m_pendingTaps.resize(m_spec.streams.size(), nullptr);
        m_pendingTaps[stream] = tap;
    }
}

WavePciClient* ScenarioRun::wavePciClient(std::size_t stream) {
    return stream < m_streams.size() ? m_streams[stream]->pciClient.get() : nullptr;
}

WaveRtClient* ScenarioRun::waveRtClient(std::size_t stream) {
    return stream < m_streams.size() ? m_streams[stream]->rtClient.get() : nullptr;
}

CPortPinWavePci* ScenarioRun::wavePciPin(std::size_t stream) const {
    return stream < m_streams.size() ? m_streams[stream]->pciPin.get() : nullptr;
}

CPortPinWaveRT* ScenarioRun::waveRtPin(std::size_t stream) const {
    return stream < m_streams.size() ? m_streams[stream]->rtPin.get() : nullptr;
}

int ScenarioRun::adapterIndexOf(std::size_t stream) const {
    if (stream >= m_streams.size()) {
        return -1;
    }
    const Stream& s = *m_streams[stream];
    for (std::size_t i = 0; i < m_pciAdapters.size(); ++i) {
        if (m_pciAdapters[i].get() == s.pci) {
            return static_cast<int>(i);
        }
    }
    for (std::size_t i = 0; i < m_rtAdapters.size(); ++i) {
        if (m_rtAdapters[i].get() == s.rt) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void ScenarioRun::teardown() {
    // Clients first (they hold pins), then pins, then the converter
    // endpoints, then the adapters: the reverse of building.
    for (auto& s : m_streams) {
        if (s->pciClient) {
            s->pciClient->close();
        }
        if (s->rtClient) {
            s->rtClient->close();
        }
    }
    for (auto& s : m_streams) {
        s->pciClient.reset();
        s->rtClient.reset();
        if (s->pciPin) {
            s->pciPin->close();
            s->pciPin.reset();
        }
        if (s->rtPin) {
            s->rtPin->close();
            s->rtPin.reset();
        }
        if (s->pci != nullptr) {
            s->pci->controller().setSink(s->engine, nullptr);
            s->pci->controller().setSource(s->engine, nullptr);
        }
        if (s->rt != nullptr && s->descriptor >= 0) {
            s->rt->controller().setSink(static_cast<unsigned>(s->descriptor), nullptr);
            s->rt->controller().setSource(static_cast<unsigned>(s->descriptor), nullptr);
        }
        s->pci = nullptr;
        s->rt = nullptr;
        s->descriptor = -1;
    }
    m_pciAdapters.clear();
    m_rtAdapters.clear();
}

}  // namespace ps
