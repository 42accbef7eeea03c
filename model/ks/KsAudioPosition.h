// KSAUDIO_POSITION (ksmedia.h, DDI.md §15.1): the value of
// KSPROPERTY_AUDIO_POSITION and of a miniport's GetPosition, 16 bytes.
//
// Both offsets are in bytes.
//  - Looped buffers (WaveRT, WaveCyclic): offsets into the cyclic buffer,
//    wrapping at the buffer size.
//  - Non-looped buffers (WavePci): stream-relative and monotonic since the
//    last KSSTATE_STOP.
//  - Render: PlayOffset is the byte at the DAC; WriteOffset is where the
//    client may safely write (the end of what it has submitted).
//  - Capture: PlayOffset is the record position; WriteOffset the read position.
// The bytes between the two offsets belong to the device.
#pragma once

#include "model/ks/KsTypes.h"

namespace ps {

struct KSAUDIO_POSITION {
    ULONGLONG PlayOffset;
    ULONGLONG WriteOffset;
};
static_assert(sizeof(KSAUDIO_POSITION) == 16, "KSAUDIO_POSITION is 16 bytes");

inline bool operator==(const KSAUDIO_POSITION& a, const KSAUDIO_POSITION& b) {
    return a.PlayOffset == b.PlayOffset && a.WriteOffset == b.WriteOffset;
}
inline bool operator!=(const KSAUDIO_POSITION& a, const KSAUDIO_POSITION& b) {
    return !(a == b);
}

}  // namespace ps
