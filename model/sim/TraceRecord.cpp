#include "model/sim/TraceRecord.h"

#include <cstdio>
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

namespace {

TraceField& nextField(TraceRecord& r, const char* fieldName, TraceValueKind kind) {
    if (r.fieldCount >= kMaxTraceFields) {
        throw std::length_error(std::string("TraceRecord '") + r.name + "': more than " +
                                std::to_string(kMaxTraceFields) + " fields");
    }
    TraceField& f = r.fields[r.fieldCount++];
    f.name = fieldName;
    f.kind = kind;
    return f;
}

}  // namespace

TraceRecord& TraceRecord::addInt(const char* fieldName, std::int64_t value) {
    nextField(*this, fieldName, TraceValueKind::Int).i = value;
    return *this;
}

TraceRecord& TraceRecord::addUInt(const char* fieldName, std::uint64_t value) {
    nextField(*this, fieldName, TraceValueKind::UInt).u = value;
    return *this;
}

TraceRecord& TraceRecord::addHex(const char* fieldName, std::uint64_t value) {
    nextField(*this, fieldName, TraceValueKind::Hex).u = value;
    return *this;
}

TraceRecord& TraceRecord::addBool(const char* fieldName, bool value) {
    nextField(*this, fieldName, TraceValueKind::Bool).u = value ? 1 : 0;
    return *this;
}

TraceRecord& TraceRecord::addText(const char* fieldName, const char* value) {
    nextField(*this, fieldName, TraceValueKind::Text).text = value != nullptr ? value : "";
    return *this;
}

TraceRecord& TraceRecord::setStatus(std::int32_t ntStatus) {
    hasStatus = true;
    status = ntStatus;
    return *this;
}

const TraceField* TraceRecord::field(const char* fieldName) const {
    for (std::size_t i = 0; i < fieldCount; ++i) {
        if (std::strcmp(fields[i].name, fieldName) == 0) {
            return &fields[i];
        }
    }
    return nullptr;
}

std::string formatFieldValue(const TraceField& field) {
    char buf[32];
    switch (field.kind) {
        case TraceValueKind::Int:
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(field.i));
            return buf;
        case TraceValueKind::UInt:
            std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(field.u));
            return buf;
        case TraceValueKind::Hex:
            std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(field.u));
            return buf;
        case TraceValueKind::Bool:
            return field.u != 0 ? "TRUE" : "FALSE";
        case TraceValueKind::Text:
            return field.text;
    }
    return {};
}

void appendCanonical(const TraceRecord& r, std::string& out) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%llu|%lld|%s|", static_cast<unsigned long long>(r.index),
                  static_cast<long long>(r.timeNs), traceCategoryName(r.category));
    out += buf;
    if (r.streamId != kNoStream) {
        out += std::to_string(r.streamId);
    }
    out += '|';
    out += r.source;
    out += '|';
    out += r.name;
    out += '|';
    if (r.hasStatus) {
        std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(r.status));
        out += buf;
    }
    out += '|';
    for (std::size_t i = 0; i < r.fieldCount; ++i) {
        if (i > 0) {
            out += ',';
        }
        out += r.fields[i].name;
        out += '=';
        out += formatFieldValue(r.fields[i]);
    }
}

std::string toCanonicalString(const TraceRecord& record) {
    std::string s;
    appendCanonical(record, s);
    return s;
}

}  // namespace ps
