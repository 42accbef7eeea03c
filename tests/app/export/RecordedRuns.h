// Short real runs of both stacks for the exporter tests: a WaveRT render
// stream (event mode, 10 ms buffer, one late wakeup that underruns once) and
// a WavePci render stream (4 packets of 10 ms), each with the given trace
// sinks attached before the machine starts (so they see every record) and an
// optional sink on the render DAC.
#pragma once

#include "model/hw/PcmEndpoints.h"
#include "model/ks/AudioFormat.h"
#include "model/sim/SimTime.h"
#include "model/sim/Tracer.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ps {

class ProgressReporter;

struct RunOptions {
    AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    TimeNs durationNs = msToNs(300);
    std::uint32_t bufferMs = 10;    // WaveRT buffer, WavePci packet length
    std::uint64_t lateWakeup = 20;  // WaveRT: this wakeup comes 15 ms late (0 = none)
    std::uint64_t noiseSeed = 99;
    // Run the scheduler in slices with progress reports (ProgressReporter
    // test); nullptr runs it in one go.
    ProgressReporter* progress = nullptr;
};

// Returns the number of records the run emitted.
std::uint64_t runWaveRtRender(const std::vector<TraceSink*>& sinks, PcmSink* dac = nullptr,
                              const RunOptions& options = {});
std::uint64_t runWavePciRender(const std::vector<TraceSink*>& sinks, PcmSink* dac = nullptr,
                               const RunOptions& options = {});

// Keeps every record of a run (the ring keeps only the newest). A record's
// text pointers may point into the run's string pool, which dies with the
// run, so the texts are kept as copies: only the numbers of `records` may be
// read after the run.
class RecordLog : public TraceSink {
  public:
    struct Texts {
        std::string source;
        std::string name;
        std::vector<std::string> fields;  // "Name=value", as in the canonical text
        std::string canonical;
    };
    void onTraceRecord(const TraceRecord& r) override {
        records.push_back(r);
        Texts t{r.source, r.name, {}, toCanonicalString(r)};
        for (std::size_t i = 0; i < r.fieldCount; ++i) {
            t.fields.push_back(std::string(r.fields[i].name) + "=" + formatFieldValue(r.fields[i]));
        }
        texts.push_back(std::move(t));
        ++perCategory[static_cast<std::size_t>(r.category)];
    }
    std::vector<TraceRecord> records;
    std::vector<Texts> texts;
    std::array<std::size_t, kTraceCategoryCount> perCategory{};
};

// Everything a DAC produced, underrun filler included.
class PcmRecorder : public PcmSink {
  public:
    void onFrames(const PcmBlock& b) override {
        bytes.insert(bytes.end(), b.bytes, b.bytes + b.frameCount * b.bytesPerFrame);
        frames += static_cast<std::int64_t>(b.frameCount);
        underrunFrames += b.underrun ? static_cast<std::int64_t>(b.frameCount) : 0;
    }
    std::vector<std::uint8_t> bytes;
    std::int64_t frames = 0;
    std::int64_t underrunFrames = 0;
};

// Hands every block to two sinks.
class PcmTee : public PcmSink {
  public:
    PcmTee(PcmSink& a, PcmSink& b) : m_a(a), m_b(b) {}
    void onFrames(const PcmBlock& b) override {
        m_a.onFrames(b);
        m_b.onFrames(b);
    }

  private:
    PcmSink& m_a;
    PcmSink& m_b;
};

std::string tempPath(const std::string& name);
std::string readFile(const std::string& path);

}  // namespace ps
