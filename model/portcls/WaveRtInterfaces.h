// The WaveRT DDI (portcls.h): the interfaces the WaveRT port driver and a
// WaveRT miniport implement for each other, with the DDI's names, parameter
// lists and vtable order (../shared/seeds/002_*, 004_*; DDI.md §7-§12).
//
//   port implements      IPortWaveRT, IPortWaveRTStream
//   miniport implements  IMiniportWaveRT, IMiniportWaveRTStream,
//                        IMiniportWaveRTStreamNotification (optional, by QI)
//
// PVOID buffer and register addresses are simulated kernel VAs
// (PortClsTypes.h); an MDL is PortScope's MDL (model/kernel/Mdl.h).
#pragma once

#include "model/kernel/ComBase.h"
#include "model/kernel/DmaAdapter.h"
#include "model/kernel/KernelObjects.h"
#include "model/kernel/Mdl.h"
#include "model/ks/KsAudioPosition.h"
#include "model/ks/KsDataFormat.h"
#include "model/ks/KsRtAudio.h"
#include "model/ks/KsState.h"
#include "model/portcls/FilterDescriptor.h"
#include "model/portcls/PortClsTypes.h"
#include "model/portcls/ResourceList.h"
#include "model/portcls/WavePciInterfaces.h"

namespace ps {

enum MEMORY_CACHING_TYPE { MmNonCached = 0, MmCached = 1, MmWriteCombined = 2 };
const char* memoryCachingTypeName(MEMORY_CACHING_TYPE type);

using PKSAUDIO_POSITION = KSAUDIO_POSITION*;
using PKSRTAUDIO_HWREGISTER = KSRTAUDIO_HWREGISTER*;
using PKSRTAUDIO_HWLATENCY = KSRTAUDIO_HWLATENCY*;
using PDEVICE_DESCRIPTION = DEVICE_DESCRIPTION*;

// ------------------------------------------------------------ port side

struct IPortWaveRT : IPort {};
using PPORTWAVERT = IPortWaveRT*;

// Memory helpers the port offers a WaveRT miniport's stream (PASSIVE_LEVEL).
struct IPortWaveRTStream : IUnknown {
    // Non-contiguous pages at or below HighAddress; the MDL may describe fewer
    // bytes than asked (check its ByteCount). nullptr when nothing could be had.
    virtual PMDL AllocatePagesForMdl(PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes) = 0;
    // Physically contiguous pages within [LowAddress, HighAddress]; nullptr if
    // the whole size cannot be had.
    virtual PMDL AllocateContiguousPagesForMdl(PHYSICAL_ADDRESS LowAddress,
                                               PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes) = 0;
    // A kernel VA for the MDL's pages (MmMapLockedPagesSpecifyCache).
    virtual PVOID MapAllocatedPages(PMDL MemoryDescriptorList, MEMORY_CACHING_TYPE CacheType) = 0;
    virtual void UnmapAllocatedPages(PVOID BaseAddress, PMDL MemoryDescriptorList) = 0;
    // Frees the pages and the MDL itself.
    virtual void FreePagesFromMdl(PMDL MemoryDescriptorList) = 0;
    virtual ULONG GetPhysicalPagesCount(PMDL MemoryDescriptorList) = 0;
    // Page Index's physical address; 0 when out of range.
    virtual PHYSICAL_ADDRESS GetPhysicalPageAddress(PMDL MemoryDescriptorList, ULONG Index) = 0;
};
using PPORTWAVERTSTREAM = IPortWaveRTStream*;

// ------------------------------------------------------------ miniport side

struct IMiniportWaveRTStream;
using PMINIPORTWAVERTSTREAM = IMiniportWaveRTStream*;

struct IMiniportWaveRT : IMiniport {
    virtual NTSTATUS Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                          PPORTWAVERT Port) = 0;  // PASSIVE
    // PASSIVE. The stream starts in KSSTATE_STOP at position 0; *Stream is AddRef'd.
    virtual NTSTATUS NewStream(PMINIPORTWAVERTSTREAM* Stream, PPORTWAVERTSTREAM PortStream,
                               ULONG Pin, BOOLEAN Capture, PKSDATAFORMAT DataFormat) = 0;
    virtual NTSTATUS GetDeviceDescription(PDEVICE_DESCRIPTION DeviceDescription) = 0;  // PASSIVE
};
using PMINIPORTWAVERT = IMiniportWaveRT*;

struct IMiniportWaveRTStream : IUnknown {
    virtual NTSTATUS SetFormat(PKSDATAFORMAT DataFormat) = 0;  // PASSIVE
    virtual NTSTATUS SetState(KSSTATE State) = 0;              // PASSIVE
    // PASSIVE or DISPATCH: byte offsets into the cyclic buffer.
    virtual NTSTATUS GetPosition(PKSAUDIO_POSITION AudioPosition) = 0;
    // PASSIVE. RequestedSize is a wish; *ActualSize is what was allocated.
    virtual NTSTATUS AllocateAudioBuffer(ULONG RequestedSize, PMDL* AudioBufferMdl,
                                         ULONG* ActualSize, ULONG* OffsetFromFirstPage,
                                         MEMORY_CACHING_TYPE* CacheType) = 0;
    // PASSIVE. BufferSize is an input (the header's signature; DDI.md §19 row 3).
    virtual void FreeAudioBuffer(PMDL AudioBufferMdl, ULONG BufferSize) = 0;
    virtual void GetHWLatency(PKSRTAUDIO_HWLATENCY hwLatency) = 0;  // PASSIVE
    // PASSIVE. Any failure means "no register" (DDI.md §19 row 1).
    virtual NTSTATUS GetPositionRegister(PKSRTAUDIO_HWREGISTER Register) = 0;
    virtual NTSTATUS GetClockRegister(PKSRTAUDIO_HWREGISTER Register) = 0;
};

// Vista and later, found by QueryInterface on the stream (DDI.md §9).
struct IMiniportWaveRTStreamNotification : IMiniportWaveRTStream {
    // NotificationCount 1 (end of buffer) or 2 (midpoint and end).
    virtual NTSTATUS AllocateBufferWithNotification(ULONG NotificationCount, ULONG RequestedSize,
                                                    PMDL* AudioBufferMdl, ULONG* ActualSize,
                                                    ULONG* OffsetFromFirstPage,
                                                    MEMORY_CACHING_TYPE* CacheType) = 0;
    virtual void FreeBufferWithNotification(PMDL AudioBufferMdl, ULONG BufferSize) = 0;
    virtual NTSTATUS RegisterNotificationEvent(PKEVENT NotificationEvent) = 0;
    virtual NTSTATUS UnregisterNotificationEvent(PKEVENT NotificationEvent) = 0;
};

}  // namespace ps
