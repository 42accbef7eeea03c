#include "model/sim/TraceRecord.h"

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace ps {

const char* traceCategoryName(TraceCategory category) {
    switch (category) {
        case TraceCategory::Sim:
            return "sim";
        case TraceCategory::DdiCall:
            return "ddi";
        case TraceCategory::Property:
            return "property";
        case TraceCategory::Register:
            return "register";
        case TraceCategory::Dma:
            return "dma";
        case TraceCategory::Interrupt:
            return "interrupt";
        case TraceCategory::Dpc:
            return "dpc";
        case TraceCategory::Client:
            return "client";
        case TraceCategory::State:
            return "state";
        case TraceCategory::Glitch:
            return "glitch";
        case TraceCategory::Verifier:
            return "verifier";
        case TraceCategory::Resource:
            return "resource";
    }
    return "unknown";
}

void TraceRecord::throwTooManyFields() const {
    throw std::length_error(std::string("TraceRecord '") + name + "': more than " +
                            std::to_string(kMaxTraceFields) + " fields");
}

const TraceField* TraceRecord::field(const char* fieldName) const {
    // Names are usually the same literal (one pointer); otherwise the first
    // character rules out most fields before a full compare.
    for (std::size_t i = 0; i < fieldCount; ++i) {
        const char* name = fields[i].name;
        if (name == fieldName || (name[0] == fieldName[0] && std::strcmp(name, fieldName) == 0)) {
            return &fields[i];
        }
    }
    return nullptr;
}

namespace {

// Number formatting with std::to_chars: the exporters and the trace hash
// format every record, and snprintf's format parsing was most of their cost.
void appendDecimal(std::string& out, std::int64_t value) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, result.ptr);
}

void appendUnsigned(std::string& out, std::uint64_t value) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, result.ptr);
}

// Upper-case hex digits, at least minDigits of them (zero-padded).
void appendUpperHex(std::string& out, std::uint64_t value, int minDigits) {
    char buf[20];
    char* end = std::to_chars(buf, buf + sizeof buf, value, 16).ptr;
    for (char* c = buf; c != end; ++c) {
        if (*c >= 'a' && *c <= 'f') {
            *c = static_cast<char>(*c - 'a' + 'A');
        }
    }
    for (auto digits = static_cast<int>(end - buf); digits < minDigits; ++digits) {
        out += '0';
    }
    out.append(buf, end);
}

void appendFieldValue(std::string& out, const TraceField& field) {
    switch (field.kind) {
        case TraceValueKind::Int:
            appendDecimal(out, field.i);
            return;
        case TraceValueKind::UInt:
            appendUnsigned(out, field.u);
            return;
        case TraceValueKind::Hex:
            out += "0x";
            appendUpperHex(out, field.u, 1);
            return;
        case TraceValueKind::Bool:
            out += field.u != 0 ? "TRUE" : "FALSE";
            return;
        case TraceValueKind::Text:
            out += field.text;
            return;
    }
}

}  // namespace

void appendFormattedFieldValue(std::string& out, const TraceField& field) {
    appendFieldValue(out, field);
}

std::string formatFieldValue(const TraceField& field) {
    std::string out;
    appendFieldValue(out, field);
    return out;
}

void appendCanonical(const TraceRecord& r, std::string& out) {
    appendUnsigned(out, r.index);
    out += '|';
    appendDecimal(out, r.timeNs);
    out += '|';
    out += traceCategoryName(r.category);
    out += '|';
    if (r.streamId != kNoStream) {
        appendUnsigned(out, r.streamId);
    }
    out += '|';
    out += r.source;
    out += '|';
    out += r.name;
    out += '|';
    if (r.hasStatus) {
        out += "0x";
        appendUpperHex(out, static_cast<std::uint32_t>(r.status), 8);
    }
    out += '|';
    for (std::size_t i = 0; i < r.fieldCount; ++i) {
        if (i > 0) {
            out += ',';
        }
        out += r.fields[i].name;
        out += '=';
        appendFieldValue(out, r.fields[i]);
    }
}

std::string toCanonicalString(const TraceRecord& record) {
    std::string s;
    appendCanonical(record, s);
    return s;
}

}  // namespace ps
