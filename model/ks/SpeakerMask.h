// Speaker positions for WAVEFORMATEXTENSIBLE.dwChannelMask (ksmedia.h).
//
// Each set bit assigns the next interleaved channel, in ascending bit order, to
// that speaker. A mask may name fewer speakers than there are channels (the
// rest are unassigned) but not more. 0 means no assignment (direct out).
#pragma once

#include <string>

#include "model/ks/KsTypes.h"

namespace ps {

constexpr DWORD SPEAKER_FRONT_LEFT = 0x1;
constexpr DWORD SPEAKER_FRONT_RIGHT = 0x2;
constexpr DWORD SPEAKER_FRONT_CENTER = 0x4;
constexpr DWORD SPEAKER_LOW_FREQUENCY = 0x8;
constexpr DWORD SPEAKER_BACK_LEFT = 0x10;
constexpr DWORD SPEAKER_BACK_RIGHT = 0x20;
constexpr DWORD SPEAKER_FRONT_LEFT_OF_CENTER = 0x40;
constexpr DWORD SPEAKER_FRONT_RIGHT_OF_CENTER = 0x80;
constexpr DWORD SPEAKER_BACK_CENTER = 0x100;
constexpr DWORD SPEAKER_SIDE_LEFT = 0x200;
constexpr DWORD SPEAKER_SIDE_RIGHT = 0x400;
constexpr DWORD SPEAKER_TOP_CENTER = 0x800;
constexpr DWORD SPEAKER_TOP_FRONT_LEFT = 0x1000;
constexpr DWORD SPEAKER_TOP_FRONT_CENTER = 0x2000;
constexpr DWORD SPEAKER_TOP_FRONT_RIGHT = 0x4000;
constexpr DWORD SPEAKER_TOP_BACK_LEFT = 0x8000;
constexpr DWORD SPEAKER_TOP_BACK_CENTER = 0x10000;
constexpr DWORD SPEAKER_TOP_BACK_RIGHT = 0x20000;
constexpr DWORD SPEAKER_RESERVED = 0x7FFC0000;
constexpr DWORD SPEAKER_ALL = 0x80000000;

constexpr DWORD KSAUDIO_SPEAKER_DIRECTOUT = 0;
constexpr DWORD KSAUDIO_SPEAKER_MONO = SPEAKER_FRONT_CENTER;
constexpr DWORD KSAUDIO_SPEAKER_STEREO = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT;
constexpr DWORD KSAUDIO_SPEAKER_QUAD =
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT;
constexpr DWORD KSAUDIO_SPEAKER_SURROUND =
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_BACK_CENTER;
constexpr DWORD KSAUDIO_SPEAKER_5POINT1 = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT |
                                          SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY |
                                          SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT;
constexpr DWORD KSAUDIO_SPEAKER_7POINT1 =
    KSAUDIO_SPEAKER_5POINT1 | SPEAKER_FRONT_LEFT_OF_CENTER | SPEAKER_FRONT_RIGHT_OF_CENTER;
constexpr DWORD KSAUDIO_SPEAKER_5POINT1_SURROUND = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT |
                                                   SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY |
                                                   SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT;
constexpr DWORD KSAUDIO_SPEAKER_7POINT1_SURROUND =
    KSAUDIO_SPEAKER_5POINT1 | SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT;
// ksmedia.h's later names for the two layouts above that have no side speakers.
constexpr DWORD KSAUDIO_SPEAKER_5POINT1_BACK = KSAUDIO_SPEAKER_5POINT1;
constexpr DWORD KSAUDIO_SPEAKER_7POINT1_WIDE = KSAUDIO_SPEAKER_7POINT1;

// How many speakers the mask names (set bits, SPEAKER_ALL included).
int channelMaskSpeakerCount(DWORD dwChannelMask);

// The mask PortScope assigns when a format has no explicit one:
//   1 MONO (0x4), 2 STEREO (0x3), 3 FL FR FC (0x7), 4 QUAD (0x33),
//   5 FL FR FC BL BR (0x37), 6 5POINT1 (0x3F), 7 5POINT1 + BC (0x13F),
//   8 7POINT1_SURROUND (0x63F); 0 (DIRECTOUT) for any other count.
// ksmedia.h names no layout for 3, 5 or 7 channels; those are the common ones.
DWORD defaultChannelMask(WORD nChannels);

// Speaker abbreviations in channel order, e.g. "FL FR FC LFE BL BR";
// "DIRECTOUT" for 0. Reserved bits print as "bit<n>".
std::string describeChannelMask(DWORD dwChannelMask);

}  // namespace ps
