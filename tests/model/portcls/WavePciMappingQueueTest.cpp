#include "model/portcls/WavePciMappingQueue.h"

#include "model/sim/Random.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

class MappingQueueTest : public ::testing::Test {
  protected:
    PhysicalMemory memory{PhysicalMemoryConfig{}};
    SystemAddressSpace space{memory};
    WavePciMappingQueue queue{space};

    // A buffer of `pages` non-contiguous pages mapped at a fresh VA.
    std::uint64_t buffer(std::size_t pages) {
        auto pfns = memory.allocatePages(pages);
        EXPECT_TRUE(pfns.has_value());
        auto va = space.map(*pfns);
        EXPECT_TRUE(va.has_value());
        return *va;
    }
    std::uint64_t contiguousBuffer(std::size_t pages) {
        auto first = memory.allocateContiguous(pages);
        EXPECT_TRUE(first.has_value());
        std::vector<PFN_NUMBER> pfns;
        for (std::size_t i = 0; i < pages; ++i) {
            pfns.push_back(*first + i);
        }
        return *space.map(pfns);
    }
};

TEST_F(MappingQueueTest, SplitsAtPageBoundariesOfNonContiguousPagesAndFlagsTheLastMapping) {
    const std::uint64_t va = buffer(3);
    // 6000 bytes starting 1000 bytes into the first page: 3096 + 2904.
    ASSERT_EQ(queue.addPacket(1, va + 1000, 6000, 0), STATUS_SUCCESS);
    WavePciMapping a, b, c;
    ASSERT_EQ(queue.getMapping(0x10, 0, &a), WavePciMappingQueue::GetResult::Ok);
    ASSERT_EQ(queue.getMapping(0x11, 0, &b), WavePciMappingQueue::GetResult::Ok);
    EXPECT_EQ(queue.getMapping(0x12, 0, &c), WavePciMappingQueue::GetResult::NoData);
    EXPECT_EQ(a.byteCount, 3096u);
    EXPECT_EQ(a.flags, 0u);
    EXPECT_EQ(a.virtualAddress, va + 1000);
    EXPECT_EQ(a.physicalAddress, *space.translate(va + 1000));
    EXPECT_EQ(b.byteCount, 2904u);
    EXPECT_EQ(b.flags, 1u);
    EXPECT_EQ(b.physicalAddress, *space.translate(va + 4096));
    EXPECT_EQ(b.streamOffset, 3096u);
    EXPECT_EQ(queue.heldCount(), 2u);
}

TEST_F(MappingQueueTest, PacketsAreLockedIntoAnMdlOverTheirPages) {
    const std::uint64_t va = buffer(3);
    ASSERT_EQ(queue.addPacket(1, va + 4000, 5000, 0), STATUS_SUCCESS);
    const MDL& mdl = queue.packets().back().mdl;
    EXPECT_EQ(mdl.ByteOffset, 4000u);
    EXPECT_EQ(mdl.ByteCount, 5000u);
    ASSERT_EQ(mdl.pages.size(), 3u) << "4000 + 5000 bytes span three pages";
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(mdl.pages[i] << PAGE_SHIFT, *space.translate(va + i * 4096));
    }
    // The pages stay locked: the mappings come from the MDL even after the
    // client's view is gone.
    ASSERT_TRUE(space.unmap(va));
    WavePciMapping m;
    ASSERT_EQ(queue.getMapping(1, 0, &m), WavePciMappingQueue::GetResult::Ok);
    EXPECT_EQ(m.byteCount, 96u);
    EXPECT_EQ(m.physicalAddress, (mdl.pages[0] << PAGE_SHIFT) + 4000);
}

TEST_F(MappingQueueTest, MergesPhysicallyContiguousPagesUpToSixteen) {
    const std::uint64_t va = contiguousBuffer(20);
    ASSERT_EQ(queue.addPacket(1, va + 100, 20 * 4096 - 100, 0), STATUS_SUCCESS);
    WavePciMapping a, b;
    ASSERT_EQ(queue.getMapping(1, 0, &a), WavePciMappingQueue::GetResult::Ok);
    EXPECT_EQ(a.byteCount, 3996u + 15u * 4096u);
    ASSERT_EQ(queue.getMapping(2, 0, &b), WavePciMappingQueue::GetResult::Ok);
    EXPECT_EQ(b.byteCount, 4u * 4096u);
    EXPECT_EQ(b.flags, 1u);
    EXPECT_EQ(b.physicalAddress, a.physicalAddress + a.byteCount);
}

TEST_F(MappingQueueTest, PacketCompletesWhenAllMappingsReleasedAndReportsOrder) {
    const std::uint64_t va = buffer(2);
    queue.addPacket(7, va, 8192, 0);
    WavePciMapping a, b;
    queue.getMapping(1, 0, &a);
    queue.getMapping(2, 0, &b);
    auto r = queue.releaseMapping(2, 10);
    EXPECT_EQ(r.result, WavePciMappingQueue::ReleaseResult::Ok);
    EXPECT_TRUE(r.outOfOrder);
    EXPECT_TRUE(queue.takeFinished().empty());
    r = queue.releaseMapping(1, 20);
    EXPECT_FALSE(r.outOfOrder);
    const auto done = queue.takeFinished();
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].packetId, 7u);
    EXPECT_EQ(done[0].status, STATUS_SUCCESS);
    EXPECT_EQ(done[0].bytes, 8192u);
    EXPECT_EQ(queue.releaseMapping(1, 30).result, WavePciMappingQueue::ReleaseResult::AlreadyEnded);
    EXPECT_EQ(queue.releaseMapping(99, 30).result, WavePciMappingQueue::ReleaseResult::UnknownTag);
}

TEST_F(MappingQueueTest, TakeFinishedIntoAVectorReplacesItsContentsInFinishingOrder) {
    queue.addPacket(1, buffer(1), 4096, 0);
    queue.addPacket(2, buffer(1), 4096, 0);
    queue.addPacket(3, buffer(1), 4096, 0);
    WavePciMapping m;
    queue.getMapping(1, 0, &m);
    queue.getMapping(2, 0, &m);
    queue.getMapping(3, 0, &m);
    std::vector<FinishedPacket> done{FinishedPacket{99, STATUS_CANCELLED, 1}};
    queue.takeFinished(done);
    EXPECT_TRUE(done.empty()) << "nothing finished yet; the old contents are gone";
    queue.releaseMapping(2, 1);
    queue.releaseMapping(1, 2);
    queue.takeFinished(done);
    ASSERT_EQ(done.size(), 2u);
    EXPECT_EQ(done[0].packetId, 2u);
    EXPECT_EQ(done[1].packetId, 1u);
    queue.releaseMapping(3, 3);
    queue.takeFinished(done);
    ASSERT_EQ(done.size(), 1u) << "packets taken before are not handed out again";
    EXPECT_EQ(done[0].packetId, 3u);
    EXPECT_EQ(done[0].bytes, 4096u);
    queue.takeFinished(done);
    EXPECT_TRUE(done.empty());
}

TEST_F(MappingQueueTest, PacketsAddedAfterHistoryIsDroppedLockTheirOwnPages) {
    // Packets of one, three and two pages in turn, each played and finished,
    // well past the history kept: every new packet's MDL lists its own frames
    // and maps them, whatever packet's storage it reuses.
    const std::size_t count = WavePciMappingQueue::kHistoryPackets + 10;
    std::uint64_t tag = 1;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t pages = 1 + i % 3;
        const std::uint64_t va = buffer(pages);
        const auto bytes = static_cast<std::uint32_t>(pages * PAGE_SIZE - 100);
        ASSERT_EQ(queue.addPacket(i + 1, va + 50, bytes, 0), STATUS_SUCCESS);
        const MDL& mdl = queue.packets().back().mdl;
        ASSERT_EQ(mdl.pages.size(), pages);
        for (std::size_t p = 0; p < pages; ++p) {
            EXPECT_EQ(mdl.pages[p] << PAGE_SHIFT, *space.translate(va + p * PAGE_SIZE));
        }
        WavePciMapping m;
        std::uint64_t mapped = 0;
        while (queue.getMapping(tag, 0, &m) == WavePciMappingQueue::GetResult::Ok) {
            EXPECT_EQ(m.physicalAddress, *space.translate(m.virtualAddress));
            mapped += m.byteCount;
            EXPECT_EQ(queue.releaseMapping(tag, 0).result, WavePciMappingQueue::ReleaseResult::Ok);
            ++tag;
        }
        EXPECT_EQ(mapped, bytes);
        const auto done = queue.takeFinished();
        ASSERT_EQ(done.size(), 1u);
        EXPECT_EQ(done[0].packetId, i + 1);
    }
    EXPECT_LE(queue.packets().size(), WavePciMappingQueue::kHistoryPackets + 1);
}

TEST_F(MappingQueueTest, HeldTagCannotBeReused) {
    queue.addPacket(1, buffer(2), 8192, 0);
    WavePciMapping m;
    queue.getMapping(5, 0, &m);
    EXPECT_EQ(queue.getMapping(5, 0, &m), WavePciMappingQueue::GetResult::TagInUse);
}

TEST_F(MappingQueueTest, CancelStopsMappingAndFinishesOnceRevoked) {
    queue.addPacket(1, buffer(3), 3 * 4096, 0);
    queue.addPacket(2, buffer(1), 4096, 0);
    WavePciMapping a;
    queue.getMapping(1, 0, &a);
    EXPECT_TRUE(queue.cancelPacket(1));
    EXPECT_TRUE(queue.takeFinished().empty()) << "mapping 1 is still held";
    WavePciMapping next;
    ASSERT_EQ(queue.getMapping(2, 0, &next), WavePciMappingQueue::GetResult::Ok);
    EXPECT_EQ(next.packetId, 2u) << "the cancelled packet is skipped";
    const auto held = queue.heldMappings(1);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_EQ(queue.markRevoked(held.front()->sequence, held.back()->sequence, 5), 1u);
    const auto done = queue.takeFinished();
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].status, STATUS_CANCELLED);
    EXPECT_FALSE(queue.cancelPacket(1));
    EXPECT_EQ(queue.releaseMapping(1, 6).result, WavePciMappingQueue::ReleaseResult::AlreadyEnded);
}

TEST_F(MappingQueueTest, TerminateCompletesAPartlyMappedPacketWithItsReleasedBytes) {
    queue.addPacket(1, buffer(3), 3 * 4096, 0);
    WavePciMapping a;
    queue.getMapping(1, 0, &a);
    queue.releaseMapping(1, 1);
    EXPECT_TRUE(queue.terminateCurrentPacket());
    const auto done = queue.takeFinished();
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].status, STATUS_SUCCESS);
    EXPECT_EQ(done[0].bytes, 4096u);
    EXPECT_FALSE(queue.terminateCurrentPacket());
}

TEST_F(MappingQueueTest, UnmappedOrEmptyPacketsAreRefused) {
    EXPECT_EQ(queue.addPacket(1, 0xFFFF900000000000ull, 100, 0), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(queue.addPacket(2, buffer(1), 0, 0), STATUS_INVALID_PARAMETER);
    const std::uint64_t va = buffer(1);
    EXPECT_EQ(queue.addPacket(3, va, 4097, 0), STATUS_INVALID_PARAMETER) << "runs past the mapping";
}

// Random gets, releases (in and out of order, of unknown, ended and reused
// tags) and revocations, each checked against what a scan of the mapping
// history says: a tag is in use when a held mapping has it; a release finds
// the tag's newest mapping and is out of order when an older one is held.
// Long enough that the history is trimmed many times.
TEST_F(MappingQueueTest, TagLookupsMatchAScanOfTheHistory) {
    Random rng(7);
    std::vector<std::uint64_t> buffers;
    for (int i = 0; i < 8; ++i) {
        buffers.push_back(buffer(2));
    }
    std::uint64_t nextPacket = 1;
    auto newest = [&](std::uint64_t tag) -> const WavePciMapping* {
        const WavePciMapping* found = nullptr;
        for (const WavePciMapping& m : queue.mappings()) {
            if (m.tag == tag) {
                found = &m;
            }
        }
        return found;
    };
    std::size_t outOfOrder = 0;
    std::size_t tagInUse = 0;
    std::size_t ended = 0;
    for (int step = 0; step < 4000; ++step) {
        while (!queue.hasUnmappedData()) {
            ASSERT_EQ(queue.addPacket(nextPacket, buffers[nextPacket % buffers.size()], 5120, step),
                      STATUS_SUCCESS);
            ++nextPacket;
        }
        const std::uint64_t tag = rng.uniformBelow(12);
        const std::uint64_t action = rng.uniformBelow(10);
        const WavePciMapping* before = newest(tag);
        if (action < 5) {
            const bool held = before != nullptr && before->state == MappingState::Held;
            const std::uint64_t sequence =
                queue.mappings().empty() ? 0 : queue.mappings().back().sequence + 1;
            WavePciMapping m;
            const auto result = queue.getMapping(tag, step, &m);
            if (held) {
                ASSERT_EQ(result, WavePciMappingQueue::GetResult::TagInUse) << "step " << step;
                ++tagInUse;
            } else {
                ASSERT_EQ(result, WavePciMappingQueue::GetResult::Ok) << "step " << step;
                EXPECT_EQ(m.tag, tag);
                EXPECT_EQ(m.sequence, sequence);
            }
        } else if (action < 9) {
            auto expected = WavePciMappingQueue::ReleaseResult::UnknownTag;
            bool expectedOutOfOrder = false;
            std::uint64_t sequence = 0;
            if (before != nullptr) {
                sequence = before->sequence;
                if (before->state == MappingState::Held) {
                    expected = WavePciMappingQueue::ReleaseResult::Ok;
                    for (const WavePciMapping* h : queue.heldMappings()) {
                        expectedOutOfOrder = expectedOutOfOrder || h->sequence < sequence;
                    }
                } else {
                    expected = WavePciMappingQueue::ReleaseResult::AlreadyEnded;
                }
            }
            const auto r = queue.releaseMapping(tag, step);
            ASSERT_EQ(r.result, expected) << "step " << step;
            if (expected != WavePciMappingQueue::ReleaseResult::UnknownTag) {
                EXPECT_EQ(r.mapping.sequence, sequence);
            }
            if (expected == WavePciMappingQueue::ReleaseResult::Ok) {
                EXPECT_EQ(r.outOfOrder, expectedOutOfOrder) << "step " << step;
                EXPECT_EQ(r.mapping.state, MappingState::Released);
                outOfOrder += r.outOfOrder ? 1 : 0;
            } else if (expected == WavePciMappingQueue::ReleaseResult::AlreadyEnded) {
                ++ended;
            }
        } else {
            const auto held = queue.heldMappings();
            if (!held.empty()) {
                const std::size_t first = rng.uniformBelow(held.size());
                const std::size_t last = first + rng.uniformBelow(held.size() - first);
                EXPECT_EQ(queue.markRevoked(held[first]->sequence, held[last]->sequence, step),
                          last - first + 1);
            }
        }
        EXPECT_EQ(queue.heldCount(), queue.heldMappings().size()) << "step " << step;
        queue.takeFinished();
    }
    EXPECT_GT(outOfOrder, 0u);
    EXPECT_GT(tagInUse, 0u);
    EXPECT_GT(ended, 0u);
    EXPECT_GT(queue.mappings().front().sequence, 0u) << "the history was trimmed";
}

}  // namespace
}  // namespace ps
