// What a client (the OS audio engine, KMixer) sees of a WavePci pin: the KS
// property requests and stream IOCTLs it sends, as calls. The WavePci port's
// pin implements it; client tests may implement it with a fake.
//
// Every call is made on the simulation thread at PASSIVE_LEVEL and is traced
// by the port as a Property or Client record.
#pragma once

#include "model/kernel/NtStatus.h"
#include "model/ks/AudioFormat.h"
#include "model/ks/KsAllocatorFraming.h"
#include "model/ks/KsAudioPosition.h"
#include "model/ks/KsState.h"
#include "model/ks/KsStreamHeader.h"
#include "model/portcls/PacketCompletionRoutine.h"
#include "model/portcls/PinStateCompletion.h"
#include "model/sim/SimTime.h"

#include <cstdint>
#include <functional>

namespace ps {

class WavePciClientPin {
  public:
    virtual ~WavePciClientPin() = default;

    // KSPROPERTY_CONNECTION_STATE SET. The port steps through every
    // intermediate state (STOP->ACQUIRE->PAUSE->RUN and back), calling the
    // miniport's SetState once per step; on a failed step it stays in the last
    // state reached and returns the miniport's status. STATUS_PENDING when
    // leaving STOP must wait for the adapter's D0: the request completes
    // through the routine given to setStateCompletionRoutine
    // (PinStateCompletion.h); packets may be submitted meanwhile.
    virtual NTSTATUS setState(KSSTATE state) = 0;
    // Where pending state requests complete (one routine per pin; a pin that
    // never pends may ignore it).
    virtual void setStateCompletionRoutine(StateCompletionRoutine routine) { (void)routine; }
    virtual KSSTATE state() const = 0;
    // KSPROPERTY_AUDIO_POSITION GET: PlayOffset from the miniport's
    // GetPosition, WriteOffset the port's own (stream-relative bytes).
    virtual NTSTATUS getPosition(KSAUDIO_POSITION* position) = 0;
    // KSPROPERTY_CONNECTION_DATAFORMAT SET (only in STOP; the miniport may refuse).
    virtual NTSTATUS setDataFormat(const AudioFormat& format) = 0;
    virtual const AudioFormat& dataFormat() const = 0;
    // KSPROPERTY_CONNECTION_ALLOCATORFRAMING GET: what the miniport's
    // GetAllocatorFraming returned when the pin was created.
    virtual NTSTATUS getAllocatorFraming(KSALLOCATOR_FRAMING* framing) = 0;

    // IOCTL_KS_WRITE_STREAM (render) / IOCTL_KS_READ_STREAM (capture) with one
    // header whose Data is a simulated kernel VA of locked client memory.
    // Returns STATUS_PENDING and completes later through onComplete, exactly
    // once; *packetId identifies the packet for cancelPacket.
    virtual NTSTATUS submitPacket(const KSSTREAM_HEADER& header, PacketCompletionRoutine onComplete,
                                  std::uint64_t* packetId) = 0;
    // IoCancelIrp: the packet completes with STATUS_CANCELLED (after the port
    // has revoked any mappings the miniport still holds for it). False if the
    // packet is unknown or already complete.
    virtual bool cancelPacket(std::uint64_t packetId) = 0;
    virtual std::size_t pendingPacketCount() const = 0;
};

}  // namespace ps
