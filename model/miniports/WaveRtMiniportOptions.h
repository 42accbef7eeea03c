// Construction options of the HD Audio WaveRT sample miniport
// (createMiniportWaveRtHda): the policies where the Docs and the samples
// disagree (DDI.md §19) and the bug switches that make the miniport misbehave
// on purpose, so that the verifier and the views can show what a broken
// WaveRT driver looks like.
//
// Every bug switch is off by default; with all of them off the miniport is the
// careful driver. (Fields are only ever appended, so that positional
// initializers elsewhere stay valid.) Each switch changes exactly the behaviour it names and
// nothing else; the ones marked "once" misbehave a single time per stream.
#pragma once

#include "model/kernel/ComObjectRegistry.h"
#include "model/kernel/KernelTypes.h"
#include "model/portcls/PortClsTypes.h"
#include "model/sim/SimTime.h"

namespace ps {

// How AllocateAudioBuffer / AllocateBufferWithNotification size the cyclic
// buffer (DDI.md §8, §9, §19 row 2).
enum class WaveRtBufferSizePolicy {
    // The Docs: ActualSize >= RequestedSize. The request is rounded up to whole
    // frames, then to the pages that hold it, and ActualSize is every whole
    // frame those pages hold (so nothing of the allocation is wasted).
    RoundUpToPages,
    // sysvad and the AC97 RT sample: RequestedSize rounded down to whole
    // frames. ActualSize can be below the request (which WASAPI refuses); the
    // miniport traces "ActualSize below RequestedSize" when it is.
    RoundDownToFrames,
};

// Which NotificationCount values AllocateBufferWithNotification accepts
// (DDI.md §9, §19 row 4).
enum class WaveRtNotificationPolicy {
    // The Docs: 1 (end of buffer) or 2 (midpoint and end); anything else is
    // STATUS_INVALID_PARAMETER.
    Strict,
    // sysvad: any count that divides RequestedSize (0 is refused).
    SampleDivisors,
};

// KSAUDIO_POSITION::WriteOffset of GetPosition (DDI.md §8, §19 row 5).
enum class WaveRtWriteOffsetPolicy {
    EqualsPlayOffset,     // sysvad: WriteOffset = PlayOffset
    PlayPlusEightFrames,  // AC97 RT: PlayOffset + 8 frames, not wrapped at the buffer end
};

const char* waveRtBufferSizePolicyName(WaveRtBufferSizePolicy policy);
const char* waveRtNotificationPolicyName(WaveRtNotificationPolicy policy);
const char* waveRtWriteOffsetPolicyName(WaveRtWriteOffsetPolicy policy);

struct WaveRtMiniportOptions {
    // ------------------------------------------------------------ policy
    WaveRtBufferSizePolicy bufferSizePolicy = WaveRtBufferSizePolicy::RoundUpToPages;
    WaveRtNotificationPolicy notificationPolicy = WaveRtNotificationPolicy::Strict;
    WaveRtWriteOffsetPolicy writeOffsetPolicy = WaveRtWriteOffsetPolicy::EqualsPlayOffset;
    // KSRTAUDIO_HWLATENCY::CodecDelay in 100 ns units: the codec's delay
    // after the link, which neither LPIB nor the FIFO size includes and which
    // a client adds to the position register's value (DDI.md §8). A real
    // driver reads it from the codec (the widget's Delay field, in samples);
    // PortScope's codec has no verbs, so it is an option: wiring code should
    // set it to HdaConfig::codecDelayNs / 100 so that it matches the board.
    // The default, 10 (1 us), is a small placeholder that keeps the field
    // visibly in use (the AC97 RT sample reports 4, "a wild guess", DDI.md §8).
    ULONG codecDelay100ns = 10;
    // Offer the stream's SDnLPIB as the position register and WALCLK as the
    // clock register. Off: GetPositionRegister / GetClockRegister return
    // STATUS_NOT_SUPPORTED (the Docs' "no register"), and a client falls back
    // to KSPROPERTY_AUDIO_POSITION (GetPosition).
    bool offerPositionRegister = true;
    bool offerClockRegister = true;
    // Reports every COM object the miniport creates (may be null).
    ComObjectRegistry* registry = nullptr;

    // ------------------------------------------------------------ bug switches
    // SetFormat succeeds while the stream runs and rewrites SDnFMT under the
    // running DMA (the careful driver returns STATUS_INVALID_DEVICE_STATE).
    bool acceptSetFormatWhileRunning = false;
    // RUN -> PAUSE leaves SDnCTL.RUN set: the DMA and the converter keep
    // going, so the position register advances while the stream is not in
    // RUN (and notification events keep firing).
    bool dmaRunsInPause = false;
    // Once: GetPosition reports a PlayOffset at or beyond the end of the
    // buffer (LPIB + the buffer size).
    bool positionOutsideBuffer = false;
    // AllocateBufferWithNotification accepts any NotificationCount >= 1
    // (e.g. 3, with an IOC at each third of the buffer), so the verifier's
    // "notification count other than 1 or 2" warning can be shown.
    bool acceptNotificationCountAny = false;
    // Never registers its interrupt and worker thread as stream resources,
    // even where PortCls offers the interface: system interference then
    // reaches its DPCs and thread while low-latency streams run.
    bool skipStreamResourceRegistration = false;
    // Disconnects its interrupt and ends its worker thread (device removal)
    // without unregistering them first.
    bool keepResourcesRegisteredAtDelete = false;
    // Removes every stream resource handle twice.
    bool removeStreamResourceTwice = false;
    // Registers the thread that calls Init / PowerChangeState3
    // (PsGetCurrentThread(), not driver-owned) instead of its worker thread,
    // as sysvad's self-test does without removing it again.
    bool registerCurrentThread = false;
    // In the D3 handler, registers its worker thread again right after
    // unregistering it (a registration while the adapter is in D3).
    bool registerResourcesInD3 = false;

    // ------------------------------------------------------------ resources
    // The stack's PDO (what the adapter gets from PcGetPhysicalDeviceObject),
    // for stream resource descriptors; null: nothing is registered.
    PDEVICE_OBJECT physicalDeviceObject = nullptr;
    // The worker thread's period while a stream runs (<= 0: 2 ms).
    TimeNs workerPeriodNs = 2'000'000;
};

}  // namespace ps
