// PCFILTER_DESCRIPTOR, reduced to what PortScope uses: the pins a miniport's
// filter exposes, each with its data flow and the formats it accepts. The
// port validates pin creation against it; the inspector's stack tree shows it.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/ks/AudioFormat.h"

#include <vector>

namespace ps {

enum KSPIN_DATAFLOW { KSPIN_DATAFLOW_IN = 1, KSPIN_DATAFLOW_OUT = 2 };

// KSDATARANGE_AUDIO: the formats a pin accepts.
struct KSDATARANGE_AUDIO {
    ULONG MaximumChannels = 2;
    ULONG MinimumBitsPerSample = 16;
    ULONG MaximumBitsPerSample = 16;
    ULONG MinimumSampleFrequency = 8000;
    ULONG MaximumSampleFrequency = 48000;
    bool allowFloat = false;  // KSDATAFORMAT_SUBTYPE_IEEE_FLOAT as well as PCM
};

struct PCPIN_DESCRIPTOR {
    const char* name = "pin";
    KSPIN_DATAFLOW DataFlow = KSPIN_DATAFLOW_IN;
    bool streaming = true;  // false: a bridge pin (no streams)
    ULONG MaxInstanceCount = 1;
    std::vector<KSDATARANGE_AUDIO> DataRanges;
};

struct PCFILTER_DESCRIPTOR {
    const char* name = "filter";
    std::vector<PCPIN_DESCRIPTOR> Pins;
};
using PPCFILTER_DESCRIPTOR = PCFILTER_DESCRIPTOR*;

// Does the format fit one of the pin's data ranges (channels, container bits,
// rate, and float only where the range allows it)?
bool formatFitsDataRanges(const AudioFormat& format, const PCPIN_DESCRIPTOR& pin);

}  // namespace ps
