#include "model/client/WavePciClientTypes.h"

namespace ps {

const char* streamDirectionName(StreamDirection direction) {
    return direction == StreamDirection::Render ? "render" : "capture";
}

const char* clientModeName(ClientMode mode) {
    switch (mode) {
        case ClientMode::Stopped:
            return "stopped";
        case ClientMode::Paused:
            return "paused";
        case ClientMode::Running:
            return "running";
        case ClientMode::Closing:
            return "closing";
        case ClientMode::Closed:
            return "closed";
    }
    return "?";
}

const char* packetStatusName(PacketStatus status) {
    switch (status) {
        case PacketStatus::Pending:
            return "pending";
        case PacketStatus::Completed:
            return "completed";
        case PacketStatus::Cancelled:
            return "cancelled";
        case PacketStatus::Failed:
            return "failed";
        case PacketStatus::SubmitFailed:
            return "submit failed";
    }
    return "?";
}

const char* lossCauseName(LossCause cause) {
    switch (cause) {
        case LossCause::Cancelled:
            return "cancelled";
        case LossCause::Failed:
            return "failed";
        case LossCause::ShortCompletion:
            return "short completion";
    }
    return "?";
}

}  // namespace ps
