#include "model/ks/SpeakerMask.h"

namespace ps {

int channelMaskSpeakerCount(DWORD dwChannelMask) {
    int count = 0;
    for (DWORD bits = dwChannelMask; bits != 0; bits &= bits - 1) {
        ++count;
    }
    return count;
}

DWORD defaultChannelMask(WORD nChannels) {
    switch (nChannels) {
        case 1:
            return KSAUDIO_SPEAKER_MONO;
        case 2:
            return KSAUDIO_SPEAKER_STEREO;
        case 3:
            return KSAUDIO_SPEAKER_STEREO | SPEAKER_FRONT_CENTER;
        case 4:
            return KSAUDIO_SPEAKER_QUAD;
        case 5:
            return KSAUDIO_SPEAKER_QUAD | SPEAKER_FRONT_CENTER;
        case 6:
            return KSAUDIO_SPEAKER_5POINT1;
        case 7:
            return KSAUDIO_SPEAKER_5POINT1 | SPEAKER_BACK_CENTER;
        case 8:
            return KSAUDIO_SPEAKER_7POINT1_SURROUND;
        default:
            return KSAUDIO_SPEAKER_DIRECTOUT;
    }
}

std::string describeChannelMask(DWORD dwChannelMask) {
    if (dwChannelMask == 0) {
        return "DIRECTOUT";
    }
    // Indexed by bit number; the order is the interleaving order.
    static const char* const kNames[] = {"FL",  "FR",  "FC",  "LFE", "BL",  "BR",
                                         "FLC", "FRC", "BC",  "SL",  "SR",  "TC",
                                         "TFL", "TFC", "TFR", "TBL", "TBC", "TBR"};
    constexpr int kNamedBits = static_cast<int>(sizeof kNames / sizeof kNames[0]);
    std::string text;
    for (int bit = 0; bit < 32; ++bit) {
        if ((dwChannelMask & (DWORD{1} << bit)) == 0) {
            continue;
        }
        if (!text.empty()) {
            text += ' ';
        }
        if (bit < kNamedBits) {
            text += kNames[bit];
        } else if (bit == 31) {
            text += "ALL";
        } else {
            text += "bit" + std::to_string(bit);
        }
    }
    return text;
}

}  // namespace ps
