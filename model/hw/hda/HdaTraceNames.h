// Static strings for trace records and scheduler event labels of the HD
// Audio model (both need storage that outlives every record): one per stream
// descriptor index, 0 .. kMaxStreams - 1. An out-of-range index yields a
// generic string, never undefined behaviour.
#pragma once

namespace ps::hda {

const char* streamName(unsigned descriptorIndex);     // "SD0" .. "SD29"
const char* burstLabel(unsigned descriptorIndex);     // "HDA SD4 burst"
const char* underrunLabel(unsigned descriptorIndex);  // "HDA SD4 underrun watch"
const char* overrunLabel(unsigned descriptorIndex);   // "HDA SD0 overrun watch"

}  // namespace ps::hda
