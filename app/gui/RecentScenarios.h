// The most recently opened scenarios (file paths or built-in names), newest
// first, kept in QSettings under "recentScenarios". GUI thread.
#pragma once

#include <QStringList>

namespace ps {

class RecentScenarios {
  public:
    static constexpr int kMaxEntries = 8;

    static QStringList load();
    // Moves (or adds) the entry to the front and saves the list.
    static void add(const QString& pathOrName);
    static void clear();
};

}  // namespace ps
