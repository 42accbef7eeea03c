#include "app/gui/TraceExport.h"

#include "app/export/ChromeTraceWriter.h"
#include "app/export/CsvTraceWriter.h"

namespace ps {

namespace {
template <class Writer>
QString writeAll(const TraceLogView& trace, const QString& path) {
    Writer writer;
    if (!writer.open(path.toStdString())) {
        return QStringLiteral("cannot write %1: %2")
            .arg(path, QString::fromStdString(writer.error()));
    }
    for (std::uint64_t i = trace.firstIndex(); i < trace.endIndex(); ++i) {
        writer.onTraceRecord(trace.at(i));
    }
    if (!writer.finish()) {
        return QStringLiteral("writing %1 failed: %2")
            .arg(path, QString::fromStdString(writer.error()));
    }
    return {};
}
}  // namespace

QString exportTrace(const TraceLogView& trace, const QString& path) {
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        return writeAll<ChromeTraceWriter>(trace, path);
    }
    return writeAll<CsvTraceWriter>(trace, path);
}

}  // namespace ps
