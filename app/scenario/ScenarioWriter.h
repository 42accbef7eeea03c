// ScenarioWriter: a ScenarioSpec as a scenario file (docs/scenario.md), the
// inverse of ScenarioLoader: loading what it writes gives the same spec.
//
// Every field is written, defaults included, except keys the schema refuses
// in their context (notification_count in polling mode, a signal's keys for
// other kinds, a fault's keys its kind does not use, an unset stop_ms or
// until_ms). Times are written in the file's units (ms, us) as numbers that
// convert back to the same nanoseconds. A file signal's path is written as
// the spec holds it (ScenarioLoader stores it resolved).
#pragma once

#include "model/scenario/ScenarioSpec.h"

#include <QByteArray>
#include <QJsonObject>

namespace ps {

QJsonObject scenarioToJsonObject(const ScenarioSpec& spec);
// Indented JSON text.
QByteArray scenarioToJson(const ScenarioSpec& spec);

}  // namespace ps
