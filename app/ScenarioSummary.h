// The JSON summary of a finished scenario run: what `portscope-sim run
// --summary` prints and what the golden files under tests/e2e/golden/ hold.
//
// Keys (docs/scenario.md, "Run summary"): scenario, seed, os_version,
// sim_seconds, wall_seconds, realtime_factor, events, trace_records,
// trace_sha256, lost_interrupts, streams[] (name, stack, direction, format,
// frames_submitted, frames_played or frames_captured, glitches, underruns,
// underrun_frames, client_errors, ddi_calls {"Interface::Method": count},
// final_state) and verifier {violations, warnings, findings[] (rule, warning,
// time_ns, stream, message)}.
//
// Everything but wall_seconds and realtime_factor is a pure function of the
// scenario and seed (stableSummary() drops those two).
#pragma once

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace ps {

class ScenarioRun;

struct RunTiming {
    double wallSeconds = 0.0;
};

QJsonObject scenarioSummary(const ScenarioRun& run, const QString& traceSha256,
                            const RunTiming& timing);
// The summary without the keys that depend on the machine and its load.
QJsonObject stableSummary(QJsonObject summary);

}  // namespace ps
