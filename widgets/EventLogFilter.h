// What the event log shows: records of one stream (or all), of a set of
// categories, whose name, source or details contain a text (ASCII case
// ignored). A plain value compared by the model to know when to rescan.
#pragma once

#include "model/sim/TraceRecord.h"

#include <QString>

#include <cstdint>

namespace ps {

struct EventLogFilter {
    static constexpr std::uint32_t kAllCategories = (1u << kTraceCategoryCount) - 1u;
    static constexpr int kAllStreams = -1;

    // kAllStreams, or a stream id (kNoStream selects records of no stream).
    int streamId = kAllStreams;
    std::uint32_t categoryMask = kAllCategories;  // bit n: TraceCategory n
    QString text;                                 // trimmed by the view; empty: no text test

    static std::uint32_t bit(TraceCategory c) { return 1u << static_cast<unsigned>(c); }
    bool showsEverything() const {
        return streamId == kAllStreams && (categoryMask & kAllCategories) == kAllCategories &&
               text.isEmpty();
    }
    bool operator==(const EventLogFilter& o) const {
        return streamId == o.streamId && categoryMask == o.categoryMask && text == o.text;
    }
    bool operator!=(const EventLogFilter& o) const { return !(*this == o); }
};

}  // namespace ps
