// Writes the records of a TraceLogView to a file: Chrome trace-event JSON
// (ChromeTraceWriter) when the path ends in .json, CSV (CsvTraceWriter)
// otherwise. Returns "" or a readable error. Runs on the calling thread; the
// view is immutable, so the GUI may export while the session goes on.
#pragma once

#include "model/sim/TraceLog.h"

#include <QString>

namespace ps {

QString exportTrace(const TraceLogView& trace, const QString& path);

}  // namespace ps
