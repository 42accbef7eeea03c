// Text forms of a trace record for the event log: the details column
// ("Name=value, Name=value" with the DDI's parameter names and values as in
// the canonical trace form) and a case-insensitive substring test over what a
// user searches (name, source, details). Pure functions on plain records, so
// the event log's filter is tested without a widget. Any thread.
#pragma once

#include "model/sim/TraceRecord.h"

#include <string>

namespace ps {

// Appends "Name=value, Name=value" to out (nothing for a record without
// fields). Values print as formatFieldValue() does (decimal, 0x hex, text).
void appendRecordDetails(const TraceRecord& record, std::string& out);
std::string recordDetails(const TraceRecord& record);

// A case-insensitive (ASCII) substring search. needleLower must already be
// lower case; an empty needle matches everything.
bool containsFolded(const char* haystack, std::size_t haystackBytes,
                    const std::string& needleLower);

// True when needleLower occurs, ignoring ASCII case, in the record's name,
// source or details. scratch is reused between calls so that scanning a
// million records does not allocate per record.
bool recordMatchesText(const TraceRecord& record, const std::string& needleLower,
                       std::string& scratch);

}  // namespace ps
