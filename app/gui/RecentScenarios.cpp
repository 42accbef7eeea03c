#include "app/gui/RecentScenarios.h"

#include <QSettings>

namespace ps {

namespace {
const QString kKey = QStringLiteral("recentScenarios");
}

QStringList RecentScenarios::load() {
    return QSettings().value(kKey).toStringList();
}

void RecentScenarios::add(const QString& pathOrName) {
    QStringList list = load();
    list.removeAll(pathOrName);
    list.prepend(pathOrName);
    while (list.size() > kMaxEntries) {
        list.removeLast();
    }
    QSettings().setValue(kKey, list);
}

void RecentScenarios::clear() {
    QSettings().remove(kKey);
}

}  // namespace ps
