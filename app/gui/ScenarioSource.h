// Opening a scenario for the inspector: a file path or a built-in name,
// loaded with ScenarioLoader into a spec the SessionController can run.
// Errors come back as one readable text (file:line:column: path: message,
// one per line); nothing throws. Any thread.
#pragma once

#include "model/scenario/ScenarioSpec.h"

#include <QString>

#include <optional>

namespace ps {

struct OpenedScenario {
    std::optional<ScenarioSpec> spec;
    QString name;   // what the window shows: the built-in name or the file name
    QString error;  // set exactly when spec is not
};

// An existing file's path, else a built-in scenario's name.
OpenedScenario loadScenario(const QString& pathOrName);

}  // namespace ps
