// The JSON summary of a finished run that portscope-sim prints with --summary.
#pragma once

#include "app/BuiltinScenarios.h"

#include <QJsonObject>

namespace ps {

QJsonObject runSummary(const QString& scenario, std::uint64_t seed, const BuiltinRun& run,
                       double wallSeconds);

}  // namespace ps
