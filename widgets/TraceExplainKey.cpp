#include "widgets/TraceExplainKey.h"

#include "widgets/ExplainCatalog.h"

#include <cstring>

namespace ps {

namespace {

bool startsWith(const char* s, const char* prefix) {
    return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

bool endsWith(const char* s, const char* suffix) {
    const std::size_t n = std::strlen(s);
    const std::size_t k = std::strlen(suffix);
    return n >= k && std::strcmp(s + n - k, suffix) == 0;
}

bool containsText(const char* s, const char* part) {
    return std::strstr(s, part) != nullptr;
}

// Where " write" or " read" starts in a register record's name, or nullptr.
const char* accessSuffix(const char* name) {
    for (const char* suffix : {" write", " read"}) {
        const char* at = std::strstr(name, suffix);
        if (at != nullptr && at[std::strlen(suffix)] == '\0')
            return at;
    }
    return nullptr;
}

QString registerKey(const TraceRecord& r, const ExplainCatalog& catalog) {
    QString reg;
    if (const TraceField* f = r.field("Register"); f != nullptr && f->kind == TraceValueKind::Text)
        reg = QString::fromUtf8(f->text);
    else if (const char* w = accessSuffix(r.name); w != nullptr)
        // "PO LVI write", "GLOB_CNT write", "GCAP read": the last word before the suffix.
        reg = QString::fromUtf8(r.name, static_cast<int>(w - r.name)).section(QLatin1Char(' '), -1);
    if (reg.isEmpty())
        return QString();
    const char* device = startsWith(r.source, "HDA")    ? "hda/"
                         : startsWith(r.source, "AC97") ? "ac97/"
                                                        : nullptr;
    if (device != nullptr)
        return QLatin1String(device) + reg;
    // Unknown source: whichever device has a register of that name.
    for (const char* d : {"ac97/", "hda/"}) {
        const QString key = QLatin1String(d) + reg;
        if (catalog.contains(key))
            return key;
    }
    return QString();
}

QString categoryConcept(const TraceRecord& r) {
    switch (r.category) {
        case TraceCategory::Dma:
            // "BCIS set", "FIFOE set": a status bit, explained with its register.
            if (endsWith(r.name, " set"))
                return startsWith(r.source, "HDA") ? QStringLiteral("hda/SDSTS")
                                                   : QStringLiteral("ac97/SR");
            if (containsText(r.name, "descriptor") || containsText(r.name, "BDL"))
                return QStringLiteral("concept/bdl");
            if (containsText(r.name, "underrun") || containsText(r.name, "overrun"))
                return QStringLiteral("concept/glitch");
            return QStringLiteral("concept/dma-burst");
        case TraceCategory::Interrupt:
            return QStringLiteral("concept/interrupt");
        case TraceCategory::Dpc:
            return QStringLiteral("concept/dpc");
        case TraceCategory::State:
            return QStringLiteral("concept/ksstate");
        case TraceCategory::Glitch:
            return QStringLiteral("concept/glitch");
        case TraceCategory::Resource:
            if (containsText(r.name, "power") || containsText(r.name, "D0") ||
                containsText(r.name, "D3") || containsText(r.name, "latency"))
                return QStringLiteral("concept/exit-latency");
            return QStringLiteral("concept/stream-resources");
        case TraceCategory::Register:
            return QStringLiteral("concept/position");
        case TraceCategory::Property:
            return QStringLiteral("concept/position");
        case TraceCategory::Verifier:
            return QStringLiteral("concept/verifier");
        case TraceCategory::Client:
            return QStringLiteral("concept/client");
        case TraceCategory::DdiCall:
        case TraceCategory::Sim:
            break;
    }
    return QStringLiteral("concept/simulation");
}

}  // namespace

QString explainKeyFor(const TraceRecord& record, const ExplainCatalog& catalog) {
    if (record.category == TraceCategory::Register) {
        const QString key = registerKey(record, catalog);
        if (!key.isEmpty() && catalog.contains(key))
            return key;
    }
    const QString name = QString::fromUtf8(record.name);
    if (catalog.contains(name))
        return catalog.canonicalKey(name);
    // A DDI call always names its page after the method, even when no page
    // exists yet, so the pane can say which page is missing.
    if (record.category == TraceCategory::DdiCall)
        return name;
    return categoryConcept(record);
}

}  // namespace ps
