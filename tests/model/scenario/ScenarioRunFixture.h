// Helpers for ScenarioRun tests: small specs and a trace recorder that keeps
// the records a test looks for (the ring keeps only the newest).
#pragma once

#include "model/scenario/ScenarioRun.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace ps::test {

inline StreamSpec toneStream(StackKind stack, StreamDirection direction) {
    StreamSpec s;
    s.stack = stack;
    s.direction = direction;
    s.format = AudioFormat::pcm(48000, 2, 16);
    s.signal.kind = SignalKind::Tone;
    s.signal.frequencyHz = 1000.0;
    s.signal.amplitude = 0.5;
    return s;
}

inline ScenarioSpec oneStream(StackKind stack, StreamDirection direction,
                              TimeNs durationNs = secondsToNs(1)) {
    ScenarioSpec spec;
    spec.name = "test";
    spec.durationNs = durationNs;
    spec.streams.push_back(toneStream(stack, direction));
    return spec;
}

// Keeps every record of the chosen categories.
class RecordKeeper : public TraceSink {
  public:
    RecordKeeper(Tracer& tracer, std::vector<TraceCategory> categories)
        : m_tracer(tracer), m_categories(std::move(categories)) {
        m_tracer.addSink(this);
    }
    ~RecordKeeper() override { m_tracer.removeSink(this); }
    void onTraceRecord(const TraceRecord& r) override {
        for (const TraceCategory c : m_categories) {
            if (r.category == c) {
                records.push_back(r);
                return;
            }
        }
    }
    std::size_t count(const char* name, std::uint16_t stream) const {
        std::size_t n = 0;
        for (const TraceRecord& r : records) {
            n += std::strcmp(r.name, name) == 0 && r.streamId == stream;
        }
        return n;
    }
    const TraceRecord* find(const char* name, std::uint16_t stream) const {
        for (const TraceRecord& r : records) {
            if (std::strcmp(r.name, name) == 0 && r.streamId == stream) {
                return &r;
            }
        }
        return nullptr;
    }
    std::vector<TraceRecord> records;

  private:
    Tracer& m_tracer;
    std::vector<TraceCategory> m_categories;
};

inline void expectNoViolations(ScenarioRun& run) {
    for (const Violation& v : run.machine().verifier().violations()) {
        ADD_FAILURE() << verifierRuleInfo(v.rule).id << ": " << v.message;
    }
}

}  // namespace ps::test
