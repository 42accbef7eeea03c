// ScenarioRun: what happens on the timeline (stream starts and stops, timed
// actions, fault windows), the end of the run and the reports.
#include "model/ks/KsState.h"
#include "model/scenario/ScenarioRun.h"
#include "model/scenario/ScenarioRunStream.h"

#include <algorithm>
#include <numeric>

namespace ps {

namespace {

constexpr TimeNs kCloseGraceNs = 200'000'000;

TraceRecord scenarioRecord(const char* name, std::uint16_t streamId) {
    return TraceRecord(TraceCategory::Client, "scenario", name, streamId);
}

}  // namespace

void ScenarioRun::scheduleAll() {
    Scheduler& scheduler = m_machine.scheduler();
    const TimeNs origin = scheduler.now();
    // Fault hooks are installed only when a fault needs them, so a run
    // without faults pays nothing per DPC or interrupt.
    m_lostLeft.assign(m_spec.faults.size(), 0);
    bool dpcFaults = false;
    bool lostFaults = false;
    for (std::size_t f = 0; f < m_spec.faults.size(); ++f) {
        const FaultSpec& fault = m_spec.faults[f];
        dpcFaults |= fault.kind == FaultKind::DpcDelay;
        if (fault.kind == FaultKind::LostInterrupt) {
            lostFaults = true;
            m_lostLeft[f] = fault.count;
        }
        scheduler.schedule(
            origin + fault.fromNs, [this, f] { beginFault(f); }, "scenario fault");
    }
    KernelFaultHooks& hooks = m_machine.kernel().faultHooks();
    if (dpcFaults) {
        hooks.extraDpcDelayNs = [this] { return dpcDelayNs(); };
    }
    if (lostFaults) {
        hooks.loseInterrupt = [this](ULONG vector) { return loseInterrupt(vector); };
    }
    for (std::size_t i = 0; i < m_streams.size(); ++i) {
        const StreamSpec& spec = m_streams[i]->spec;
        scheduler.schedule(
            origin + spec.startNs, [this, i] { startStream(i); }, "scenario stream start");
        if (spec.stopNs) {
            scheduler.schedule(
                origin + *spec.stopNs, [this, i] { stopStream(i); }, "scenario stream stop");
        }
    }
    // Time order, ties in list order (the scheduler runs equal times in
    // scheduling order).
    std::vector<std::size_t> order(m_spec.actions.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
        return m_spec.actions[a].atNs < m_spec.actions[b].atNs;
    });
    for (const std::size_t a : order) {
        scheduler.schedule(
            origin + m_spec.actions[a].atNs, [this, a] { runAction(m_spec.actions[a]); },
            "scenario action");
    }
}

void ScenarioRun::startStream(std::size_t index) {
    Stream& s = *m_streams[index];
    const NTSTATUS status = s.pciClient ? s.pciClient->start() : s.rtClient->start();
    // The signal is named in the trace: audio data is not traced, and the
    // noise seed must still change the run's digest.
    TraceRecord r = scenarioRecord("stream start", s.streamId);
    r.addText("Signal", signalKindName(s.spec.signal.kind));
    if (s.spec.signal.kind == SignalKind::Noise) {
        r.addHex("NoiseSeed", s.noiseSeed);
    }
    m_machine.tracer().record(r.setStatus(status));
}

void ScenarioRun::stopStream(std::size_t index) {
    Stream& s = *m_streams[index];
    const NTSTATUS status = s.pciClient ? s.pciClient->stop() : s.rtClient->stop();
    m_machine.tracer().record(scenarioRecord("stream stop", s.streamId).setStatus(status));
}

void ScenarioRun::runAction(const ActionSpec& action) {
    Stream& s = *m_streams[action.stream];
    WavePciClient* pci = s.pciClient.get();
    WaveRtClient* rt = s.rtClient.get();
    NTSTATUS status = STATUS_SUCCESS;
    switch (action.kind) {
        case ActionKind::Pause:
            status = pci != nullptr ? pci->pause() : rt->pause();
            break;
        case ActionKind::Run:
            status = pci != nullptr ? pci->start() : rt->start();
            break;
        case ActionKind::Stop:
            status = pci != nullptr ? pci->stop() : rt->stop();
            break;
        case ActionKind::Restart:
            status = pci != nullptr ? pci->stop() : rt->stop();
            if (NT_SUCCESS(status)) {
                status = pci != nullptr ? pci->start() : rt->start();
            }
            break;
        case ActionKind::CancelPackets:
            if (pci != nullptr) {
                pci->cancelPackets();
            } else {
                status = STATUS_NOT_SUPPORTED;
            }
            break;
        case ActionKind::ChangeFormat:
            status = changeFormat(s, action.format);
            break;
    }
    m_machine.tracer().record(
        scenarioRecord(actionKindName(action.kind), s.streamId).setStatus(status));
}

NTSTATUS ScenarioRun::changeFormat(Stream& s, const AudioFormat& format) {
    if (s.rtClient) {
        // The engine's way on WaveRT: the client stops, gives its buffer
        // back, sets the format and runs again with a new buffer (it traces
        // each step); the endpoints follow once the pin took the format.
        return s.rtClient->changeFormat(
            format, [this, &s](const AudioFormat& accepted) { adoptFormat(s, accepted); });
    }
    NTSTATUS status = STATUS_SUCCESS;
    if (s.pciClient && s.pciClient->mode() == ClientMode::Stopped &&
        s.pciClient->packetsOutstanding() == 0) {
        // The engine's way: SET the pin's format, then new buffers.
        status = s.pciClient->setDataFormat(format);
    } else if (s.pciPin) {
        // While streaming only the pin can say no (a careful miniport does;
        // the acceptSetFormatWhileRunning bug switch does not).
        status = s.pciPin->setDataFormat(format);
    }
    if (NT_SUCCESS(status)) {
        adoptFormat(s, format);
    }
    return status;
}

void ScenarioRun::adoptFormat(Stream& s, const AudioFormat& format) {
    s.format = format;
    if (s.render()) {
        // What the DAC plays from now on is in the new format.
        s.dac.setFormat(format);
        reopenRenderSignal(s);
    } else {
        // The ADC now records in the new format.
        attachEndpoints(s);
    }
}

void ScenarioRun::reopenRenderSignal(Stream& s) {
    // The signal renders frames at the rate it was opened with: once the
    // client writes at a new rate its tone would change pitch. Reopened at
    // the client's new rate (a signal that cannot be reopened keeps the old
    // one). A client that did not take the format (a WavePci pin that
    // accepted a format while running) keeps it too.
    const AudioFormat* clientFormat = s.pciClient  ? &s.pciClient->format()
                                      : s.rtClient ? &s.rtClient->format()
                                                   : nullptr;
    if (clientFormat == nullptr || *clientFormat != s.format) {
        return;
    }
    std::unique_ptr<SampleSource> old = std::move(s.signal);
    if (!openSignal(s).empty() || !s.signal) {
        s.signal = std::move(old);
        return;
    }
    if (s.pciClient) {
        s.pciClient->setSource(s.signal.get());
    } else {
        s.rtClient->setSource(s.signal.get());
    }
}

bool ScenarioRun::inWindow(const FaultSpec& fault, TimeNs t) const {
    return t >= fault.fromNs && (!fault.untilNs || t < *fault.untilNs);
}

void ScenarioRun::beginFault(std::size_t faultIndex) {
    const FaultSpec& fault = m_spec.faults[faultIndex];
    const std::uint16_t streamId = fault.stream ? m_streams[*fault.stream]->streamId : kNoStream;
    TraceRecord r(TraceCategory::Sim, "scenario", faultKindName(fault.kind), streamId);
    r.addInt("FromNs", fault.fromNs);
    if (fault.untilNs) {
        r.addInt("UntilNs", *fault.untilNs);
    }
    if (fault.kind == FaultKind::DpcDelay || fault.kind == FaultKind::LateClient) {
        r.addInt("DelayNs", fault.delayNs);
    }
    if (fault.kind == FaultKind::LostInterrupt) {
        r.addUInt("Count", fault.count);
    }
    m_machine.tracer().record(r);
    if (fault.kind == FaultKind::DescriptorError) {
        Stream& s = *m_streams[*fault.stream];
        if (s.pci != nullptr) {
            s.pci->controller().injectDescriptorFault(s.engine);
        } else if (s.descriptor >= 0) {
            s.rt->controller().injectDescriptorFault(static_cast<unsigned>(s.descriptor));
        }
    }
}

TimeNs ScenarioRun::clientDelayNs(std::size_t stream) const {
    const TimeNs t = m_machine.scheduler().now();
    TimeNs delay = 0;
    for (const std::size_t f : m_streams[stream]->clientFaults) {
        const FaultSpec& fault = m_spec.faults[f];
        if (!inWindow(fault, t)) {
            continue;
        }
        if (fault.kind == FaultKind::LateClient) {
            delay += fault.delayNs;
        } else {
            // Stalled: nothing until the window ends (to the end: past the run).
            const TimeNs until = fault.untilNs ? *fault.untilNs : m_spec.durationNs + kCloseGraceNs;
            delay = std::max(delay, until - t);
        }
    }
    return delay;
}

TimeNs ScenarioRun::dpcDelayNs() const {
    const TimeNs t = m_machine.scheduler().now();
    TimeNs delay = 0;
    for (const FaultSpec& fault : m_spec.faults) {
        if (fault.kind == FaultKind::DpcDelay && inWindow(fault, t)) {
            delay += fault.delayNs;
        }
    }
    return delay;
}

bool ScenarioRun::loseInterrupt(ULONG vector) {
    const TimeNs t = m_machine.scheduler().now();
    for (std::size_t f = 0; f < m_spec.faults.size(); ++f) {
        const FaultSpec& fault = m_spec.faults[f];
        if (fault.kind == FaultKind::LostInterrupt && m_lostLeft[f] > 0 && inWindow(fault, t) &&
            m_streams[*fault.stream]->vector == vector) {
            --m_lostLeft[f];
            ++m_lostInterrupts;
            return true;
        }
    }
    return false;
}

void ScenarioRun::advanceTo(TimeNs t) {
    if (!m_started || m_failed || m_finished) {
        return;
    }
    Scheduler& scheduler = m_machine.scheduler();
    const TimeNs target = std::min(t, m_spec.durationNs);
    if (target > scheduler.now() || target == m_spec.durationNs) {
        scheduler.runUntil(target);
    }
    if (target >= m_spec.durationNs) {
        finish();
    }
}

void ScenarioRun::finish() {
    Scheduler& scheduler = m_machine.scheduler();
    for (auto& s : m_streams) {
        s->finalState = ksStateName(s->pinState());
    }
    // The stream's end: stop and close every client as the audio engine does
    // when a stream goes away, and let WavePci pins hand their buffers back.
    for (auto& s : m_streams) {
        if (s->pciClient) {
            s->pciClient->close();
        }
        if (s->rtClient) {
            s->rtClient->close();
        }
    }
    const TimeNs graceEnd = scheduler.now() + kCloseGraceNs;
    const auto closing = [this] {
        return std::any_of(m_streams.begin(), m_streams.end(), [](const auto& s) {
            return s->pciClient && s->pciClient->mode() != ClientMode::Closed;
        });
    };
    while (closing() && scheduler.now() < graceEnd) {
        const std::optional<TimeNs> next = scheduler.nextEventTime();
        if (!next || *next > graceEnd) {
            break;
        }
        scheduler.step();
    }
    for (auto& s : m_streams) {
        if (s->pciPin) {
            s->pciPin->close();
        }
        if (s->rtPin) {
            s->rtPin->close();
        }
    }
    for (auto& a : m_pciAdapters) {
        a->controller().syncAll();
    }
    for (auto& a : m_rtAdapters) {
        a->controller().syncAll();
    }
    for (auto& s : m_streams) {
        m_machine.tracer().record(scenarioRecord("stream end", s->streamId)
                                      .addUInt("FramesPlayed", s->dac.framesPlayed())
                                      .addUInt("UnderrunFrames", s->dac.underrunFrames())
                                      .addUInt("Glitches", s->glitchRecords)
                                      .addUInt("Underruns", s->deviceGlitches)
                                      .addText("FinalState", s->finalState));
    }
    m_machine.verifier().finish();
    m_finished = true;
}

std::vector<StreamReport> ScenarioRun::reports() const {
    std::vector<StreamReport> out;
    out.reserve(m_streams.size());
    for (const auto& sp : m_streams) {
        const Stream& s = *sp;
        StreamReport r;
        r.name = s.name;
        r.stack = s.spec.stack;
        r.direction = s.spec.direction;
        r.format = s.format;
        if (s.pciClient) {
            const WavePciClientCounters& c = s.pciClient->counters();
            r.framesSubmitted = c.framesSubmitted;
            r.framesCaptured = s.render() ? 0 : c.framesCompleted;
            r.clientErrors = c.errors;
        } else if (s.rtClient) {
            const WaveRtClientCounters& c = s.rtClient->counters();
            r.framesSubmitted = s.render() ? c.framesWritten : c.framesRead;
            r.framesCaptured = s.render() ? 0 : c.framesRead;
            r.clientErrors = c.errors;
        }
        r.framesPlayed = s.render() ? s.dac.framesPlayed() : 0;
        r.underrunFrames = s.render() ? s.dac.underrunFrames() : 0;
        r.glitches = s.glitchRecords;
        r.underruns = s.deviceGlitches;
        for (const auto& [name, count] : s.ddiCalls) {
            r.ddiCalls[name] += count;
        }
        r.finalState = s.finalState != nullptr ? s.finalState : ksStateName(s.pinState());
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace ps
