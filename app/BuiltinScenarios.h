// The catalogue of built-in scenarios that both programs can run by name.
// Each entry knows how to build and advance its simulation; callers only see
// names, descriptions and run statistics.
#pragma once

#include "model/sim/SimTime.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>

namespace ps {

class Tracer;

// A running built-in scenario.
class BuiltinRun {
  public:
    virtual ~BuiltinRun() = default;
    virtual void runUntil(TimeNs untilNs) = 0;
    virtual TimeNs nowNs() const = 0;
    virtual std::uint64_t eventsExecuted() const = 0;
    virtual const Tracer& tracer() const = 0;
    virtual QString traceDigestHex() const = 0;
    // Scenario-specific counters as name/value pairs, in a stable order.
    virtual QList<QPair<QString, qint64>> counters() const = 0;
};

struct BuiltinScenarioInfo {
    QString name;
    QString description;
};

QList<BuiltinScenarioInfo> builtinScenarios();
QString defaultBuiltinScenario();
// The built-in scenario files (resources/scenarios), started; seed replaces
// the file's seed when set. nullptr when no built-in scenario has that name.
std::unique_ptr<BuiltinRun> startBuiltin(const QString& name,
                                         std::optional<std::uint64_t> seed = std::nullopt);

}  // namespace ps
