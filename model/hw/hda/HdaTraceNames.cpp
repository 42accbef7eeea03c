#include "model/hw/hda/HdaTraceNames.h"

#include "model/hw/hda/HdaRegisters.h"

namespace ps::hda {

const char* streamName(unsigned i) {
    static const char* const kNames[kMaxStreams] = {
        "SD0",  "SD1",  "SD2",  "SD3",  "SD4",  "SD5",  "SD6",  "SD7",  "SD8",  "SD9",
        "SD10", "SD11", "SD12", "SD13", "SD14", "SD15", "SD16", "SD17", "SD18", "SD19",
        "SD20", "SD21", "SD22", "SD23", "SD24", "SD25", "SD26", "SD27", "SD28", "SD29"};
    return i < kMaxStreams ? kNames[i] : "SD?";
}

const char* burstLabel(unsigned i) {
    static const char* const kNames[kMaxStreams] = {
        "HDA SD0 burst",  "HDA SD1 burst",  "HDA SD2 burst",  "HDA SD3 burst",  "HDA SD4 burst",
        "HDA SD5 burst",  "HDA SD6 burst",  "HDA SD7 burst",  "HDA SD8 burst",  "HDA SD9 burst",
        "HDA SD10 burst", "HDA SD11 burst", "HDA SD12 burst", "HDA SD13 burst", "HDA SD14 burst",
        "HDA SD15 burst", "HDA SD16 burst", "HDA SD17 burst", "HDA SD18 burst", "HDA SD19 burst",
        "HDA SD20 burst", "HDA SD21 burst", "HDA SD22 burst", "HDA SD23 burst", "HDA SD24 burst",
        "HDA SD25 burst", "HDA SD26 burst", "HDA SD27 burst", "HDA SD28 burst", "HDA SD29 burst"};
    return i < kMaxStreams ? kNames[i] : "HDA burst";
}

const char* underrunLabel(unsigned i) {
    static const char* const kNames[kMaxStreams] = {
        "HDA SD0 underrun watch",  "HDA SD1 underrun watch",  "HDA SD2 underrun watch",
        "HDA SD3 underrun watch",  "HDA SD4 underrun watch",  "HDA SD5 underrun watch",
        "HDA SD6 underrun watch",  "HDA SD7 underrun watch",  "HDA SD8 underrun watch",
        "HDA SD9 underrun watch",  "HDA SD10 underrun watch", "HDA SD11 underrun watch",
        "HDA SD12 underrun watch", "HDA SD13 underrun watch", "HDA SD14 underrun watch",
        "HDA SD15 underrun watch", "HDA SD16 underrun watch", "HDA SD17 underrun watch",
        "HDA SD18 underrun watch", "HDA SD19 underrun watch", "HDA SD20 underrun watch",
        "HDA SD21 underrun watch", "HDA SD22 underrun watch", "HDA SD23 underrun watch",
        "HDA SD24 underrun watch", "HDA SD25 underrun watch", "HDA SD26 underrun watch",
        "HDA SD27 underrun watch", "HDA SD28 underrun watch", "HDA SD29 underrun watch"};
    return i < kMaxStreams ? kNames[i] : "HDA underrun watch";
}

const char* overrunLabel(unsigned i) {
    static const char* const kNames[kMaxStreams] = {
        "HDA SD0 overrun watch",  "HDA SD1 overrun watch",  "HDA SD2 overrun watch",
        "HDA SD3 overrun watch",  "HDA SD4 overrun watch",  "HDA SD5 overrun watch",
        "HDA SD6 overrun watch",  "HDA SD7 overrun watch",  "HDA SD8 overrun watch",
        "HDA SD9 overrun watch",  "HDA SD10 overrun watch", "HDA SD11 overrun watch",
        "HDA SD12 overrun watch", "HDA SD13 overrun watch", "HDA SD14 overrun watch",
        "HDA SD15 overrun watch", "HDA SD16 overrun watch", "HDA SD17 overrun watch",
        "HDA SD18 overrun watch", "HDA SD19 overrun watch", "HDA SD20 overrun watch",
        "HDA SD21 overrun watch", "HDA SD22 overrun watch", "HDA SD23 overrun watch",
        "HDA SD24 overrun watch", "HDA SD25 overrun watch", "HDA SD26 overrun watch",
        "HDA SD27 overrun watch", "HDA SD28 overrun watch", "HDA SD29 overrun watch"};
    return i < kMaxStreams ? kNames[i] : "HDA overrun watch";
}

}  // namespace ps::hda
