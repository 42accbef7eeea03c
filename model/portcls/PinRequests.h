// Client requests whose handling is the same on the WavePci and the WaveRT
// pin: KSPROPERTY_CONNECTION_STATE SET and KSPROPERTY_CONNECTION_DATAFORMAT
// SET. Each pin supplies what differs (its miniport stream, the DDI method's
// trace name, how one state step is taken).
#pragma once

#include "model/kernel/Kernel.h"
#include "model/ks/AudioFormat.h"
#include "model/ks/KsState.h"
#include "model/portcls/DdiTrace.h"
#include "model/portcls/PinDataFormat.h"

#include <utility>

namespace ps {

// Walks from `current` to `target` through every intermediate state (or in
// one jump when rawJumps), calling step(state) for each; stops at the first
// failure, or at STATUS_PENDING (a step that waits for the adapter's D0; the
// pin resumes the walk later), and returns that status.
template <typename Step>
NTSTATUS pinWalkStates(bool rawJumps, KSSTATE current, KSSTATE target, Step&& step) {
    if (rawJumps) {
        return target == current ? STATUS_SUCCESS : step(target);
    }
    for (KSSTATE s : ksStatePath(current, target)) {
        const NTSTATUS status = step(s);
        if (!NT_SUCCESS(status) || status == STATUS_PENDING) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

// Traces the request, then pinWalkStates.
template <typename Step>
NTSTATUS pinSetState(Kernel& kernel, std::uint16_t streamId, bool open, bool rawJumps,
                     KSSTATE current, KSSTATE target, Step&& step) {
    kernel.tracer().record(
        TraceRecord(TraceCategory::Property, "client", "KSPROPERTY_CONNECTION_STATE set", streamId)
            .addText("State", ksStateName(target))
            .addText("Current", ksStateName(current)));
    if (!open) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return pinWalkStates(rawJumps, current, target, std::forward<Step>(step));
}

// Traces the request, validates the format and forwards it to the miniport
// stream's SetFormat (traced as `method`); *current becomes the new format
// when the miniport accepts it.
template <typename Stream>
NTSTATUS pinSetDataFormat(Kernel& kernel, std::uint16_t streamId, bool open, KSSTATE state,
                          Stream* stream, const char* method, const AudioFormat& format,
                          AudioFormat* current) {
    const char* described = kernel.tracer().strings().intern(format.describe());
    kernel.tracer().record(TraceRecord(TraceCategory::Property, "client",
                                       "KSPROPERTY_CONNECTION_DATAFORMAT set", streamId)
                               .addText("DataFormat", described));
    if (!open) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!format.validate().ok()) {
        return STATUS_INVALID_PARAMETER;
    }
    PinDataFormat dataFormat(format);
    NTSTATUS status;
    {
        DdiCall call(kernel, "port", method, streamId);
        call.text("DataFormat", described).text("State", ksStateName(state));
        status = stream->SetFormat(dataFormat.get());
        call.done(status);
    }
    if (NT_SUCCESS(status)) {
        *current = format;
    }
    return status;
}

}  // namespace ps
