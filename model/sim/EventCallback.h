// A move-only void() callable with 64 bytes of inline storage: what the
// Scheduler stores per pending event. Callables that fit (a lambda capturing a
// few pointers and integers, or a std::function and a small struct, as the
// WavePci port's packet completion does) are stored without touching the heap,
// which keeps schedule + run allocation-free on the simulation's hot path;
// larger ones are boxed on the heap transparently. A trivially copyable
// callable stored inline (the usual lambda capturing pointers and integers) is
// moved by copying the storage and needs no destruction, so moving and
// resetting it make no indirect call.
#pragma once

#include <cstddef>
#include <cstring>
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
        construct<D>(std::forward<F>(f));
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
            if (m_ops->destroy != nullptr) {
                m_ops->destroy(m_storage);
            }
            m_ops = nullptr;
        }
    }

    // Replaces the callable with f, constructed in place (no temporary
    // EventCallback to move from).
    template <typename F, typename D = std::decay_t<F>,
              typename = std::enable_if_t<!std::is_same<D, EventCallback>::value &&
                                          std::is_invocable_r<void, D&>::value>>
    void emplace(F&& f) {
        reset();
        construct<D>(std::forward<F>(f));
    }

  private:
    // moveTo and destroy are null for a trivially copyable callable stored
    // inline: it moves by copying the storage and has nothing to destroy.
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
    static constexpr bool isTrivial() {
        return std::is_trivially_copyable<D>::value && std::is_trivially_destructible<D>::value;
    }

    template <typename D, typename F>
    void construct(F&& f) {
        if constexpr (fitsInline<D>()) {
            ::new (static_cast<void*>(m_storage)) D(std::forward<F>(f));
            m_ops = &InlineOps<D>::ops;
        } else {
            ::new (static_cast<void*>(m_storage)) D*(new D(std::forward<F>(f)));
            m_ops = &HeapOps<D>::ops;
        }
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
        static constexpr Ops ops{&invoke, isTrivial<D>() ? nullptr : &moveTo,
                                 isTrivial<D>() ? nullptr : &destroy};
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
            if (other.m_ops->moveTo != nullptr) {
                other.m_ops->moveTo(other.m_storage, m_storage);
            } else {
                std::memcpy(m_storage, other.m_storage, kInlineBytes);
            }
            m_ops = other.m_ops;
            other.m_ops = nullptr;
        }
    }

    alignas(std::max_align_t) unsigned char m_storage[kInlineBytes];
    const Ops* m_ops = nullptr;
};

}  // namespace ps
