// A TraceSink that streams a run's records to a CSV file (RFC 4180: comma
// separated, CRLF line ends, a field quoted when it holds a comma, a quote,
// CR or LF, quotes inside doubled).
//
// One header row, then one row per record, always 17 columns:
//   index,time_ns,category,stream,source,name,status,field1,...,field10
// time_ns is simulated time in nanoseconds; stream is empty for records
// without one; status is the NTSTATUS name (STATUS_SUCCESS, or 0xC0001234
// for a value without a name), empty when the record has none; fieldN holds
// the record's N-th field as Name=value (the value printed as in the
// canonical text: decimal, 0x-hex, TRUE/FALSE or the text), empty past the
// last field. A field's name never contains '=', so the value is everything
// after the first '='.
//
// Same lifecycle and error handling as ChromeTraceWriter.
#pragma once

#include "app/export/BufferedOutputFile.h"
#include "model/sim/Tracer.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ps {

class CsvTraceWriter : public TraceSink {
  public:
    CsvTraceWriter() = default;
    ~CsvTraceWriter() override;

    bool open(const std::string& path);
    void onTraceRecord(const TraceRecord& record) override;
    bool finish();

    bool ok() const { return m_file.ok(); }
    const std::string& error() const { return m_file.error(); }
    std::uint64_t recordsWritten() const { return m_records; }

  private:
    BufferedOutputFile m_file;
    bool m_open = false;
    std::uint64_t m_records = 0;
    std::string m_cell;
};

// Appends text as one RFC 4180 field, quoted only when it must be.
void appendCsvField(std::string& out, std::string_view text);

}  // namespace ps
