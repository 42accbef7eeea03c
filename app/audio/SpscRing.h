// SpscRing: a lock-free ring of interleaved audio frames (T = float or
// std::int16_t, `channels` samples per frame) between exactly one producer
// thread (the simulation side: the render mixer pushes what the DACs
// played) and exactly one consumer thread (the audio device's callback pops
// what it plays). Neither side blocks, locks or allocates after
// construction.
//
// Capacity is in frames, rounded up to a power of two. push() stores as many
// of the offered frames as fit and returns that count; pop() takes up to the
// requested count and returns how many it took. The counters are 64-bit
// frame indices that never wrap in practice (2^63 frames at 192 kHz is
// 1.5 million years), so fill = written - read is exact.
//
// skip() (consumer) drops up to the requested count unread, the way a
// consumer with nowhere to play them (a steady clock) takes frames.
//
// discardQueued() (producer) drops every frame pushed so far that has not
// been popped: the consumer skips them on its next pop(), and
// framesPopped() / availableFrames() count them as popped at once.
//
// Memory order: the producer publishes its frames with a release store of
// the write index, the consumer acquires it before reading them (and the
// other way round for freeing space). availableFrames() / freeFrames() are
// exact on their own side and a safe lower bound on the other.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace ps {

template <typename T>
class SpscRing {
  public:
    SpscRing(std::size_t capacityFrames, int channels)
        : m_channels(static_cast<std::size_t>(channels)) {
        if (channels < 1 || capacityFrames == 0) {
            throw std::invalid_argument("SpscRing needs at least one channel and one frame");
        }
        std::size_t cap = 1;
        while (cap < capacityFrames) {
            cap <<= 1;
        }
        m_capacityFrames = cap;
        m_mask = cap - 1;
        m_samples.assign(cap * m_channels, T{});
    }
    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    std::size_t capacityFrames() const { return m_capacityFrames; }
    int channels() const { return static_cast<int>(m_channels); }

    // Frames ready to pop.
    std::size_t availableFrames() const {
        const std::uint64_t w = m_write.load(std::memory_order_acquire);
        const std::uint64_t r = readIndex();
        return static_cast<std::size_t>(w - std::min(w, r));
    }
    // Frames that push() can store now.
    std::size_t freeFrames() const { return m_capacityFrames - availableFrames(); }

    // Producer only. Copies up to `frames` frames from `interleaved`.
    std::size_t push(const T* interleaved, std::size_t frames) {
        const std::uint64_t w = m_write.load(std::memory_order_relaxed);
        const std::uint64_t r = m_read.load(std::memory_order_acquire);
        const std::size_t room = m_capacityFrames - static_cast<std::size_t>(w - r);
        const std::size_t n = std::min(frames, room);
        copyIn(static_cast<std::size_t>(w & m_mask), interleaved, n);
        m_write.store(w + n, std::memory_order_release);
        return n;
    }

    // Consumer only. Copies up to `frames` frames into `interleaved`.
    std::size_t pop(T* interleaved, std::size_t frames) {
        const std::uint64_t w = m_write.load(std::memory_order_acquire);
        const std::uint64_t r = std::max(m_read.load(std::memory_order_relaxed),
                                         m_discardTo.load(std::memory_order_acquire));
        const std::size_t n = std::min(frames, static_cast<std::size_t>(w - r));
        copyOut(static_cast<std::size_t>(r & m_mask), interleaved, n);
        m_read.store(r + n, std::memory_order_release);
        return n;
    }

    // Consumer only. Takes up to `frames` frames without reading them.
    std::size_t skip(std::size_t frames) {
        const std::uint64_t w = m_write.load(std::memory_order_acquire);
        const std::uint64_t r = std::max(m_read.load(std::memory_order_relaxed),
                                         m_discardTo.load(std::memory_order_acquire));
        const std::size_t n = std::min(frames, static_cast<std::size_t>(w - r));
        m_read.store(r + n, std::memory_order_release);
        return n;
    }

    // Producer only: every frame pushed so far counts as popped.
    void discardQueued() {
        m_discardTo.store(m_write.load(std::memory_order_relaxed), std::memory_order_release);
    }

    // Total frames ever pushed / popped (discarded ones count as popped).
    std::uint64_t framesPushed() const { return m_write.load(std::memory_order_acquire); }
    std::uint64_t framesPopped() const { return readIndex(); }

  private:
    std::uint64_t readIndex() const {
        return std::max(m_read.load(std::memory_order_acquire),
                        m_discardTo.load(std::memory_order_acquire));
    }
    void copyIn(std::size_t at, const T* src, std::size_t frames) {
        const std::size_t first = std::min(frames, m_capacityFrames - at);
        std::copy_n(src, first * m_channels, m_samples.data() + at * m_channels);
        std::copy_n(src + first * m_channels, (frames - first) * m_channels, m_samples.data());
    }
    void copyOut(std::size_t at, T* dst, std::size_t frames) const {
        const std::size_t first = std::min(frames, m_capacityFrames - at);
        std::copy_n(m_samples.data() + at * m_channels, first * m_channels, dst);
        std::copy_n(m_samples.data(), (frames - first) * m_channels, dst + first * m_channels);
    }

    std::size_t m_channels;
    std::size_t m_capacityFrames = 0;
    std::size_t m_mask = 0;
    std::vector<T> m_samples;
    // Each index on its own cache line: the two threads write different ones.
    alignas(64) std::atomic<std::uint64_t> m_write{0};
    alignas(64) std::atomic<std::uint64_t> m_read{0};
    std::atomic<std::uint64_t> m_discardTo{0};
};

}  // namespace ps
