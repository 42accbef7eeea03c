// ScenarioLoader: reads a scenario file (JSON, schema in docs/scenario.md)
// into a ScenarioSpec, or explains why it cannot.
//
// Every error names the file (or the source name given to loadBytes), the
// line and column, the JSON path of the offending value
// ("$.streams[1].format.rate_hz"; no path for syntax errors), what was
// expected and what was found:
//   scenario.json:9:9: $.streams[0].format.rate_hz: expected a rate the
//       wavert (HD Audio) miniport can stream ..., found 7000
//   scenario.json:4:17: invalid JSON (missing value separator): expected ','
//       between values
// The line and column are where the offending member's key is written (an
// array element's first character); a missing key is reported at its
// object.
// Unknown keys are errors (with the nearest known key when one is close), and
// so is a key given twice in one object.
// Impossible values and combinations (a rate the stack's miniport cannot
// take, 0 channels, notification count 3 in event mode, an action naming a
// stream that does not exist or a time outside the run, a file signal whose
// file is missing or not audio, ...) are refused here, before anything runs.
// The loader reports as many independent errors as it finds, in file order.
//
// A file signal's relative path is resolved against the scenario file's
// directory (loadBytes: against baseDir, or the working directory); the spec
// holds the resolved path.
//
// Thread-safe: no shared state besides Qt's resource system.
#pragma once

#include "model/scenario/ScenarioSpec.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ps {

struct ScenarioError {
    QString file;      // the scenario file or source name
    QString jsonPath;  // "$.streams[1].format.rate_hz"; "" for syntax errors
    int line = 0;      // 1-based line and column in the file; 0 when there
    int column = 0;    // is no file text (an unreadable file)
    QString message;   // "expected ..., found ..."

    // "file:line:column: path: message"; without the path for syntax
    // errors, without line and column when there are none.
    QString toString() const;
};

struct ScenarioLoadResult {
    std::optional<ScenarioSpec> spec;  // set exactly when errors is empty
    QList<ScenarioError> errors;

    bool ok() const { return errors.isEmpty(); }
    // Every error's toString(), one per line.
    QString errorText() const;
};

struct ScenarioLoadOptions {
    // Where a file signal's relative path starts; "" = the working directory.
    QString baseDir;
    // Open file signals' files to check that they are audio. Off only for
    // callers that check later (the fuzz target, which must not depend on
    // the file system).
    bool checkAudioFiles = true;
};

class ScenarioLoader {
  public:
    // Reads the file at `path`; errors name it as given.
    static ScenarioLoadResult loadFile(const QString& path);
    // Parses `json`; errors name `sourceName`.
    static ScenarioLoadResult loadBytes(const QByteArray& json, const QString& sourceName,
                                        const ScenarioLoadOptions& options = {});
    // A built-in scenario by name (BuiltinScenarioFiles); errors name it as
    // "builtin:<name>".
    static ScenarioLoadResult loadBuiltin(const QString& name);
    // What the CLI accepts: an existing file's path, else a built-in name.
    // Neither: one error saying so (listing the built-in names).
    static ScenarioLoadResult loadPathOrBuiltin(const QString& pathOrName);
};

}  // namespace ps
