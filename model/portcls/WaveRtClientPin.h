// What an audio-engine client sees of a WaveRT pin: the KSPROPSETID_RtAudio,
// connection and audio property requests it sends, as calls. The WaveRT
// port's pin implements it; client tests may implement it with a fake.
//
// The cyclic buffer is mapped for the client: BufferAddress in KSRTAUDIO_BUFFER
// is a simulated VA the client reads and writes through
// Kernel::systemSpace(). A mapped register's Register field is a VA the client
// reads through Kernel::readMappedRegisterULONG (the HD Audio model's MMIO
// mapping), as a user-mode engine dereferences the pointer.
//
// Simulation thread, PASSIVE_LEVEL. Every request is a Property trace record.
#pragma once

#include "model/kernel/KernelObjects.h"
#include "model/kernel/NtStatus.h"
#include "model/ks/AudioFormat.h"
#include "model/ks/KsAudioPosition.h"
#include "model/ks/KsRtAudio.h"
#include "model/ks/KsState.h"
#include "model/portcls/PinStateCompletion.h"

namespace ps {

class WaveRtClientPin {
  public:
    virtual ~WaveRtClientPin() = default;

    // KSPROPERTY_CONNECTION_STATE SET: stepped through every intermediate state.
    // STATUS_PENDING when leaving STOP must wait for the adapter's D0: the
    // pin is still in the state it reached, and the request completes through
    // the routine given to setStateCompletionRoutine (PinStateCompletion.h).
    virtual NTSTATUS setState(KSSTATE state) = 0;
    // Where pending state requests complete (one routine per pin; a pin that
    // never pends may ignore it).
    virtual void setStateCompletionRoutine(StateCompletionRoutine routine) { (void)routine; }
    virtual KSSTATE state() const = 0;
    // KSPROPERTY_AUDIO_POSITION GET: the miniport's GetPosition (cyclic-buffer offsets).
    virtual NTSTATUS getPosition(KSAUDIO_POSITION* position) = 0;
    // KSPROPERTY_CONNECTION_DATAFORMAT SET.
    virtual NTSTATUS setDataFormat(const AudioFormat& format) = 0;
    virtual const AudioFormat& dataFormat() const = 0;

    // KSPROPERTY_RTAUDIO_BUFFER: AllocateAudioBuffer (polling mode).
    virtual NTSTATUS getBuffer(ULONG requestedBytes, KSRTAUDIO_BUFFER* buffer) = 0;
    // KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION: AllocateBufferWithNotification
    // (event mode); STATUS_NOT_SUPPORTED when the miniport has no
    // IMiniportWaveRTStreamNotification.
    virtual NTSTATUS getBufferWithNotification(ULONG requestedBytes, ULONG notificationCount,
                                               KSRTAUDIO_BUFFER* buffer) = 0;
    // Gives the cyclic buffer back (the client's mapping goes away and the
    // port calls FreeAudioBuffer or FreeBufferWithNotification), so that the
    // client can ask for a new one, e.g. after a format change: the buffer is
    // sized and aligned for the format it was allocated for. Only in
    // KSSTATE_STOP: STATUS_INVALID_DEVICE_STATE otherwise. STATUS_SUCCESS
    // when there is no buffer.
    virtual NTSTATUS releaseBuffer() = 0;
    // KSPROPERTY_RTAUDIO_POSITIONREGISTER / CLOCKREGISTER: maps the register
    // for the client. Any miniport failure leaves the client on getPosition.
    virtual NTSTATUS getPositionRegister(KSRTAUDIO_HWREGISTER* reg) = 0;
    virtual NTSTATUS getClockRegister(KSRTAUDIO_HWREGISTER* reg) = 0;
    // KSPROPERTY_RTAUDIO_HWLATENCY (valid after the buffer is allocated).
    virtual NTSTATUS getHwLatency(KSRTAUDIO_HWLATENCY* latency) = 0;
    // KSPROPERTY_RTAUDIO_REGISTER / UNREGISTER_NOTIFICATION_EVENT.
    virtual NTSTATUS registerNotificationEvent(PKEVENT event) = 0;
    virtual NTSTATUS unregisterNotificationEvent(PKEVENT event) = 0;

    // Closes the pin: RUN->PAUSE->ACQUIRE->STOP, unregisters events, frees
    // the buffer. Idempotent.
    virtual void close() = 0;
};

}  // namespace ps
