#include "app/export/ChromeTraceWriter.h"

#include "app/export/JsonText.h"
#include "model/kernel/NtStatus.h"
#include "model/snapshot/TraceCounters.h"

#include <cstring>

namespace ps {
namespace {

// Unsigned values above 2^53 do not survive a JavaScript number; they are
// written as decimal strings instead.
constexpr std::uint64_t kMaxExactJsonInteger = std::uint64_t{1} << 53;

const char* textOrEmpty(const char* s) {
    return s != nullptr ? s : "";
}

bool is(const char* a, const char* b) {
    return std::strcmp(a, b) == 0;
}

// The hardware unit a record without a stream belongs to (HD Audio stream
// descriptor "SD4", AC'97 engine "PO"), or nullptr.
const char* unitOf(const TraceRecord& r) {
    for (std::size_t i = 0; i < r.fieldCount; ++i) {
        const TraceField& f = r.fields[i];
        if (f.kind == TraceValueKind::Text && (is(f.name, "Stream") || is(f.name, "Engine"))) {
            return f.text;
        }
    }
    return nullptr;
}

void appendFieldValue(std::string& out, const TraceField& f) {
    switch (f.kind) {
        case TraceValueKind::Int:
            appendInt(out, f.i);
            return;
        case TraceValueKind::UInt:
            if (f.u <= kMaxExactJsonInteger) {
                appendUInt(out, f.u);
            } else {
                out += '"';
                appendUInt(out, f.u);
                out += '"';
            }
            return;
        case TraceValueKind::Hex:
            out += '"';
            appendHex(out, f.u);
            out += '"';
            return;
        case TraceValueKind::Bool:
            out += f.u != 0 ? "true" : "false";
            return;
        case TraceValueKind::Text:
            appendJsonString(out, textOrEmpty(f.text));
            return;
    }
    out += "null";
}

}  // namespace

ChromeTraceWriter::~ChromeTraceWriter() {
    finish();
}

bool ChromeTraceWriter::open(const std::string& path) {
    if (!m_file.open(path)) {
        return false;
    }
    m_open = true;
    m_firstEvent = true;
    m_records = 0;
    m_counters = 0;
    m_streamLanes.clear();
    m_laneByPointer.clear();
    m_laneByName.clear();
    m_nextOtherTid = 100000;
    m_file.append("{\"traceEvents\":[");
    beginEvent();
    m_file.append(
        "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,"
        "\"args\":{\"name\":\"PortScope simulation\"}}");
    return m_file.ok();
}

void ChromeTraceWriter::beginEvent() {
    if (!m_firstEvent) {
        m_file.buffer() += ",\n";
    } else {
        m_file.buffer() += '\n';
        m_firstEvent = false;
    }
}

ChromeTraceWriter::Lane& ChromeTraceWriter::addLane(const std::string& name, int tid,
                                                    int sortIndex) {
    Lane& lane = m_laneByName[name];
    lane.tid = tid;
    lane.name = name;
    std::string& out = m_file.buffer();
    beginEvent();
    out += "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":";
    appendInt(out, tid);
    out += ",\"args\":{\"name\":";
    appendJsonString(out, name);
    out += "}}";
    beginEvent();
    out += "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":";
    appendInt(out, tid);
    out += ",\"args\":{\"sort_index\":";
    appendInt(out, sortIndex);
    out += "}}";
    return lane;
}

ChromeTraceWriter::Lane& ChromeTraceWriter::laneFor(const TraceRecord& r) {
    if (r.streamId != kNoStream) {
        auto it = m_streamLanes.find(r.streamId);
        if (it == m_streamLanes.end()) {
            // Streams sort first, by id; tid 1 + id keeps a stream's lane
            // number the same in every trace.
            const std::string name = "stream " + std::to_string(r.streamId);
            Lane& lane = addLane(name, 1 + r.streamId, r.streamId);
            it = m_streamLanes.emplace(r.streamId, lane).first;
        }
        return it->second;
    }
    const char* unit = unitOf(r);
    const auto key = std::make_pair(r.source, unit);
    auto cached = m_laneByPointer.find(key);
    if (cached != m_laneByPointer.end()) {
        return *cached->second;
    }
    std::string name = textOrEmpty(r.source);
    if (unit != nullptr) {
        name += ' ';
        name += unit;
    }
    auto named = m_laneByName.find(name);
    Lane* lane = nullptr;
    if (named != m_laneByName.end()) {
        lane = &named->second;
    } else {
        const int tid = m_nextOtherTid++;
        lane = &addLane(name, tid, tid);
    }
    m_laneByPointer.emplace(key, lane);
    return *lane;
}

void ChromeTraceWriter::writeCounter(const TraceRecord& r, const Lane& lane, const char* what,
                                     const char* unit, std::int64_t value) {
    std::string& out = m_file.buffer();
    beginEvent();
    out += "{\"name\":";
    m_scratch = lane.name;
    m_scratch += ' ';
    m_scratch += what;
    appendJsonString(out, m_scratch);
    out += ",\"ph\":\"C\",\"ts\":";
    appendMicrosFromNs(out, r.timeNs);
    out += ",\"pid\":1,\"tid\":";
    appendInt(out, lane.tid);
    out += ",\"args\":{\"";
    out += unit;
    out += "\":";
    appendInt(out, value);
    out += "}}";
    ++m_counters;
}

void ChromeTraceWriter::writeCounters(const TraceRecord& r, Lane& lane) {
    for (const TraceCounter& c : extractTraceCounters(r)) {
        if (c.kind == TraceCounterKind::DmaBurstBytes) {
            // A burst's byte count: the counter is the lane's running sum.
            lane.dmaBytes += c.value;
            writeCounter(r, lane, c.name, c.unit, lane.dmaBytes);
        } else {
            writeCounter(r, lane, c.name, c.unit, c.value);
        }
    }
}

void ChromeTraceWriter::onTraceRecord(const TraceRecord& r) {
    if (!m_open || !m_file.ok()) {
        return;
    }
    Lane& lane = laneFor(r);
    std::string& out = m_file.buffer();
    beginEvent();
    out += "{\"name\":";
    appendJsonString(out, textOrEmpty(r.name));
    out += ",\"cat\":\"";
    out += traceCategoryName(r.category);
    out += "\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
    appendMicrosFromNs(out, r.timeNs);
    out += ",\"pid\":1,\"tid\":";
    appendInt(out, lane.tid);
    out += ",\"args\":{\"index\":";
    appendUInt(out, r.index);
    out += ",\"source\":";
    appendJsonString(out, textOrEmpty(r.source));
    if (r.hasStatus) {
        out += ",\"status\":";
        const char* statusName = ntStatusName(r.status);
        if (statusName != nullptr) {
            out += '"';
            out += statusName;  // an identifier: nothing to escape
            out += '"';
        } else {
            appendJsonString(out, ntStatusToString(r.status));
        }
    }
    for (std::size_t i = 0; i < r.fieldCount; ++i) {
        out += ',';
        appendJsonString(out, textOrEmpty(r.fields[i].name));
        out += ':';
        appendFieldValue(out, r.fields[i]);
    }
    out += "}}";
    ++m_records;
    writeCounters(r, lane);
    m_file.maybeFlush();
}

bool ChromeTraceWriter::finish() {
    if (!m_open) {
        return m_file.ok();
    }
    m_open = false;
    std::string& out = m_file.buffer();
    out += "\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"records\":";
    appendUInt(out, m_records);
    out += "}}\n";
    return m_file.close();
}

}  // namespace ps
