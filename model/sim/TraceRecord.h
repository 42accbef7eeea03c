// Typed trace records: one per DDI call, hardware event, interrupt, DPC, client
// action, state change, glitch or verifier finding, stamped with simulated time
// and a monotonically increasing index.
//
// A record is a fixed-size value with no heap storage so that emitting one is
// cheap. Every const char* in it (source, name, field names, text values) must
// point to storage that outlives the record: a string literal, or a string
// interned with TraceStringPool.
#pragma once

#include "model/sim/SimTime.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace ps {

enum class TraceCategory : std::uint8_t {
    Sim,        // scheduler and run control
    DdiCall,    // a call across the DDI (port <-> miniport, kernel services)
    Property,   // a KS property request sent by the client to a pin
    Register,   // a hardware register read or write
    Dma,        // DMA bursts, descriptor fetches and completions
    Interrupt,  // interrupt lines and ISRs
    Dpc,        // DPCs and timers
    Client,     // client actions: packets, buffer writes, waits
    State,      // KSSTATE changes
    Glitch,     // underruns, overruns, starvation
    Verifier,   // rule violations
    Resource,   // stream resources and power
};
const char* traceCategoryName(TraceCategory category);
constexpr int kTraceCategoryCount = 12;

enum class TraceValueKind : std::uint8_t { Int, UInt, Hex, Bool, Text };

// One named parameter of a record, e.g. ByteCount=4096. Trivial: a record's
// fields past its fieldCount are never initialised or read.
struct TraceField {
    const char* name;
    TraceValueKind kind;
    union {
        std::int64_t i;
        std::uint64_t u;
        const char* text;
    };
};

constexpr std::uint16_t kNoStream = 0xFFFF;
constexpr std::size_t kMaxTraceFields = 10;

struct TraceRecord {
    static constexpr std::uint64_t kEmptyShapeKey = 0xCBF29CE484222325ull;
    // One step of the shape key: the field name's address with the kind in
    // the top bits (no user-space address reaches them), multiplied so that
    // the order of the fields matters.
    static std::uint64_t nextShapeKey(std::uint64_t key, const char* fieldName,
                                      TraceValueKind kind) {
        return (key ^ reinterpret_cast<std::uintptr_t>(fieldName) ^
                static_cast<std::uint64_t>(kind) << 59) *
               0x9E3779B97F4A7C15ull;
    }

    std::uint64_t index = 0;  // assigned by Tracer::record
    TimeNs timeNs = 0;        // assigned by Tracer::record
    TraceCategory category = TraceCategory::Sim;
    std::uint16_t streamId = kNoStream;
    bool hasStatus = false;
    std::uint8_t fieldCount = 0;
    std::int32_t status = 0;  // NTSTATUS when hasStatus
    const char* source = "";  // who: "miniport", "port", "AC97 PO", "client" ...
    const char* name = "";    // what: "IPortWavePciStream::GetMapping", "DMA burst" ...
    // A running key of the fields' name pointers and kinds, in order, kept by
    // the add* functions (shapeKeyOf() computes it from the fields): what
    // TraceDigest looks its cached shape up by. Code that writes fields[],
    // or fieldCount directly calls refreshShapeKey() afterwards.
    std::uint64_t shapeKey = kEmptyShapeKey;
    // fields[0, fieldCount) are set; the rest are left uninitialised (filling
    // them was a good part of building a record) and must not be read.
    std::array<TraceField, kMaxTraceFields> fields;

    TraceRecord() = default;
    TraceRecord(TraceCategory c, const char* src, const char* what,
                std::uint16_t stream = kNoStream)
        : category(c), streamId(stream), source(src), name(what) {}

    // Appending beyond kMaxTraceFields throws std::length_error (a bug in the
    // emitting code, caught by its tests). Inline: records are built on every
    // hot path.
    TraceRecord& addInt(const char* fieldName, std::int64_t value) {
        nextField(fieldName, TraceValueKind::Int).i = value;
        return *this;
    }
    TraceRecord& addUInt(const char* fieldName, std::uint64_t value) {
        nextField(fieldName, TraceValueKind::UInt).u = value;
        return *this;
    }
    TraceRecord& addHex(const char* fieldName, std::uint64_t value) {
        nextField(fieldName, TraceValueKind::Hex).u = value;
        return *this;
    }
    TraceRecord& addBool(const char* fieldName, bool value) {
        nextField(fieldName, TraceValueKind::Bool).u = value ? 1 : 0;
        return *this;
    }
    TraceRecord& addText(const char* fieldName, const char* value) {
        nextField(fieldName, TraceValueKind::Text).text = value != nullptr ? value : "";
        return *this;
    }
    TraceRecord& setStatus(std::int32_t ntStatus) {
        hasStatus = true;
        status = ntStatus;
        return *this;
    }

    // The field with that name, or nullptr.
    const TraceField* field(const char* fieldName) const;

    // The shape key of fields[0, fieldCount) as the add* functions build it.
    std::uint64_t shapeKeyOf() const {
        std::uint64_t key = kEmptyShapeKey;
        for (std::size_t i = 0; i < fieldCount; ++i) {
            key = nextShapeKey(key, fields[i].name, fields[i].kind);
        }
        return key;
    }
    void refreshShapeKey() { shapeKey = shapeKeyOf(); }

    // Bytes from the start of the record through its last set field: what
    // copyUsedInto copies.
    std::size_t usedBytes() const;
    // Copies the record without its unset fields into `to` (a record with
    // the same fields, read for read; the rest of `to` keeps its bytes).
    void copyUsedInto(TraceRecord& to) const;

  private:
    TraceField& nextField(const char* fieldName, TraceValueKind kind) {
        if (fieldCount >= kMaxTraceFields) {
            throwTooManyFields();
        }
        TraceField& f = fields[fieldCount++];
        f.name = fieldName;
        f.kind = kind;
        shapeKey = nextShapeKey(shapeKey, fieldName, kind);
        return f;
    }
    [[noreturn]] void throwTooManyFields() const;
};

static_assert(std::is_trivially_copyable_v<TraceRecord>, "records are copied with memcpy");
static_assert(std::is_standard_layout_v<TraceRecord>, "usedBytes() uses offsetof");

inline std::size_t TraceRecord::usedBytes() const {
    return offsetof(TraceRecord, fields) + std::size_t{fieldCount} * sizeof(TraceField);
}

inline void TraceRecord::copyUsedInto(TraceRecord& to) const {
    if (&to == this) {
        return;
    }
    // In 32-byte blocks with an overlapping last one: constant-size copies
    // compile to a few vector moves, where a memcpy of a run-time length
    // became `rep movsq`, whose start-up cost was most of Tracer::record.
    constexpr std::size_t kBlock = 32;
    static_assert(offsetof(TraceRecord, fields) >= kBlock, "the header is one block or more");
    auto* d = reinterpret_cast<unsigned char*>(&to);
    const auto* s = reinterpret_cast<const unsigned char*>(this);
    const std::size_t n = usedBytes();
    std::size_t i = 0;
    for (; i + kBlock < n; i += kBlock) {
        std::memcpy(d + i, s + i, kBlock);
    }
    std::memcpy(d + n - kBlock, s + n - kBlock, kBlock);
}

// A canonical single-line text form of a record, identical on every machine:
// index|timeNs|category|stream|source|name|status|name=value,...
// Integers print in decimal, Hex fields as 0x..., status as 0x%08X.
void appendCanonical(const TraceRecord& record, std::string& out);
std::string toCanonicalString(const TraceRecord& record);

// The value of a field as text, as it appears in the canonical form.
std::string formatFieldValue(const TraceField& field);
// The same, appended to out (no allocation once out has grown).
void appendFormattedFieldValue(std::string& out, const TraceField& field);

}  // namespace ps
