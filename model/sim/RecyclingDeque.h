// RecyclingDeque<T>: a std::deque whose allocator keeps the blocks it frees
// and hands them out again, for deques used as bounded FIFOs (pushed at the
// back, trimmed at the front to a fixed history). A plain std::deque used
// that way frees a block every few pops and allocates one every few pushes,
// forever; with BlockRecyclingAllocator the steady state does not touch the
// heap. Everything else is std::deque: same iterators, same reference
// stability (push_back and pop_front leave other elements where they are).
//
// BlockRecyclingAllocator is stateless (every instance is interchangeable and
// they compare equal, so containers move and swap as with std::allocator).
// Freed allocations wait in a small cache per element type and thread, up to
// kCachedBlocks of them, and are reused for a request of the same size; the
// cache is released when its thread ends.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <memory>

namespace ps {

template <typename T>
class BlockRecyclingAllocator {
  public:
    using value_type = T;
    // Enough for the history deques of a few dozen streams on one thread.
    static constexpr std::size_t kCachedBlocks = 16;

    BlockRecyclingAllocator() noexcept = default;
    template <typename U>
    BlockRecyclingAllocator(const BlockRecyclingAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        Cache& cache = threadCache();
        for (std::size_t i = cache.count; i-- > 0;) {
            if (cache.entries[i].count == n) {
                T* block = cache.entries[i].block;
                cache.entries[i] = cache.entries[--cache.count];
                return block;
            }
        }
        return std::allocator<T>().allocate(n);
    }

    void deallocate(T* block, std::size_t n) noexcept {
        Cache& cache = threadCache();
        if (cache.count < kCachedBlocks) {
            cache.entries[cache.count++] = Entry{block, n};
            return;
        }
        std::allocator<T>().deallocate(block, n);
    }

  private:
    struct Entry {
        T* block = nullptr;
        std::size_t count = 0;  // elements
    };
    struct Cache {
        std::array<Entry, kCachedBlocks> entries{};
        std::size_t count = 0;
        Cache() = default;
        Cache(const Cache&) = delete;
        Cache& operator=(const Cache&) = delete;
        ~Cache() {
            for (std::size_t i = 0; i < count; ++i) {
                std::allocator<T>().deallocate(entries[i].block, entries[i].count);
            }
        }
    };
    static Cache& threadCache() {
        thread_local Cache cache;
        return cache;
    }
};

template <typename T, typename U>
bool operator==(const BlockRecyclingAllocator<T>&, const BlockRecyclingAllocator<U>&) noexcept {
    return true;
}
template <typename T, typename U>
bool operator!=(const BlockRecyclingAllocator<T>&, const BlockRecyclingAllocator<U>&) noexcept {
    return false;
}

template <typename T>
using RecyclingDeque = std::deque<T, BlockRecyclingAllocator<T>>;

}  // namespace ps
