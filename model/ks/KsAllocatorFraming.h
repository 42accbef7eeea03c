// KSALLOCATOR_FRAMING (ks.h, DDI.md §15.5): the value of
// KSPROPERTY_CONNECTION_ALLOCATORFRAMING and of a WavePci miniport's
// GetAllocatorFraming, 24 bytes. The values are preferences; SysAudio may
// override them.
#pragma once

#include "model/ks/KsTypes.h"

namespace ps {

constexpr ULONG KSALLOCATOR_REQUIREMENTF_INPLACE_MODIFIER = 0x00000001;
constexpr ULONG KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY = 0x00000002;
constexpr ULONG KSALLOCATOR_REQUIREMENTF_FRAME_INTEGRITY = 0x00000004;
constexpr ULONG KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE = 0x00000008;
constexpr ULONG KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY = 0x80000000;

constexpr ULONG KSALLOCATOR_OPTIONF_COMPATIBLE = 0x00000001;
constexpr ULONG KSALLOCATOR_OPTIONF_SYSTEM_MEMORY = 0x00000002;
constexpr ULONG KSALLOCATOR_OPTIONF_VALID = 0x00000003;

// FileAlignment values: the required alignment minus one, in bytes.
constexpr ULONG FILE_BYTE_ALIGNMENT = 0x0;
constexpr ULONG FILE_WORD_ALIGNMENT = 0x1;
constexpr ULONG FILE_LONG_ALIGNMENT = 0x3;
constexpr ULONG FILE_QUAD_ALIGNMENT = 0x7;
constexpr ULONG FILE_OCTA_ALIGNMENT = 0xF;

struct KSALLOCATOR_FRAMING {
    union {
        ULONG OptionsFlags;       // KSALLOCATOR_OPTIONF_* (allocator side)
        ULONG RequirementsFlags;  // KSALLOCATOR_REQUIREMENTF_* (pin side)
    };
    ULONG PoolType;   // POOL_TYPE (0 = NonPagedPool, 1 = PagedPool)
    ULONG Frames;     // number of frames
    ULONG FrameSize;  // bytes per frame (an allocator frame, not an audio frame)
    union {
        ULONG FileAlignment;  // FILE_*_ALIGNMENT
        LONG FramePitch;
    };
    ULONG Reserved;
};
static_assert(sizeof(KSALLOCATOR_FRAMING) == 24, "KSALLOCATOR_FRAMING is 24 bytes");

}  // namespace ps
