// EventCallback: callables up to kInlineBytes live inline, larger ones on the
// heap; either way they run, move and are destroyed exactly once.
#include "model/sim/EventCallback.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>

namespace ps {
namespace {

TEST(EventCallbackTest, AStdFunctionAndASmallStructAreStoredInline) {
    // The shape of the WavePci port's packet completion event: the client's
    // routine (a std::function) and the 24-byte completion it reports.
    struct Completion {
        std::uint64_t packetId;
        std::uint32_t status;
        std::uint32_t bytes;
        std::int64_t completedAtNs;
    };
    std::function<void(const Completion&)> routine = [](const Completion&) {};
    auto capture = [routine = std::move(routine), done = Completion{}] { routine(done); };
    EXPECT_GT(sizeof(capture), 48u);
    EXPECT_TRUE(EventCallback::storesInline<decltype(capture)>());
}

TEST(EventCallbackTest, InlineAndBoxedCallablesRunMoveAndDestroyOnce) {
    auto token = std::make_shared<int>(0);
    int ran = 0;
    std::array<std::uint64_t, 4> small{1, 2, 3, 4};
    std::array<std::uint64_t, 9> large{1, 2, 3, 4, 5, 6, 7, 8, 9};
    auto inlineOne = [token, small, &ran] { ran += static_cast<int>(small[3]); };
    auto boxedOne = [token, large, &ran] { ran += static_cast<int>(large[8]) * 10; };
    static_assert(EventCallback::storesInline<decltype(inlineOne)>());
    static_assert(!EventCallback::storesInline<decltype(boxedOne)>());
    {
        EventCallback a(std::move(inlineOne));
        EventCallback b(std::move(boxedOne));
        EXPECT_EQ(token.use_count(), 3);
        EventCallback movedA(std::move(a));
        EventCallback movedB;
        movedB = std::move(b);
        EXPECT_FALSE(a);
        EXPECT_FALSE(b);
        EXPECT_EQ(token.use_count(), 3);
        movedA();
        movedB();
        EXPECT_EQ(ran, 4 + 90);
    }
    EXPECT_EQ(token.use_count(), 1);
}

}  // namespace
}  // namespace ps
