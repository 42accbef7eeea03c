// Test harness for whole WavePci stacks: an emulated machine (WavePciSystem),
// a pin, a client, a recorder on the DAC or a generator on the ADC, and
// checks over the trace. Used by the end-to-end and verifier tests.
#pragma once

#include "model/client/RecordingCaptureSink.h"
#include "model/client/SampleSource.h"
#include "model/client/SourceRendering.h"
#include "model/client/WavePciClient.h"
#include "model/hw/PcmEndpoints.h"
#include "model/scenario/WavePciSystem.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace ps {

// Keeps everything a DAC plays; underrun filler is counted apart.
class DacRecorder : public PcmSink {
  public:
    void onFrames(const PcmBlock& b) override {
        if (b.underrun) {
            underrunFrames += static_cast<std::int64_t>(b.frameCount);
            return;
        }
        blocks.push_back({b.firstFrameTimeNs, bytes.size()});
        bytes.insert(bytes.end(), b.bytes, b.bytes + b.frameCount * b.bytesPerFrame);
    }
    // Bytes played before time t (by the block start times).
    std::size_t bytesBefore(TimeNs t) const {
        std::size_t n = bytes.size();
        for (const auto& [time, offset] : blocks) {
            if (time >= t) {
                n = offset;
                break;
            }
        }
        return n;
    }
    std::vector<std::uint8_t> bytes;
    std::vector<std::pair<TimeNs, std::size_t>> blocks;
    std::int64_t underrunFrames = 0;
};

// Frames [0, end) of another source, then silence, with endFrame() known.
class FiniteSource : public SampleSource {
  public:
    FiniteSource(SampleSource& inner, std::int64_t end) : m_inner(inner), m_end(end) {}
    void render(std::int64_t firstFrame, float* out, std::size_t frames, int channels) override {
        m_inner.render(firstFrame, out, frames, channels);
        for (std::size_t i = 0; i < frames; ++i) {
            if (firstFrame + static_cast<std::int64_t>(i) >= m_end) {
                std::fill(out + i * channels, out + (i + 1) * channels, 0.0f);
            }
        }
    }
    std::optional<std::int64_t> endFrame() const override { return m_end; }

  private:
    SampleSource& m_inner;
    std::int64_t m_end;
};

// Feeds an ADC with a frame-indexed source, encoded in the stream's format.
class SourcePcmGenerator : public PcmSource {
  public:
    SourcePcmGenerator(SampleSource& source, const AudioFormat& format)
        : m_source(source), m_format(format) {}
    void produce(std::int64_t firstFrame, std::uint8_t* out, std::size_t frames,
                 std::uint32_t bytesPerFrame) override {
        EXPECT_EQ(bytesPerFrame, m_format.bytesPerFrame());
        renderEncoded(m_source, m_format, firstFrame, frames, out, m_scratch);
    }

  private:
    SampleSource& m_source;
    AudioFormat m_format;
    std::vector<float> m_scratch;
};

// Keeps every DDI call record of a run (the trace ring only keeps the newest).
class DdiLog : public TraceSink {
  public:
    explicit DdiLog(Tracer& tracer) : m_tracer(tracer) { m_tracer.addSink(this); }
    ~DdiLog() override { m_tracer.removeSink(this); }
    void onTraceRecord(const TraceRecord& r) override {
        if (r.category == TraceCategory::DdiCall) {
            records.push_back(r);
        }
    }
    std::vector<TraceRecord> records;

  private:
    Tracer& m_tracer;
};

// Every tag GetMapping handed out on a stream, and how each ended, from the trace.
struct TagAccounting {
    std::map<std::uint64_t, int> handedOut;  // tag -> times handed out
    std::map<std::uint64_t, int> ended;      // tag -> times released or revoked
};

inline std::uint64_t fieldU(const TraceRecord& r, const char* name) {
    const TraceField* f = r.field(name);
    return f == nullptr ? 0 : f->u;
}

inline TagAccounting accountTags(const DdiLog& log, std::uint16_t stream) {
    TagAccounting a;
    std::vector<std::uint64_t> held;
    for (const TraceRecord& r : log.records) {
        if (r.category != TraceCategory::DdiCall || r.streamId != stream || !r.hasStatus ||
            r.status < 0) {
            continue;
        }
        if (std::strcmp(r.name, "IPortWavePciStream::GetMapping") == 0) {
            ++a.handedOut[fieldU(r, "Tag")];
            held.push_back(fieldU(r, "Tag"));
        } else if (std::strcmp(r.name, "IPortWavePciStream::ReleaseMapping") == 0) {
            ++a.ended[fieldU(r, "Tag")];
            held.erase(std::remove(held.begin(), held.end(), fieldU(r, "Tag")), held.end());
        } else if (std::strcmp(r.name, "IMiniportWavePciStream::RevokeMappings") == 0) {
            auto first = std::find(held.begin(), held.end(), fieldU(r, "FirstTag"));
            auto last = std::find(held.begin(), held.end(), fieldU(r, "LastTag"));
            if (first != held.end() && last != held.end() && first <= last) {
                for (auto it = first; it <= last; ++it) {
                    ++a.ended[*it];
                }
                held.erase(first, last + 1);
            }
        }
    }
    return a;
}

// Each tag handed out exactly once and ended (released or revoked) exactly
// once; nothing ended that was not handed out.
inline void expectEveryTagEndedOnce(const TagAccounting& tags) {
    EXPECT_FALSE(tags.handedOut.empty());
    for (const auto& [tag, n] : tags.handedOut) {
        EXPECT_EQ(n, 1) << "tag " << tag << " handed out more than once";
        EXPECT_EQ(tags.ended.count(tag) != 0 ? tags.ended.at(tag) : 0, 1) << "tag " << tag;
    }
    for (const auto& [tag, n] : tags.ended) {
        EXPECT_EQ(tags.handedOut.count(tag), 1u) << "tag " << tag << " ended but never handed out";
    }
}

struct WavePciRenderRun {
    explicit WavePciRenderRun(const AudioFormat& format, WavePciSystemConfig config = {},
                              WavePciClientConfig clientConfig = {})
        : format(format), system(config), ddi(system.tracer()) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
        EXPECT_EQ(system.openPin(0, format, 1, &pin), STATUS_SUCCESS);
        system.controller().setSink(ac97::Engine::PcmOut, &dac);
        clientConfig.direction = StreamDirection::Render;
        clientConfig.streamId = 1;
        this->clientConfig = clientConfig;
    }
    ~WavePciRenderRun() { shutdown(); }

    void makeClient(SampleSource* source) {
        client = std::make_unique<WavePciClient>(system.kernel(), *pin, clientConfig, source);
    }
    void runFor(TimeNs ns) {
        system.scheduler().runUntil(system.scheduler().now() + ns);
        system.controller().syncAll();
    }
    void shutdown() {
        if (client) {
            client->close();
            runFor(msToNs(50));
            client.reset();
        }
        if (pin) {
            pin->close();
            pin.reset();
        }
        system.controller().setSink(ac97::Engine::PcmOut, nullptr);
    }
    std::vector<std::uint8_t> expected(SampleSource& source, std::int64_t first,
                                       std::int64_t frames) {
        return renderEncoded(source, format, first, static_cast<std::size_t>(frames));
    }

    AudioFormat format;
    WavePciSystem system;
    DdiLog ddi;
    ComPtr<CPortPinWavePci> pin;
    DacRecorder dac;
    WavePciClientConfig clientConfig;
    std::unique_ptr<WavePciClient> client;
};

}  // namespace ps
