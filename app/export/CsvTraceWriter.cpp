#include "app/export/CsvTraceWriter.h"

#include "app/export/JsonText.h"
#include "model/kernel/NtStatus.h"

namespace ps {

void appendCsvField(std::string& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(text.data(), text.size());
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

CsvTraceWriter::~CsvTraceWriter() {
    finish();
}

bool CsvTraceWriter::open(const std::string& path) {
    if (!m_file.open(path)) {
        return false;
    }
    m_open = true;
    m_records = 0;
    m_file.append("index,time_ns,category,stream,source,name,status");
    for (std::size_t i = 1; i <= kMaxTraceFields; ++i) {
        m_file.append(",field" + std::to_string(i));
    }
    m_file.append("\r\n");
    return m_file.ok();
}

void CsvTraceWriter::onTraceRecord(const TraceRecord& r) {
    if (!m_open || !m_file.ok()) {
        return;
    }
    std::string& out = m_file.buffer();
    appendUInt(out, r.index);
    out += ',';
    appendInt(out, r.timeNs);
    out += ',';
    out += traceCategoryName(r.category);
    out += ',';
    if (r.streamId != kNoStream) {
        appendUInt(out, r.streamId);
    }
    out += ',';
    appendCsvField(out, r.source != nullptr ? r.source : "");
    out += ',';
    appendCsvField(out, r.name != nullptr ? r.name : "");
    out += ',';
    if (r.hasStatus) {
        const char* statusName = ntStatusName(r.status);
        if (statusName != nullptr) {
            out += statusName;  // an identifier: nothing to quote
        } else {
            out += ntStatusToString(r.status);
        }
    }
    for (std::size_t i = 0; i < kMaxTraceFields; ++i) {
        out += ',';
        if (i < r.fieldCount) {
            const TraceField& f = r.fields[i];
            m_cell = f.name != nullptr ? f.name : "";
            m_cell += '=';
            switch (f.kind) {
                case TraceValueKind::Int:
                    appendInt(m_cell, f.i);
                    break;
                case TraceValueKind::UInt:
                    appendUInt(m_cell, f.u);
                    break;
                case TraceValueKind::Hex:
                    appendHex(m_cell, f.u);
                    break;
                default:
                    m_cell += formatFieldValue(f);
            }
            appendCsvField(out, m_cell);
        }
    }
    out += "\r\n";
    ++m_records;
    m_file.maybeFlush();
}

bool CsvTraceWriter::finish() {
    if (!m_open) {
        return m_file.ok();
    }
    m_open = false;
    return m_file.close();
}

}  // namespace ps
