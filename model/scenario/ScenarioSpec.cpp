#include "model/scenario/ScenarioSpec.h"

namespace ps {

const char* stackKindName(StackKind stack) {
    switch (stack) {
        case StackKind::WavePci:
            return "wavepci";
        case StackKind::WaveRt:
            return "wavert";
    }
    return "?";
}

const char* signalKindName(SignalKind kind) {
    switch (kind) {
        case SignalKind::Tone:
            return "tone";
        case SignalKind::Sweep:
            return "sweep";
        case SignalKind::Noise:
            return "noise";
        case SignalKind::Silence:
            return "silence";
        case SignalKind::File:
            return "file";
    }
    return "?";
}

const char* actionKindName(ActionKind kind) {
    switch (kind) {
        case ActionKind::Pause:
            return "pause";
        case ActionKind::Run:
            return "run";
        case ActionKind::Stop:
            return "stop";
        case ActionKind::Restart:
            return "restart";
        case ActionKind::CancelPackets:
            return "cancel-packets";
        case ActionKind::ChangeFormat:
            return "change-format";
    }
    return "?";
}

const char* faultKindName(FaultKind kind) {
    switch (kind) {
        case FaultKind::DpcDelay:
            return "dpc-delay";
        case FaultKind::LostInterrupt:
            return "lost-interrupt";
        case FaultKind::LateClient:
            return "late-client";
        case FaultKind::StalledClient:
            return "stalled-client";
        case FaultKind::DescriptorError:
            return "descriptor-error";
    }
    return "?";
}

}  // namespace ps
