// A move-only callable of a fixed signature with InlineBytes of inline
// storage, for the simulation's hot paths (the Scheduler's events, the
// kernel's wait continuations). Callables that fit (a lambda capturing a few
// pointers and integers, or a std::function and a small struct) are stored
// without touching the heap; larger ones are boxed on the heap transparently.
// A trivially copyable callable stored inline (the usual lambda capturing
// pointers and integers) is moved by copying the storage and needs no
// destruction, so moving and resetting it make no indirect call. Calling an
// empty InlineFunction is undefined (test it with operator bool first).
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace ps {

template <typename Signature, std::size_t InlineBytes>
class InlineFunction;

template <typename R, typename... Args, std::size_t InlineBytes>
class InlineFunction<R(Args...), InlineBytes> {
  public:
    static constexpr std::size_t kInlineBytes = InlineBytes;

    InlineFunction() = default;
    InlineFunction(std::nullptr_t) {}

    template <typename F, typename D = std::decay_t<F>,
              typename = std::enable_if_t<!std::is_same<D, InlineFunction>::value &&
                                          std::is_invocable_r<R, D&, Args...>::value>>
    InlineFunction(F&& f) {  // NOLINT(google-explicit-constructor): used like std::function
        construct<D>(std::forward<F>(f));
    }

    InlineFunction(InlineFunction&& other) noexcept { moveFrom(other); }
    InlineFunction& operator=(InlineFunction&& other) noexcept {
        if (this != &other) {
            reset();
            moveFrom(other);
        }
        return *this;
    }
    InlineFunction& operator=(std::nullptr_t) {
        reset();
        return *this;
    }
    InlineFunction(const InlineFunction&) = delete;
    InlineFunction& operator=(const InlineFunction&) = delete;
    ~InlineFunction() { reset(); }

    // Whether a callable of type F is stored inline (else on the heap).
    template <typename F>
    static constexpr bool storesInline() {
        return fitsInline<std::decay_t<F>>();
    }

    explicit operator bool() const { return m_ops != nullptr; }
    R operator()(Args... args) { return m_ops->invoke(m_storage, std::forward<Args>(args)...); }

    void reset() {
        if (m_ops != nullptr) {
            if (m_ops->destroy != nullptr) {
                m_ops->destroy(m_storage);
            }
            m_ops = nullptr;
        }
    }

    // Replaces the callable with f, constructed in place (no temporary
    // InlineFunction to move from).
    template <typename F, typename D = std::decay_t<F>,
              typename = std::enable_if_t<!std::is_same<D, InlineFunction>::value &&
                                          std::is_invocable_r<R, D&, Args...>::value>>
    void emplace(F&& f) {
        reset();
        construct<D>(std::forward<F>(f));
    }

  private:
    // moveTo and destroy are null for a trivially copyable callable stored
    // inline: it moves by copying the storage and has nothing to destroy.
    struct Ops {
        R (*invoke)(void* storage, Args... args);
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
        static R invoke(void* s, Args... args) {
            return (*static_cast<D*>(s))(std::forward<Args>(args)...);
        }
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
        static R invoke(void* s, Args... args) { return (*box(s))(std::forward<Args>(args)...); }
        static void moveTo(void* from, void* to) {
            ::new (to) D*(box(from));
            box(from) = nullptr;
        }
        static void destroy(void* s) { delete box(s); }
        static constexpr Ops ops{&invoke, &moveTo, &destroy};
    };

    void moveFrom(InlineFunction& other) noexcept {
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
