#include "model/snapshot/TimelineData.h"

#include "model/snapshot/TraceCounters.h"

#include <algorithm>
#include <cstring>

namespace ps {
namespace {

bool is(const char* a, const char* b) {
    return a != nullptr && std::strcmp(a, b) == 0;
}

// "KSSTATE_RUN" -> "RUN": the text is static or interned, so a pointer into
// it lives as long as the record's strings.
const char* stateLabel(const TraceRecord& r) {
    const TraceField* to = r.field("To");
    if (to == nullptr || to->kind != TraceValueKind::Text || to->text == nullptr) {
        return r.name;
    }
    constexpr const char kPrefix[] = "KSSTATE_";
    constexpr std::size_t kPrefixLength = sizeof(kPrefix) - 1;
    return std::strncmp(to->text, kPrefix, kPrefixLength) == 0 ? to->text + kPrefixLength
                                                               : to->text;
}

}  // namespace

void TimelineData::clear() {
    m_streams.clear();
    m_interrupts.clear();
    m_pairing.reset();
    m_endIndex = 0;
    m_endNs = 0;
    m_lastName = nullptr;
}

const StreamTimeline* TimelineData::stream(std::uint16_t streamId) const {
    const auto it = m_streams.find(streamId);
    return it != m_streams.end() ? &it->second : nullptr;
}

bool TimelineData::continues(const TraceLogView& trace) const {
    if (m_endIndex == 0) {
        return true;
    }
    if (trace.endIndex() < m_endIndex) {
        return false;
    }
    // A replay reproduces the same records, so only another run can hold a
    // different record at the last index read.
    const TraceRecord* last = trace.find(m_endIndex - 1);
    return last == nullptr || (last->timeNs == m_endNs && last->category == m_lastCategory &&
                               (last->name == m_lastName || is(last->name, m_lastName)));
}

bool TimelineData::update(const TraceLogView& trace,
                          const std::vector<std::uint32_t>& bytesPerFrame) {
    bool changed = false;
    if (!continues(trace)) {
        clear();
        ++m_rebuilds;
        changed = true;
    }
    std::uint64_t index = std::max(m_endIndex, trace.firstIndex());
    if (index >= trace.endIndex()) {
        return changed;
    }
    for (; index < trace.endIndex(); ++index) {
        read(trace.at(index), bytesPerFrame);
    }
    if (trace.firstIndex() > 0) {
        dropBeforeRecord(trace.firstIndex());
    }
    const TraceRecord& last = trace.at(trace.endIndex() - 1);
    m_endIndex = trace.endIndex();
    m_endNs = last.timeNs;
    m_lastCategory = last.category;
    m_lastName = last.name;
    return true;
}

void TimelineData::dropBeforeRecord(std::uint64_t recordIndex) {
    for (auto& [id, s] : m_streams) {
        for (MinMaxSeries* series : {&s.clientPosition, &s.devicePosition, &s.dmaPosition,
                                     &s.paddingFrames, &s.fifoBytes}) {
            series->dropBeforeRecord(recordIndex);
        }
        for (TimeMarks* marks : {&s.states, &s.notifications, &s.glitches}) {
            marks->dropBeforeRecord(recordIndex);
        }
    }
    for (InterruptTimeline& i : m_interrupts) {
        i.latencyNs.dropBeforeRecord(recordIndex);
    }
}

InterruptTimeline& TimelineData::interrupt(const InterruptDpcPair& pair) {
    for (InterruptTimeline& i : m_interrupts) {
        if (i.vector == pair.vector) {
            return i;
        }
    }
    InterruptTimeline added;
    added.vector = pair.vector;
    added.label = std::string(pair.isrName) + " (vector " + std::to_string(pair.vector) + ")";
    m_interrupts.push_back(std::move(added));
    return m_interrupts.back();
}

void TimelineData::read(const TraceRecord& r, const std::vector<std::uint32_t>& bytesPerFrame) {
    if (r.streamId == kNoStream) {
        InterruptDpcPair pair;
        if (m_pairing.onRecord(r, pair)) {
            interrupt(pair).latencyNs.append(pair.dpcNs, pair.latencyNs(), pair.dpcRecordIndex);
        }
        return;
    }
    StreamTimeline& s = m_streams[r.streamId];
    s.streamId = r.streamId;
    switch (r.category) {
        case TraceCategory::State:
            s.states.append(r.timeNs, r.index, stateLabel(r));
            return;
        case TraceCategory::Glitch:
            s.glitches.append(r.timeNs, r.index, r.name);
            break;  // glitch records carry positions too
        case TraceCategory::Dma:
            if (is(r.name, "BCIS set")) {
                s.notifications.append(r.timeNs, r.index, "BCIS");
            }
            break;
        default:
            break;
    }
    const std::uint32_t frameBytes =
        r.streamId < bytesPerFrame.size() ? bytesPerFrame[r.streamId] : 0;
    for (const TraceCounter& c : extractTraceCounters(r)) {
        switch (c.kind) {
            case TraceCounterKind::WritePosition:
            case TraceCounterKind::ReadPosition:
                s.clientPosition.append(r.timeNs, c.value, r.index);
                break;
            case TraceCounterKind::PlayPosition:
            case TraceCounterKind::RecordPosition:
                s.devicePosition.append(r.timeNs, c.value, r.index);
                break;
            case TraceCounterKind::DmaBurstBytes:
                s.dmaBytes += c.value;
                s.dmaPosition.append(r.timeNs, s.dmaBytes, r.index);
                break;
            case TraceCounterKind::PaddingFrames:
                s.paddingFrames.append(r.timeNs, c.value, r.index);
                break;
            case TraceCounterKind::PaddingBytes:
                if (frameBytes > 0) {
                    s.paddingFrames.append(
                        r.timeNs, c.value / static_cast<std::int64_t>(frameBytes), r.index);
                }
                break;
            case TraceCounterKind::FifoLevel:
                s.fifoBytes.append(r.timeNs, c.value, r.index);
                break;
            default:
                break;
        }
    }
}

}  // namespace ps
