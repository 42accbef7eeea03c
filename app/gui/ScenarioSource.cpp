#include "app/gui/ScenarioSource.h"

#include "app/scenario/ScenarioLoader.h"

#include <QFileInfo>

namespace ps {

OpenedScenario loadScenario(const QString& pathOrName) {
    OpenedScenario out;
    if (pathOrName.trimmed().isEmpty()) {
        out.error = QStringLiteral("no scenario given");
        return out;
    }
    const ScenarioLoadResult loaded = ScenarioLoader::loadPathOrBuiltin(pathOrName);
    if (!loaded.ok()) {
        out.error = loaded.errorText();
        return out;
    }
    out.spec = *loaded.spec;
    const QFileInfo info(pathOrName);
    out.name = info.exists() ? info.fileName() : pathOrName;
    return out;
}

}  // namespace ps
