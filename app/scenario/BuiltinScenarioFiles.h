// The built-in scenario files: resources/scenarios/*.json, compiled into
// portscope_scenario_io as Qt resources under :/scenarios/. A built-in
// scenario's name is its file's base name ("wavert-event-render"); its
// description is the file's "description" value.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ps {

struct BuiltinScenarioFile {
    QString name;
    QString description;  // one line; "" when the file has none
    QByteArray text;      // the JSON file as stored
};

// Every built-in scenario, sorted by name.
QList<BuiltinScenarioFile> builtinScenarioFiles();
// False (and *file untouched) when no built-in scenario has that name.
bool findBuiltinScenarioFile(const QString& name, BuiltinScenarioFile* file);

}  // namespace ps
