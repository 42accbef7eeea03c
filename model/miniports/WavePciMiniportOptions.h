// Construction options of the AC'97 WavePci sample miniport
// (createMiniportWaveAc97): policy knobs and the bug switches that make the
// miniport misbehave on purpose so that the verifier and the views can show
// what a broken driver looks like.
//
// Every bug switch is off by default; with all of them off the miniport is the
// careful driver. Each switch changes exactly the behaviour it names and
// nothing else; the ones marked "once" misbehave a single time per stream.
#pragma once

#include "model/kernel/ComObjectRegistry.h"
#include "model/kernel/KernelTypes.h"
#include "model/portcls/PortClsTypes.h"

namespace ps {

struct WavePciMiniportOptions {
    // ------------------------------------------------------------ policy
    // A descriptor requests an interrupt (IOC) when it ends a packet or when at
    // least this much audio has been queued since the last IOC (AC97: ~10 ms).
    ULONG interruptIntervalMs = 10;
    // Descriptor list entries the stream fills at most, 1..31 (the list has 32
    // slots; one stays free so that a full ring and an empty one differ).
    ULONG maxEntries = 31;
    // IPreFetchOffset::SetPreFetchOffset value, in frames (AC97: 32).
    ULONG preFetchOffsetFrames = 32;
    // Reports every COM object the miniport creates (may be null).
    ComObjectRegistry* registry = nullptr;
    // The adapter's PDO, for PcAddStreamResource (the adapter sets it at
    // StartDevice); null: nothing is registered.
    PDEVICE_OBJECT physicalDeviceObject = nullptr;

    // ------------------------------------------------------------ bug switches
    // Never calls IPortWavePciStream::ReleaseMapping (the entries still leave
    // the descriptor list, so playback goes on while the port's packets hang).
    bool forgetReleaseMapping = false;
    // When two mappings are releasable at once, releases the newer one first.
    bool releaseOutOfOrder = false;
    // Once: also calls ReleaseMapping with a tag it never got from GetMapping.
    bool releaseUnknownTag = false;
    // Once: calls ReleaseMapping a second time for a tag it just released.
    bool doubleRelease = false;
    // Keeps its MapLock spin lock held while calling GetMapping and
    // ReleaseMapping (Driver Verifier bug check 0xC4, DDI.md §3).
    bool holdSpinLockAcrossGetMapping = false;
    // SetFormat succeeds while the stream runs (the careful driver refuses).
    bool acceptSetFormatWhileRunning = false;
    // Once: GetPosition reports one frame less than the position it reported
    // before.
    bool positionGoesBackwards = false;
    // GetPosition reports the AC97 sample's DMA position (released bytes +
    // fetched part of the current buffer, from CIV/PICB; DDI.md §2) instead of
    // the frames the converter has played or recorded.
    bool positionFromPicb = false;
    // RevokeMappings with 0 or 1 queued entries reports that count without
    // checking the tags (the AC97 sample's flaw, DDI.md §6.5 and §19 row 8).
    bool revokeWithoutCheckingTags = false;
    // The ISR calls IPortWavePciStream::GetMapping at DIRQL (the DDI allows
    // at most DISPATCH_LEVEL) and queues what it gets.
    bool getMappingFromIsr = false;
    // Never registers its interrupt as a stream resource (PcAddStreamResource),
    // so system interference reaches its DPCs while low-latency streams run.
    bool skipStreamResourceRegistration = false;
};

}  // namespace ps
