#include "app/ScenarioSummary.h"

#include "model/scenario/ScenarioRun.h"
#include "model/verifier/VerifierRules.h"

#include <QJsonArray>

namespace ps {

namespace {

// JSON numbers are doubles: counts stay exact up to 2^53, far beyond any run.
double num(std::uint64_t v) {
    return static_cast<double>(v);
}

QJsonObject streamJson(const StreamReport& r) {
    QJsonObject o;
    o.insert(QStringLiteral("name"), QString::fromStdString(r.name));
    o.insert(QStringLiteral("stack"), QString::fromLatin1(stackKindName(r.stack)));
    o.insert(QStringLiteral("direction"), QString::fromLatin1(streamDirectionName(r.direction)));
    o.insert(QStringLiteral("format"), QString::fromStdString(r.format.describe()));
    o.insert(QStringLiteral("frames_submitted"), num(r.framesSubmitted));
    if (r.direction == StreamDirection::Render) {
        o.insert(QStringLiteral("frames_played"), num(r.framesPlayed));
    } else {
        o.insert(QStringLiteral("frames_captured"), num(r.framesCaptured));
    }
    o.insert(QStringLiteral("glitches"), num(r.glitches));
    o.insert(QStringLiteral("underruns"), num(r.underruns));
    o.insert(QStringLiteral("underrun_frames"), num(r.underrunFrames));
    o.insert(QStringLiteral("client_errors"), num(r.clientErrors));
    QJsonObject calls;
    for (const auto& [method, count] : r.ddiCalls) {
        calls.insert(QString::fromStdString(method), num(count));
    }
    o.insert(QStringLiteral("ddi_calls"), calls);
    o.insert(QStringLiteral("final_state"), QString::fromStdString(r.finalState));
    return o;
}

QJsonObject verifierJson(const Verifier& verifier) {
    QJsonArray findings;
    int violations = 0;
    int warnings = 0;
    for (const Violation& v : verifier.violations()) {
        const VerifierRuleInfo& info = verifierRuleInfo(v.rule);
        (info.warning ? warnings : violations) += 1;
        QJsonObject f;
        f.insert(QStringLiteral("rule"), QString::fromLatin1(info.id));
        f.insert(QStringLiteral("warning"), info.warning);
        f.insert(QStringLiteral("time_ns"), static_cast<double>(v.timeNs));
        f.insert(QStringLiteral("stream"), static_cast<int>(v.streamId));
        f.insert(QStringLiteral("message"), QString::fromStdString(v.message));
        findings.append(f);
    }
    QJsonObject o;
    o.insert(QStringLiteral("violations"), violations);
    o.insert(QStringLiteral("warnings"), warnings);
    o.insert(QStringLiteral("findings"), findings);
    return o;
}

}  // namespace

QJsonObject scenarioSummary(const ScenarioRun& run, const QString& traceSha256,
                            const RunTiming& timing) {
    const ScenarioSpec& spec = run.spec();
    const double simSeconds = static_cast<double>(run.now()) / 1e9;
    QJsonObject o;
    o.insert(QStringLiteral("scenario"), QString::fromStdString(spec.name));
    // A seed above 2^53 would not survive a JSON number: give it as text then.
    if (spec.seed <= (std::uint64_t{1} << 53)) {
        o.insert(QStringLiteral("seed"), static_cast<double>(spec.seed));
    } else {
        o.insert(QStringLiteral("seed"), QString::number(spec.seed));
    }
    o.insert(QStringLiteral("os_version"), QString::fromLatin1(osVersionName(spec.osVersion)));
    o.insert(QStringLiteral("sim_seconds"), simSeconds);
    o.insert(QStringLiteral("wall_seconds"), timing.wallSeconds);
    o.insert(QStringLiteral("realtime_factor"),
             timing.wallSeconds > 0 ? simSeconds / timing.wallSeconds : 0.0);
    o.insert(QStringLiteral("events"), num(run.machine().scheduler().executedCount()));
    o.insert(QStringLiteral("trace_records"), num(run.machine().tracer().recordCount()));
    o.insert(QStringLiteral("trace_sha256"), traceSha256);
    o.insert(QStringLiteral("lost_interrupts"), num(run.lostInterrupts()));
    QJsonArray streams;
    for (const StreamReport& r : run.reports()) {
        streams.append(streamJson(r));
    }
    o.insert(QStringLiteral("streams"), streams);
    o.insert(QStringLiteral("verifier"), verifierJson(run.machine().verifier()));
    return o;
}

QJsonObject stableSummary(QJsonObject summary) {
    summary.remove(QStringLiteral("wall_seconds"));
    summary.remove(QStringLiteral("realtime_factor"));
    return summary;
}

}  // namespace ps
