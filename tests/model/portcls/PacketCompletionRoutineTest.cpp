#include "model/portcls/PacketCompletionRoutine.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace ps {
namespace {

class RecordingSink : public PacketCompletionSink {
  public:
    void onPacketCompletion(std::uint64_t context, const PacketCompletion& completion) override {
        heard.emplace_back(context, completion);
    }
    std::vector<std::pair<std::uint64_t, PacketCompletion>> heard;
};

PacketCompletion completion(std::uint64_t id, NTSTATUS status, ULONG bytes) {
    PacketCompletion c;
    c.packetId = id;
    c.status = status;
    c.bytes = bytes;
    c.completedAtNs = 1000 * static_cast<TimeNs>(id);
    return c;
}

TEST(PacketCompletionRoutine, ASharedSinkHearsEachPacketWithItsContext) {
    const auto sink = std::make_shared<RecordingSink>();
    PacketCompletionRoutine first(sink, 7);
    PacketCompletionRoutine second(sink, 8);
    EXPECT_TRUE(first);
    EXPECT_EQ(sink.use_count(), 3);  // the routines share the sink; nothing is copied
    // Moving a routine (as the pin does into its completion event) keeps its context.
    PacketCompletionRoutine moved = std::move(second);
    moved(completion(2, STATUS_CANCELLED, 0));
    first(completion(1, STATUS_SUCCESS, 1920));
    ASSERT_EQ(sink->heard.size(), 2u);
    EXPECT_EQ(sink->heard[0].first, 8u);
    EXPECT_EQ(sink->heard[0].second.packetId, 2u);
    EXPECT_EQ(sink->heard[0].second.status, STATUS_CANCELLED);
    EXPECT_EQ(sink->heard[1].first, 7u);
    EXPECT_EQ(sink->heard[1].second.bytes, 1920u);
    EXPECT_EQ(sink->heard[1].second.completedAtNs, 1000);
    // Small enough for a scheduler event to carry it with a PacketCompletion inline.
    EXPECT_LE(sizeof(PacketCompletionRoutine) + sizeof(PacketCompletion), 48u);
}

TEST(PacketCompletionRoutine, WrapsAnyCallable) {
    std::vector<std::uint64_t> ids;
    PacketCompletionRoutine fromLambda = [&ids](const PacketCompletion& c) {
        ids.push_back(c.packetId);
    };
    std::function<void(const PacketCompletion&)> function = [&ids](const PacketCompletion& c) {
        ids.push_back(c.packetId + 100);
    };
    PacketCompletionRoutine fromFunction = function;
    const PacketCompletionRoutine copy = fromLambda;
    fromLambda(completion(1, STATUS_SUCCESS, 4));
    fromFunction(completion(2, STATUS_SUCCESS, 4));
    copy(completion(3, STATUS_SUCCESS, 4));
    EXPECT_EQ(ids, (std::vector<std::uint64_t>{1, 102, 3}));
}

TEST(PacketCompletionRoutine, AnEmptyRoutineIsFalseAndCallingItDoesNothing) {
    const PacketCompletionRoutine none;
    const PacketCompletionRoutine null = nullptr;
    const PacketCompletionRoutine noSink(nullptr, 5);
    EXPECT_FALSE(none);
    EXPECT_FALSE(null);
    EXPECT_FALSE(noSink);
    none(completion(1, STATUS_SUCCESS, 0));
    null(completion(1, STATUS_SUCCESS, 0));
    noSink(completion(1, STATUS_SUCCESS, 0));
}

}  // namespace
}  // namespace ps
