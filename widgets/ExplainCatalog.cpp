#include "widgets/ExplainCatalog.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>

// The pages are compiled into the static widgets library; a static library's
// resources are registered only when something calls Q_INIT_RESOURCE, which
// must happen outside any namespace.
static void initExplainResources() {
    Q_INIT_RESOURCE(explain);
}

namespace ps {

const ExplainCatalog& ExplainCatalog::instance() {
    static const ExplainCatalog catalog = [] {
        initExplainResources();
        return ExplainCatalog(QString::fromLatin1(kDefaultIndex));
    }();
    return catalog;
}

QString ExplainCatalog::readText(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

ExplainCatalog::ExplainCatalog(const QString& indexPath) {
    const QString text = readText(indexPath);
    if (text.isEmpty()) {
        m_error = QStringLiteral("cannot read the explanation index %1").arg(indexPath);
        return;
    }
    const QString dir = QFileInfo(indexPath).path();
    int lineNumber = 0;
    for (const QString& rawLine : text.split(QLatin1Char('\n'))) {
        ++lineNumber;
        const QString line = rawLine.section(QLatin1Char('#'), 0, 0).trimmed();
        if (line.isEmpty())
            continue;
        const int eq = line.indexOf(QLatin1Char('='));
        const QString key = eq > 0 ? line.left(eq).trimmed() : QString();
        const QString file = eq > 0 ? line.mid(eq + 1).trimmed() : QString();
        if (key.isEmpty() || file.isEmpty()) {
            m_error =
                QStringLiteral("%1:%2: expected \"key = file.md\"").arg(indexPath).arg(lineNumber);
            m_files.clear();
            m_canonical.clear();
            return;
        }
        const QString path = dir + QLatin1Char('/') + file;
        m_files.insert(key, path);
        if (!m_canonical.contains(path))
            m_canonical.insert(path, key);
    }
}

QStringList ExplainCatalog::keys() const {
    QStringList list = m_files.keys();
    list.sort();
    return list;
}

QStringList ExplainCatalog::pageFiles() const {
    QStringList list = m_files.values();
    list.sort();
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

QString ExplainCatalog::canonicalKey(const QString& key) const {
    const auto it = m_files.constFind(key);
    return it == m_files.constEnd() ? key : m_canonical.value(*it, key);
}

QString ExplainCatalog::markdown(const QString& key) const {
    const auto it = m_files.constFind(key);
    return it == m_files.constEnd() ? QString() : readText(*it);
}

QString ExplainCatalog::title(const QString& key) const {
    const QString text = markdown(key);
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("# ")))
            return line.mid(2).trimmed();
    }
    return key;
}

QStringList ExplainCatalog::linkedKeys(const QString& markdown) {
    static const QRegularExpression link(QStringLiteral(R"(\]\(explain:([^)\s]+)\))"));
    QStringList keys;
    auto it = link.globalMatch(markdown);
    while (it.hasNext())
        keys << it.next().captured(1);
    return keys;
}

}  // namespace ps
