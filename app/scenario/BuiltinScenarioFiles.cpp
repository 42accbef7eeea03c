#include "app/scenario/BuiltinScenarioFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

// Resources compiled into a static library are registered only when their
// initializer is referenced; Q_INIT_RESOURCE must be used outside any
// namespace.
static void initScenarioResources() {
    Q_INIT_RESOURCE(portscope_scenarios);
}

namespace ps {

QList<BuiltinScenarioFile> builtinScenarioFiles() {
    static const bool initialised = (initScenarioResources(), true);
    (void)initialised;
    QList<BuiltinScenarioFile> files;
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files)) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        BuiltinScenarioFile entry;
        entry.name = info.completeBaseName();
        entry.text = file.readAll();
        entry.description = QJsonDocument::fromJson(entry.text)
                                .object()
                                .value(QStringLiteral("description"))
                                .toString();
        files.append(entry);
    }
    std::sort(
        files.begin(), files.end(),
        [](const BuiltinScenarioFile& a, const BuiltinScenarioFile& b) { return a.name < b.name; });
    return files;
}

bool findBuiltinScenarioFile(const QString& name, BuiltinScenarioFile* file) {
    for (const BuiltinScenarioFile& entry : builtinScenarioFiles()) {
        if (entry.name == name) {
            *file = entry;
            return true;
        }
    }
    return false;
}

}  // namespace ps
