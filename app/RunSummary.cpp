#include "app/RunSummary.h"

#include "model/sim/Tracer.h"

namespace ps {

QJsonObject runSummary(const QString& scenario, std::uint64_t seed, const BuiltinRun& run,
                       double wallSeconds) {
    const double simSeconds = static_cast<double>(run.nowNs()) / 1e9;
    QJsonObject counters;
    for (const auto& c : run.counters()) {
        counters.insert(c.first, static_cast<double>(c.second));
    }
    QJsonObject o;
    o.insert(QStringLiteral("scenario"), scenario);
    o.insert(QStringLiteral("seed"), QString::number(seed));
    o.insert(QStringLiteral("sim_seconds"), simSeconds);
    o.insert(QStringLiteral("wall_seconds"), wallSeconds);
    o.insert(QStringLiteral("realtime_factor"), wallSeconds > 0 ? simSeconds / wallSeconds : 0.0);
    o.insert(QStringLiteral("events"), static_cast<double>(run.eventsExecuted()));
    o.insert(QStringLiteral("trace_records"), static_cast<double>(run.tracer().recordCount()));
    o.insert(QStringLiteral("trace_digest"), run.traceDigestHex());
    o.insert(QStringLiteral("counters"), counters);
    return o;
}

}  // namespace ps
