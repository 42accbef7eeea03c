#include "app/scenario/ScenarioWriter.h"

#include "model/scenario/BugSwitchNames.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ps {

namespace {

double ms(TimeNs ns) {
    return static_cast<double>(ns) / 1e6;
}
double us(TimeNs ns) {
    return static_cast<double>(ns) / 1e3;
}

QJsonObject formatObject(const AudioFormat& f) {
    QJsonObject o;
    o["rate_hz"] = static_cast<double>(f.rateHz);
    o["channels"] = f.channels;
    o["sample_type"] = f.sampleType == SampleType::Float ? "float" : "pcm";
    o["container_bits"] = f.containerBits;
    o["valid_bits"] = f.validBits;
    o["extensible"] = f.extensible;
    if (f.extensible) {
        o["channel_mask"] = static_cast<double>(f.channelMask);
    }
    return o;
}

QJsonObject signalObject(const SignalSpec& s) {
    QJsonObject o;
    o["kind"] = signalKindName(s.kind);
    switch (s.kind) {
        case SignalKind::Tone:
            o["frequency_hz"] = s.frequencyHz;
            o["amplitude"] = s.amplitude;
            break;
        case SignalKind::Sweep:
            o["sweep_start_hz"] = s.sweepStartHz;
            o["sweep_end_hz"] = s.sweepEndHz;
            o["sweep_duration_ms"] = ms(s.sweepDurationNs);
            o["amplitude"] = s.amplitude;
            break;
        case SignalKind::Noise:
            o["amplitude"] = s.amplitude;
            break;
        case SignalKind::Silence:
            break;
        case SignalKind::File:
            o["path"] = QString::fromStdString(s.filePath);
            o["loop"] = s.loop;
            break;
    }
    return o;
}

QJsonObject streamObject(const StreamSpec& s) {
    QJsonObject o;
    if (!s.name.empty()) {
        o["name"] = QString::fromStdString(s.name);
    }
    o["stack"] = stackKindName(s.stack);
    o["direction"] = streamDirectionName(s.direction);
    o["format"] = formatObject(s.format);
    o["signal"] = signalObject(s.signal);
    if (s.stack == StackKind::WaveRt) {
        QJsonObject rt;
        rt["mode"] = waveRtStreamingModeName(s.wavert.mode);
        rt["buffer_ms"] = static_cast<double>(s.wavert.bufferMs);
        rt["use_registers"] = s.wavert.useRegisters;
        if (s.wavert.mode == WaveRtStreamingMode::Event) {
            rt["notification_count"] = static_cast<double>(s.wavert.notificationCount);
        } else {
            rt["polling_period_ms"] = ms(s.wavert.pollingPeriodNs);
            if (s.direction == StreamDirection::Render) {
                rt["write_ahead_ms"] = static_cast<double>(s.wavert.writeAheadMs);
            }
        }
        o["wavert"] = rt;
    } else {
        QJsonObject pci;
        pci["packet_ms"] = static_cast<double>(s.wavepci.packetMs);
        pci["packets_queued"] = static_cast<double>(s.wavepci.packetsQueued);
        o["wavepci"] = pci;
    }
    o["start_ms"] = ms(s.startNs);
    if (s.stopNs) {
        o["stop_ms"] = ms(*s.stopNs);
    }
    return o;
}

QJsonArray bugsOf(const ScenarioSpec& spec, StackKind stack) {
    QJsonArray bugs;
    for (const BugSwitchInfo& info : bugSwitches()) {
        if (info.stack == stack && bugSwitchEnabled(spec, info)) {
            bugs.append(info.name);
        }
    }
    return bugs;
}

QJsonObject delayObject(const InterferenceDelay& d) {
    QJsonObject o;
    o["probability"] = d.probability;
    o["min_delay_us"] = us(d.minDelayNs);
    o["max_delay_us"] = us(d.maxDelayNs);
    return o;
}

}  // namespace

QJsonObject scenarioToJsonObject(const ScenarioSpec& spec) {
    QJsonObject root;
    root["name"] = QString::fromStdString(spec.name);
    root["description"] = QString::fromStdString(spec.description);
    root["seed"] = static_cast<double>(spec.seed);
    root["duration_ms"] = ms(spec.durationNs);
    root["os_version"] = osVersionName(spec.osVersion);

    QJsonObject hw;
    hw["fifo_bytes"] = static_cast<double>(spec.hardware.fifoBytes);
    hw["burst_bytes"] = static_cast<double>(spec.hardware.burstBytes);
    hw["sample_clock_error_ppm"] = spec.hardware.sampleClockErrorPpm;
    hw["codec_delay_us"] = us(spec.hardware.codecDelayNs);
    hw["coalesce_bursts"] = spec.hardware.coalesceBursts;
    hw["hda_dma_waits_for_bcis_ack"] = spec.hardware.hdaDmaWaitsForBcisAck;
    root["hardware"] = hw;

    QJsonObject pci;
    pci["interrupt_interval_ms"] = static_cast<double>(spec.wavepciMiniport.interruptIntervalMs);
    pci["max_entries"] = static_cast<double>(spec.wavepciMiniport.maxEntries);
    pci["prefetch_offset_frames"] = static_cast<double>(spec.wavepciMiniport.preFetchOffsetFrames);
    pci["bugs"] = bugsOf(spec, StackKind::WavePci);
    root["wavepci_miniport"] = pci;

    const WaveRtMiniportOptions& rtOptions = spec.wavertMiniport;
    QJsonObject rt;
    rt["buffer_size_policy"] = waveRtBufferSizePolicyName(rtOptions.bufferSizePolicy);
    rt["notification_policy"] = waveRtNotificationPolicyName(rtOptions.notificationPolicy);
    rt["write_offset_policy"] = waveRtWriteOffsetPolicyName(rtOptions.writeOffsetPolicy);
    rt["codec_delay_100ns"] = static_cast<double>(rtOptions.codecDelay100ns);
    rt["offer_position_register"] = rtOptions.offerPositionRegister;
    rt["offer_clock_register"] = rtOptions.offerClockRegister;
    rt["bugs"] = bugsOf(spec, StackKind::WaveRt);
    root["wavert_miniport"] = rt;

    QJsonObject interference;
    interference["enabled"] = spec.interference.enabled;
    interference["dpc"] = delayObject(spec.interference.dpc);
    interference["thread"] = delayObject(spec.interference.thread);
    interference["low_latency_below_ms"] = ms(spec.interference.lowLatencyBelowNs);
    root["interference"] = interference;

    QJsonObject power;
    power["idle_timeout_ms"] = ms(spec.power.idleTimeoutNs);
    static const char* const kLatencies[] = {"instant", "fast", "responsive"};
    power["exit_latency"] = kLatencies[static_cast<int>(spec.power.exitLatency)];
    power["fast_exit_latency_ms"] = static_cast<double>(spec.power.fastExitLatencyMs);
    power["responsive_exit_latency_ms"] = static_cast<double>(spec.power.responsiveExitLatencyMs);
    root["power"] = power;

    QJsonArray streams;
    for (const StreamSpec& s : spec.streams) {
        streams.append(streamObject(s));
    }
    root["streams"] = streams;

    QJsonArray actions;
    for (const ActionSpec& a : spec.actions) {
        QJsonObject o;
        o["at_ms"] = ms(a.atNs);
        o["stream"] = static_cast<double>(a.stream);
        o["kind"] = actionKindName(a.kind);
        if (a.kind == ActionKind::ChangeFormat) {
            o["format"] = formatObject(a.format);
        }
        actions.append(o);
    }
    root["actions"] = actions;

    QJsonArray faults;
    for (const FaultSpec& f : spec.faults) {
        QJsonObject o;
        o["kind"] = faultKindName(f.kind);
        if (f.stream) {
            o["stream"] = static_cast<double>(*f.stream);
        }
        o["from_ms"] = ms(f.fromNs);
        const bool window = f.kind == FaultKind::DpcDelay || f.kind == FaultKind::LateClient ||
                            f.kind == FaultKind::StalledClient;
        if (window && f.untilNs) {
            o["until_ms"] = ms(*f.untilNs);
        }
        if (f.kind == FaultKind::DpcDelay || f.kind == FaultKind::LateClient) {
            o["delay_us"] = us(f.delayNs);
        }
        if (f.kind == FaultKind::LostInterrupt) {
            o["count"] = static_cast<double>(f.count);
        }
        faults.append(o);
    }
    root["faults"] = faults;
    return root;
}

QByteArray scenarioToJson(const ScenarioSpec& spec) {
    return QJsonDocument(scenarioToJsonObject(spec)).toJson(QJsonDocument::Indented);
}

}  // namespace ps
