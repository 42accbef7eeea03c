// A move-only void() callable with 64 bytes of inline storage: what the
// Scheduler stores per pending event. Callables that fit (a lambda capturing a
// few pointers and integers, or a std::function and a small struct, as the
// WavePci port's packet completion does) are stored without touching the heap,
// which keeps schedule + run allocation-free on the simulation's hot path;
// larger ones are boxed on the heap transparently.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace ps {

class EventCallback {
  public:
    static constexpr std::size_t kInlineBytes = 64;

    EventCallback() = default;
    EventCallback(std::nullptr_t) {}

    template <typename F, typename D = std::decay_t<F>,
              typename = std::enable_if_t<!std::is_same<D, EventCallback>::value &&
                                          std::is_invocable_r<void, D&>::value>>
    EventCallback(F&& f) {  // NOLINT(google-explicit-constructor): used like std::function
        if constexpr (fitsInline<D>()) {
            ::new (static_cast<void*>(m_storage)) D(std::forward<F>(f));
            m_ops = &InlineOps<D>::ops;
        } else {
            ::new (static_cast<void*>(m_storage)) D*(new D(std::forward<F>(f)));
            m_ops = &HeapOps<D>::ops;
        }
    }

    EventCallback(EventCallback&& other) noexcept { moveFrom(other); }
    EventCallback& operator=(EventCallback&& other) noexcept {
        if (this != &other) {
            reset();
            moveFrom(other);
        }
        return *this;
    }
    EventCallback& operator=(std::nullptr_t) {
        reset();
        return *this;
    }
    EventCallback(const EventCallback&) = delete;
    EventCallback& operator=(const EventCallback&) = delete;
    ~EventCallback() { reset(); }

    // Whether a callable of type F is stored inline (else on the heap).
    template <typename F>
    static constexpr bool storesInline() {
        return fitsInline<std::decay_t<F>>();
    }

    explicit operator bool() const { return m_ops != nullptr; }
    void operator()() { m_ops->invoke(m_storage); }

    void reset() {
        if (m_ops != nullptr) {
            m_ops->destroy(m_storage);
            m_ops = nullptr;
        }
    }

  private:
    struct Ops {
        void (*invoke)(void* storage);
        void (*moveTo)(void* from, void* to);  // move-constructs into to, destroys from
        void (*destroy)(void* storage);
    };

    template <typename D>
    static constexpr bool fitsInline() {
        return sizeof(D) <= kInlineBytes && alignof(D) <= alignof(std::max_align_t) &&
               std::is_nothrow_move_constructible<D>::value;
    }

    template <typename D>
    struct InlineOps {
        static void invoke(void* s) { (*static_cast<D*>(s))(); }
        static void moveTo(void* from, void* to) {
            D* src = static_cast<D*>(from);
            ::new (to) D(std::move(*src));
            src->~D();
        }
        static void destroy(void* s) { static_cast<D*>(s)->~D(); }
        static constexpr Ops ops{&invoke, &moveTo, &destroy};
    };

    template <typename D>
    struct HeapOps {
        static D*& box(void* s) { return *static_cast<D**>(s); }
        static void invoke(void* s) { (*box(s))(); }
        static void moveTo(void* from, void* to) {
            ::new (to) D*(box(from));
            box(from) = nullptr;
        }
        static void destroy(void* s) { delete box(s); }
        static constexpr Ops ops{&invoke, &moveTo, &destroy};
    };

    void moveFrom(EventCallback& other) noexcept {
        if (other.m_ops != nullptr) {
            other.m_ops->moveTo(other.m_storage, m_storage);
            m_ops = other.m_ops;
            other.m_ops = nullptr;
        }
    }

    alignas(std::max_align_t) unsigned char m_storage[kInlineBytes];
    const Ops* m_ops = nullptr;
};

}  // namespace ps
