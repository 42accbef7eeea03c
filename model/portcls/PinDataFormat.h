// The KSDATAFORMAT a pin hands to NewStream and SetFormat: the header followed
// by WAVEFORMATEX or WAVEFORMATEXTENSIBLE, as KS delivers it after
// KSPIN_CONNECT. get() points at the header, which the miniport reads first.
#pragma once

#include "model/ks/AudioFormat.h"
#include "model/ks/KsDataFormat.h"

namespace ps {

struct PinDataFormat {
    bool extensible = false;
    KSDATAFORMAT_WAVEFORMATEX ex{};
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE ext{};

    explicit PinDataFormat(const AudioFormat& f) : extensible(f.extensible) {
        if (extensible) {
            ext = makeKsDataFormat(f.toWaveFormatExtensible());
        } else {
            ex = makeKsDataFormat(f.toWaveFormatEx());
        }
    }
    KSDATAFORMAT* get() { return extensible ? &ext.DataFormat : &ex.DataFormat; }
};

}  // namespace ps
