// ExplainCatalog: the explanation pages compiled into the widgets library
// (resources/explain, Markdown) and the index that maps explain keys to them.
//
// Explain keys
// - DDI methods and kernel routines by their DDI names, verbatim:
//   "IPortWavePciStream::GetMapping", "MmMapIoSpace", "PcAddStreamResource".
// - Registers by device and register name as the register enums spell them:
//   "ac97/LVI", "ac97/GLOB_STA", "hda/SDLPIB", "hda/INTCTL".
// - Concepts: "concept/dma-burst", "concept/bdl", "concept/interrupt", ...
// Several keys may share a page (e.g. IUnknown::QueryInterface and the
// QueryInterface of a stream object). Pages link to other topics with
// Markdown links whose target is "explain:<key>".
//
// Index format (resources/explain/index.txt): one "key = file.md" per line,
// '#' starts a comment. A page's title is its first "# " heading.
//
// instance() loads the compiled-in catalog once; it is meant for the GUI
// thread. Tests may build a catalog from another index path.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace ps {

class ExplainCatalog {
  public:
    static constexpr const char* kDefaultIndex = ":/explain/index.txt";
    static const ExplainCatalog& instance();

    // Reads the index at indexPath (pages are resolved next to it). A missing
    // or malformed index leaves the catalog empty with loadError() set.
    explicit ExplainCatalog(const QString& indexPath);

    bool contains(const QString& key) const { return m_files.contains(key); }
    QStringList keys() const;       // sorted
    QStringList pageFiles() const;  // resource paths of every indexed page, sorted, unique
    QString pageFile(const QString& key) const { return m_files.value(key); }
    // The first key the index lists for key's page (a record name such as
    // "DMA burst" gives "concept/dma-burst"); key itself when unknown.
    QString canonicalKey(const QString& key) const;
    // The page's Markdown, or an empty string for an unknown key.
    QString markdown(const QString& key) const;
    // The page's first "# " heading, or the key when the page has none.
    QString title(const QString& key) const;
    QString loadError() const { return m_error; }

    // The explain keys a page's Markdown links to ("explain:<key>" targets).
    static QStringList linkedKeys(const QString& markdown);
    // Reads a resource or file as UTF-8 text; empty when it cannot be read.
    static QString readText(const QString& path);

  private:
    QHash<QString, QString> m_files;      // key -> resource path
    QHash<QString, QString> m_canonical;  // resource path -> first key in the index
    QString m_error;
};

}  // namespace ps
