#include "FakeWavePciMiniport.h"

#include "model/portcls/PortPinWavePci.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

AudioFormat stereo16(DWORD rate = 48000) {
    AudioFormat f;
    f.rateHz = rate;
    f.channels = 2;
    f.containerBits = 16;
    f.validBits = 16;
    return f;
}

class PortWavePciTest : public ::testing::Test {
  protected:
    void start(bool streamGroup) {
        ASSERT_EQ(PcNewPortWavePci(kernel, &port), STATUS_SUCCESS);
        miniport = ComPtr<FakeWavePciMiniport>(new FakeWavePciMiniport(kernel, log, streamGroup));
        device.kernel = &kernel;
        ASSERT_EQ(port->Init(&device, nullptr, miniport.get(), nullptr, nullptr), STATUS_SUCCESS);
        ASSERT_EQ(port->newPin(0, stereo16(), 3, &pin), STATUS_SUCCESS);
    }
    void TearDown() override {
        if (pin) {
            pin->close();
        }
        pin.reset();
        if (port) {
            port->ReleaseChildren();
        }
    }
    std::uint64_t packet(std::uint32_t bytes, std::uint64_t* id = nullptr,
                         std::vector<PacketCompletion>* done = nullptr) {
        auto pages = kernel.memory().allocatePages((bytes + 100 + 4095) / 4096);
        const std::uint64_t va = *kernel.systemSpace().map(*pages) + 100;
        KSSTREAM_HEADER h{};
        h.Size = sizeof h;
        h.Data = va;
        h.DataUsed = bytes;
        h.FrameExtent = bytes;
        std::uint64_t packetId = 0;
        EXPECT_EQ(pin->submitPacket(
                      h,
                      [done](const PacketCompletion& c) {
                          if (done)
                              done->push_back(c);
                      },
                      &packetId),
                  STATUS_PENDING);
        if (id != nullptr) {
            *id = packetId;
        }
        return packetId;
    }

    Scheduler scheduler;
    Tracer tracer{scheduler, 1 << 14};
    Kernel kernel{scheduler, tracer};
    DEVICE_OBJECT device;
    FakeMiniportLog log;
    ComPtr<CPortWavePci> port;
    ComPtr<FakeWavePciMiniport> miniport;
    ComPtr<CPortPinWavePci> pin;
};

TEST_F(PortWavePciTest, StatesAreSteppedOneAtATimeBothWays) {
    start(true);
    ASSERT_EQ(pin->setState(KSSTATE_RUN), STATUS_SUCCESS);
    ASSERT_EQ(pin->setState(KSSTATE_STOP), STATUS_SUCCESS);
    EXPECT_EQ(log.states, (std::vector<KSSTATE>{KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN,
                                                KSSTATE_PAUSE, KSSTATE_ACQUIRE, KSSTATE_STOP}));
}

TEST_F(PortWavePciTest, FailedStepLeavesTheLastStateReached) {
    start(true);
    miniport->stream->failState = KSSTATE_RUN;
    EXPECT_EQ(pin->setState(KSSTATE_RUN), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(pin->state(), KSSTATE_PAUSE);
}

TEST_F(PortWavePciTest, StreamGroupReachesServiceOnlyWhileRunning) {
    start(true);
    ASSERT_NE(miniport->group, nullptr);
    miniport->port->Notify(miniport->group);
    scheduler.runUntil(msToNs(1));
    EXPECT_EQ(log.services, 0) << "STOP: no Service";
    pin->setState(KSSTATE_PAUSE);
    miniport->port->Notify(miniport->group);
    scheduler.runUntil(msToNs(2));
    EXPECT_EQ(log.services, 0) << "PAUSE: no Service";
    pin->setState(KSSTATE_RUN);
    miniport->port->Notify(miniport->group);
    scheduler.runUntil(msToNs(3));
    EXPECT_EQ(log.services, 1);
    EXPECT_FALSE(pin->ownTimerTicks());
}

TEST_F(PortWavePciTest, WithoutAStreamGroupThePortRunsItsOwn20msTimerInRun) {
    start(false);
    EXPECT_FALSE(pin->hasServiceGroup());
    pin->setState(KSSTATE_RUN);
    scheduler.runUntil(msToNs(205));
    EXPECT_EQ(pin->ownTimerTicks(), 10u);
    pin->setState(KSSTATE_PAUSE);
    scheduler.runUntil(msToNs(400));
    EXPECT_EQ(pin->ownTimerTicks(), 10u) << "the timer stops outside RUN";
}

TEST_F(PortWavePciTest, RefusedGetMappingIsFollowedByMappingAvailableWhenDataArrives) {
    start(true);
    EXPECT_EQ(miniport->stream->take(1), STATUS_NOT_FOUND);
    EXPECT_EQ(log.mappingAvailable, 0);
    packet(1000);
    EXPECT_EQ(log.mappingAvailable, 1);
    packet(1000);
    EXPECT_EQ(log.mappingAvailable, 1) << "only after a refused GetMapping";
    ULONG bytes = 0, flags = 7;
    EXPECT_EQ(miniport->stream->take(1, &bytes, &flags), STATUS_SUCCESS);
    EXPECT_EQ(bytes, 1000u);
    EXPECT_EQ(flags, 1u);
    EXPECT_EQ(miniport->stream->take(1), STATUS_INVALID_PARAMETER) << "tag 1 is still held";
}

TEST_F(PortWavePciTest, PacketCompletesToTheClientAfterItsLastRelease) {
    start(true);
    std::vector<PacketCompletion> done;
    std::uint64_t id = 0;
    packet(6000, &id, &done);
    ULONG flags = 0;
    ASSERT_EQ(miniport->stream->take(10, nullptr, &flags), STATUS_SUCCESS);
    EXPECT_EQ(flags, 0u);
    ASSERT_EQ(miniport->stream->take(11, nullptr, &flags), STATUS_SUCCESS);
    EXPECT_EQ(flags, 1u);
    EXPECT_EQ(miniport->stream->release(10), STATUS_SUCCESS);
    scheduler.runUntil(1);
    EXPECT_TRUE(done.empty());
    EXPECT_EQ(miniport->stream->release(11), STATUS_SUCCESS);
    scheduler.runUntil(2);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].packetId, id);
    EXPECT_EQ(done[0].status, STATUS_SUCCESS);
    EXPECT_EQ(done[0].bytes, 6000u);
    EXPECT_EQ(miniport->stream->release(11), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(miniport->stream->release(99), STATUS_INVALID_PARAMETER);
}

TEST_F(PortWavePciTest, CancelRevokesHeldMappingsThenCompletesCancelled) {
    start(true);
    std::vector<PacketCompletion> done;
    std::uint64_t id = 0;
    packet(6000, &id, &done);
    miniport->stream->take(1);
    EXPECT_TRUE(pin->cancelPacket(id));
    EXPECT_EQ(log.revokes, 1);
    scheduler.runUntil(1);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].status, STATUS_CANCELLED);
    EXPECT_FALSE(pin->cancelPacket(id)) << "already complete";
    EXPECT_EQ(pin->mappingQueue().heldCount(), 0u);
}

TEST_F(PortWavePciTest, StopRevokesAndCancelsAndResetsPositions) {
    start(true);
    std::vector<PacketCompletion> done;
    packet(3000, nullptr, &done);
    packet(3000, nullptr, &done);
    pin->setState(KSSTATE_RUN);
    miniport->stream->take(1);
    KSAUDIO_POSITION position{};
    ASSERT_EQ(pin->getPosition(&position), STATUS_SUCCESS);
    EXPECT_EQ(position.WriteOffset, 3000u) << "end of the last mapping handed out";
    pin->setState(KSSTATE_STOP);
    EXPECT_EQ(log.revokes, 1);
    scheduler.runUntil(1);
    ASSERT_EQ(done.size(), 2u);
    EXPECT_EQ(done[0].status, STATUS_CANCELLED);
    EXPECT_EQ(done[1].status, STATUS_CANCELLED);
    ASSERT_EQ(pin->getPosition(&position), STATUS_SUCCESS);
    EXPECT_EQ(position.WriteOffset, 0u);
}

TEST_F(PortWavePciTest, PreFetchOffsetIsAnsweredAndMovesTheWriteOffset) {
    start(true);
    IPreFetchOffset* prefetch = nullptr;
    ASSERT_EQ(pin->QueryInterface(IID_IPreFetchOffset, reinterpret_cast<void**>(&prefetch)),
              STATUS_SUCCESS);
    prefetch->SetPreFetchOffset(128);
    prefetch->Release();
    miniport->stream->position = 1000;
    KSAUDIO_POSITION position{};
    ASSERT_EQ(pin->getPosition(&position), STATUS_SUCCESS);
    EXPECT_EQ(position.PlayOffset, 1000u);
    EXPECT_EQ(position.WriteOffset, 1128u);
    void* none = reinterpret_cast<void*>(1);
    EXPECT_EQ(pin->QueryInterface(IID_IMiniportWaveRT, &none), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(none, nullptr);
}

TEST_F(PortWavePciTest, PinCreationRefusesBadPinsFormatsAndSecondInstances) {
    start(true);
    ComPtr<CPortPinWavePci> other;
    EXPECT_EQ(port->newPin(0, stereo16(), 4, &other), STATUS_INVALID_PARAMETER)
        << "instance limit 1";
    EXPECT_EQ(port->newPin(1, stereo16(), 4, &other), STATUS_INVALID_PARAMETER) << "bridge pin";
    EXPECT_EQ(port->newPin(7, stereo16(), 4, &other), STATUS_INVALID_PARAMETER) << "no such pin";
    pin->close();
    pin.reset();
    EXPECT_EQ(port->newPin(0, stereo16(96000), 4, &other), STATUS_NO_MATCH)
        << "outside the data range";
    AudioFormat broken = stereo16();
    broken.channels = 0;
    EXPECT_EQ(port->newPin(0, broken, 4, &other), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(port->newPin(0, stereo16(), 4, &other), STATUS_SUCCESS)
        << "the instance is free again";
    other->close();
}

TEST_F(PortWavePciTest, ClosedPinRefusesRequests) {
    start(true);
    pin->close();
    KSSTREAM_HEADER h{};
    h.DataUsed = 4;
    EXPECT_EQ(pin->setState(KSSTATE_RUN), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(pin->submitPacket(h, nullptr, nullptr), STATUS_INVALID_DEVICE_STATE);
    KSAUDIO_POSITION position{};
    EXPECT_EQ(pin->getPosition(&position), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(pin->getPosition(nullptr), STATUS_INVALID_PARAMETER);
}

TEST_F(PortWavePciTest, InitRefusesSomethingThatIsNotAWavePciMiniport) {
    ComPtr<CPortWavePci> other;
    ASSERT_EQ(PcNewPortWavePci(kernel, &other), STATUS_SUCCESS);
    device.kernel = &kernel;
    EXPECT_EQ(
        other->Init(&device, nullptr, static_cast<IPortWavePci*>(other.get()), nullptr, nullptr),
        STATUS_INVALID_PARAMETER);
    EXPECT_EQ(other->Init(nullptr, nullptr, nullptr, nullptr, nullptr), STATUS_INVALID_PARAMETER);
}

}  // namespace
}  // namespace ps
