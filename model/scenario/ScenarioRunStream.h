// ScenarioRun's per-stream state (private to ScenarioRun's .cpp files): the
// stream's wiring (adapter, engine or descriptor, pin, client), its signal
// and converter endpoints, and the counters its reports read.
#pragma once

#include "model/client/SourceRendering.h"
#include "model/scenario/ScenarioRun.h"
#include "model/scenario/StreamDac.h"

#include <unordered_map>

namespace ps {

struct ScenarioRun::Stream {
    std::size_t index = 0;
    std::uint16_t streamId = kNoStream;
    StreamSpec spec;
    AudioFormat format;  // the pin's format (changes with change-format)
    std::string name;

    std::unique_ptr<SampleSource> signal;
    std::uint64_t noiseSeed = 0;            // SignalKind::Noise
    StreamDac dac;                          // render
    std::unique_ptr<EncodedPcmSource> adc;  // capture

    // WavePci: the adapter and engine.
    WavePciAdapter* pci = nullptr;
    ac97::Engine engine = ac97::Engine::PcmOut;
    ComPtr<CPortPinWavePci> pciPin;
    std::unique_ptr<WavePciClient> pciClient;
    // WaveRT: the adapter and the descriptor the miniport chose (-1: none).
    WaveRtAdapter* rt = nullptr;
    int descriptor = -1;
    ComPtr<CPortPinWaveRT> rtPin;
    std::unique_ptr<WaveRtClient> rtClient;
    ULONG vector = 0;  // the controller's interrupt vector

    std::vector<std::size_t> clientFaults;  // LateClient / StalledClient indices

    // From the trace (TraceCounter). Names are keyed by pointer: the same DDI
    // name from two translation units may be two pointers, merged by text in
    // reports().
    std::unordered_map<const char*, std::uint64_t> ddiCalls;
    std::uint64_t glitchRecords = 0;
    std::uint64_t deviceGlitches = 0;
    const char* finalState = nullptr;  // ksStateName at the end of the duration

    bool render() const { return spec.direction == StreamDirection::Render; }
    KSSTATE pinState() const {
        if (pciPin) {
            return pciPin->state();
        }
        return rtPin ? rtPin->state() : KSSTATE_STOP;
    }
};

}  // namespace ps
