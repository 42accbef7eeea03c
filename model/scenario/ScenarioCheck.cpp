// ScenarioRun::check: the model's own guard against specs it cannot run.
// app/'s loader reports JSON paths and positions; this names the spec's
// fields in the same path style so that both read alike.
#include "model/scenario/ScenarioRun.h"

#include "model/hw/ac97/Ac97Config.h"
#include "model/hw/hda/HdaConfig.h"

#include <cstdlib>
#include <sstream>

namespace ps {

namespace {

constexpr std::size_t kMaxStreams = 64;
constexpr TimeNs kMaxDurationNs = TimeNs{48} * 3600 * kNsPerSecond;

std::string at(const char* list, std::size_t index, const char* field) {
    std::ostringstream s;
    s << list << '[' << index << "]." << field;
    return s.str();
}

std::string checkFormat(const AudioFormat& f, const std::string& path) {
    if (f.channels < 1 || f.channels > 8) {
        return path + ".channels: must be 1..8 (got " + std::to_string(f.channels) + ")";
    }
    if (f.rateHz < 8000 || f.rateHz > 384000) {
        return path + ".rateHz: " + std::to_string(f.rateHz) + " Hz is outside 8000..384000 Hz";
    }
    if (f.containerBits != 8 && f.containerBits != 16 && f.containerBits != 24 &&
        f.containerBits != 32) {
        return path + ".containerBits: must be 8, 16, 24 or 32 (got " +
               std::to_string(f.containerBits) + ")";
    }
    if (f.validBits < 1 || f.validBits > f.containerBits) {
        return path + ".validBits: must be 1.." + std::to_string(f.containerBits) + " (got " +
               std::to_string(f.validBits) + ")";
    }
    if (f.sampleType == SampleType::Float && f.containerBits != 32) {
        return path + ".containerBits: float samples must be 32-bit";
    }
    const FormatCheck check = f.validate();
    if (!check.ok()) {
        return path + ": " + check.errors.front();
    }
    return {};
}

std::string checkSignal(const SignalSpec& signal, const std::string& path) {
    if (!(signal.amplitude >= 0.0 && signal.amplitude <= 1.0)) {
        return path + ".amplitude: must be 0..1";
    }
    switch (signal.kind) {
        case SignalKind::Tone:
            if (!(signal.frequencyHz >= 0.0 && signal.frequencyHz <= 1e6)) {
                return path + ".frequencyHz: must be 0..1000000";
            }
            break;
        case SignalKind::Sweep:
            if (!(signal.sweepStartHz > 0.0 && signal.sweepEndHz > 0.0 &&
                  signal.sweepStartHz <= 1e6 && signal.sweepEndHz <= 1e6)) {
                return path + ".sweepStartHz/sweepEndHz: must be above 0 and at most 1000000";
            }
            if (signal.sweepDurationNs <= 0) {
                return path + ".sweepDurationNs: must be above 0";
            }
            break;
        case SignalKind::File:
            if (signal.filePath.empty()) {
                return path + ".filePath: a file signal needs a path";
            }
            break;
        case SignalKind::Noise:
        case SignalKind::Silence:
            break;
    }
    return {};
}

bool strictNotifications(const ScenarioSpec& spec) {
    return spec.wavertMiniport.notificationPolicy == WaveRtNotificationPolicy::Strict &&
           !spec.wavertMiniport.acceptNotificationCountAny;
}

std::string checkStream(const ScenarioSpec& spec, std::size_t i) {
    const StreamSpec& s = spec.streams[i];
    if (std::string e = checkFormat(s.format, at("streams", i, "format")); !e.empty()) {
        return e;
    }
    if (std::string e = checkSignal(s.signal, at("streams", i, "signal")); !e.empty()) {
        return e;
    }
    if (s.stack == StackKind::WaveRt) {
        const WaveRtStreamSettings& rt = s.wavert;
        if (rt.bufferMs < 1 || rt.bufferMs > 2000) {
            return at("streams", i, "wavert.bufferMs") + ": must be 1..2000";
        }
        if (rt.mode == WaveRtStreamingMode::Event) {
            if (rt.notificationCount < 1) {
                return at("streams", i, "wavert.notificationCount") + ": must be at least 1";
            }
            if (strictNotifications(spec) && rt.notificationCount > 2) {
                return at("streams", i, "wavert.notificationCount") +
                       ": must be 1 or 2 in event mode (got " +
                       std::to_string(rt.notificationCount) + ")";
            }
        } else {
            if (rt.pollingPeriodNs <= 0 || rt.pollingPeriodNs > kNsPerSecond) {
                return at("streams", i, "wavert.pollingPeriodNs") + ": must be 1 ns..1 s";
            }
            if (s.direction == StreamDirection::Render &&
                (rt.writeAheadMs < 1 || rt.writeAheadMs > 2000)) {
                return at("streams", i, "wavert.writeAheadMs") + ": must be 1..2000";
            }
        }
    } else {
        const WavePciStreamSettings& pci = s.wavepci;
        if (pci.packetMs < 1 || pci.packetMs > 1000) {
            return at("streams", i, "wavepci.packetMs") + ": must be 1..1000";
        }
        if (pci.packetsQueued < 1 || pci.packetsQueued > 64) {
            return at("streams", i, "wavepci.packetsQueued") + ": must be 1..64";
        }
    }
    if (s.startNs < 0 || s.startNs >= spec.durationNs) {
        return at("streams", i, "startNs") + ": must be within the duration";
    }
    if (s.stopNs && (*s.stopNs <= s.startNs || *s.stopNs > spec.durationNs)) {
        return at("streams", i, "stopNs") + ": must be after startNs and within the duration";
    }
    return {};
}

std::string checkHardware(const ScenarioSpec& spec) {
    const HardwareSpec& hw = spec.hardware;
    bool pci = false;
    bool rt = false;
    for (const StreamSpec& s : spec.streams) {
        (s.stack == StackKind::WavePci ? pci : rt) = true;
    }
    if (hw.burstBytes != 0 && hw.burstBytes % 4 != 0) {
        return "hardware.burstBytes: must be a positive multiple of 4";
    }
    if (std::abs(static_cast<long long>(hw.sampleClockErrorPpm)) > 500000) {
        return "hardware.sampleClockErrorPpm: must be -500000..500000";
    }
    if (hw.codecDelayNs < 0 || hw.codecDelayNs > kNsPerSecond) {
        return "hardware.codecDelayNs: must be 0..1 s";
    }
    if (pci) {
        const ac97::Ac97Config d;
        const std::uint32_t burst = hw.burstBytes != 0 ? hw.burstBytes : d.burstBytes;
        const std::uint32_t fifo = hw.fifoBytes != 0 ? hw.fifoBytes : d.fifoBytes;
        if (fifo < burst + 32) {
            return "hardware.fifoBytes: the AC'97 FIFO must hold a burst plus 32 bytes (at least " +
                   std::to_string(burst + 32) + ")";
        }
    }
    if (rt) {
        const hda::HdaConfig d;
        if (hw.fifoBytes != 0 && (hw.fifoBytes < 16 || hw.fifoBytes > 256)) {
            return "hardware.fifoBytes: the HD Audio FIFO must be 16..256 bytes";
        }
        const std::uint32_t burst = hw.burstBytes != 0 ? hw.burstBytes : d.burstBytes;
        const std::uint32_t fifo =
            hw.fifoBytes != 0 ? hw.fifoBytes : std::min(d.outputFifoBytes, d.inputFifoBytes);
        if (burst > fifo) {
            return "hardware.burstBytes: must not exceed the HD Audio FIFO (" +
                   std::to_string(fifo) + " bytes)";
        }
    }
    const WavePciMiniportOptions& mp = spec.wavepciMiniport;
    if (mp.maxEntries < 1 || mp.maxEntries > 31) {
        return "wavepciMiniport.maxEntries: must be 1..31";
    }
    if (mp.interruptIntervalMs < 1) {
        return "wavepciMiniport.interruptIntervalMs: must be at least 1";
    }
    return {};
}

std::string checkAction(const ScenarioSpec& spec, std::size_t i) {
    const ActionSpec& a = spec.actions[i];
    if (a.stream >= spec.streams.size()) {
        return at("actions", i, "stream") + ": no stream " + std::to_string(a.stream) + " (" +
               std::to_string(spec.streams.size()) + " streams)";
    }
    if (a.atNs < 0 || a.atNs > spec.durationNs) {
        return at("actions", i, "atNs") + ": must be within the duration";
    }
    if (a.kind == ActionKind::CancelPackets && spec.streams[a.stream].stack != StackKind::WavePci) {
        return at("actions", i, "kind") + ": cancel-packets needs a wavepci stream";
    }
    if (a.kind == ActionKind::ChangeFormat) {
        return checkFormat(a.format, at("actions", i, "format"));
    }
    return {};
}

std::string checkFault(const ScenarioSpec& spec, std::size_t i) {
    const FaultSpec& f = spec.faults[i];
    if (f.kind != FaultKind::DpcDelay) {
        if (!f.stream) {
            return at("faults", i, "stream") + ": " + faultKindName(f.kind) + " needs a stream";
        }
        if (*f.stream >= spec.streams.size()) {
            return at("faults", i, "stream") + ": no stream " + std::to_string(*f.stream) + " (" +
                   std::to_string(spec.streams.size()) + " streams)";
        }
    }
    if (f.fromNs < 0 || f.fromNs >= spec.durationNs) {
        return at("faults", i, "fromNs") + ": must be within the duration";
    }
    if (f.untilNs && *f.untilNs <= f.fromNs) {
        return at("faults", i, "untilNs") + ": must be after fromNs";
    }
    if ((f.kind == FaultKind::DpcDelay || f.kind == FaultKind::LateClient) &&
        (f.delayNs <= 0 || f.delayNs > 10 * kNsPerSecond)) {
        return at("faults", i, "delayNs") + ": must be above 0 and at most 10 s";
    }
    if (f.kind == FaultKind::LostInterrupt && f.count < 1) {
        return at("faults", i, "count") + ": must be at least 1";
    }
    return {};
}

}  // namespace

std::string ScenarioRun::check(const ScenarioSpec& spec) {
    if (spec.durationNs <= 0 || spec.durationNs > kMaxDurationNs) {
        return "durationNs: must be above 0 and at most 48 hours";
    }
    if (spec.streams.empty()) {
        return "streams: a scenario needs at least one stream";
    }
    if (spec.streams.size() > kMaxStreams) {
        return "streams: at most " + std::to_string(kMaxStreams) + " streams";
    }
    for (std::size_t i = 0; i < spec.streams.size(); ++i) {
        if (std::string e = checkStream(spec, i); !e.empty()) {
            return e;
        }
    }
    if (std::string e = checkHardware(spec); !e.empty()) {
        return e;
    }
    for (std::size_t i = 0; i < spec.actions.size(); ++i) {
        if (std::string e = checkAction(spec, i); !e.empty()) {
            return e;
        }
    }
    for (std::size_t i = 0; i < spec.faults.size(); ++i) {
        if (std::string e = checkFault(spec, i); !e.empty()) {
            return e;
        }
    }
    return {};
}

}  // namespace ps
