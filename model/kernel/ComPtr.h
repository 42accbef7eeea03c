// ComPtr<T>: owns one reference to a kernel-COM object (T is an interface
// derived from IUnknown, or a class implementing one).
//
// - ComPtr(T*) and copies AddRef; destruction, reset() and assignment Release.
// - attach(p) adopts a reference the caller already holds (no AddRef);
//   detach() hands the reference back to the caller (no Release).
// - put() releases the current pointer and returns T** for a DDI [out]
//   parameter that delivers an AddRef'd pointer (e.g. NewStream(&stream, ...)).
// - queryInterface<U>(iid) asks for another interface: an owning ComPtr<U> on
//   success, an empty one on failure (the status is optionally reported).
//
// Dereferencing an empty ComPtr is a host-code bug (precondition), not a
// simulated fault. Simulation thread only.
#pragma once

#include "model/kernel/Guid.h"
#include "model/kernel/NtStatus.h"

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ps {

template <class T>
class ComPtr {
  public:
    ComPtr() noexcept = default;
    ComPtr(std::nullptr_t) noexcept {}
    explicit ComPtr(T* pointer) : m_p(pointer) { addRef(); }
    ComPtr(const ComPtr& other) : m_p(other.m_p) { addRef(); }
    ComPtr(ComPtr&& other) noexcept : m_p(other.m_p) { other.m_p = nullptr; }
    template <class U, class = std::enable_if_t<std::is_convertible_v<U*, T*>>>
    ComPtr(const ComPtr<U>& other) : m_p(other.get()) {
        addRef();
    }
    template <class U, class = std::enable_if_t<std::is_convertible_v<U*, T*>>>
    ComPtr(ComPtr<U>&& other) noexcept : m_p(other.detach()) {}
    ~ComPtr() { reset(); }

    ComPtr& operator=(const ComPtr& other) {
        ComPtr(other).swap(*this);
        return *this;
    }
    ComPtr& operator=(ComPtr&& other) noexcept {
        ComPtr(std::move(other)).swap(*this);
        return *this;
    }
    ComPtr& operator=(std::nullptr_t) {
        reset();
        return *this;
    }

    T* get() const noexcept { return m_p; }
    T* operator->() const noexcept { return m_p; }
    T& operator*() const noexcept { return *m_p; }
    explicit operator bool() const noexcept { return m_p != nullptr; }

    // Releases the held reference (if any) and becomes empty.
    void reset() {
        T* old = m_p;
        m_p = nullptr;
        if (old != nullptr) {
            old->Release();
        }
    }
    // Releases the held reference and adopts `pointer` without AddRef.
    void attach(T* pointer) {
        reset();
        m_p = pointer;
    }
    // Gives up ownership without Release; the caller now owns the reference.
    T* detach() noexcept {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }
    // For [out] parameters: releases, then exposes the slot to be filled.
    T** put() {
        reset();
        return &m_p;
    }
    void swap(ComPtr& other) noexcept { std::swap(m_p, other.m_p); }

    // QueryInterface(iid) on the held object. `iid` must identify U (the
    // object stores a U* for it). Empty result, status STATUS_INVALID_PARAMETER,
    // when this ComPtr is empty; STATUS_UNSUCCESSFUL if the object reports
    // success but returns no pointer.
    template <class U>
    ComPtr<U> queryInterface(REFIID iid, NTSTATUS* status = nullptr) const {
        ComPtr<U> result;
        NTSTATUS s = STATUS_INVALID_PARAMETER;
        if (m_p != nullptr) {
            void* raw = nullptr;
            s = m_p->QueryInterface(iid, &raw);
            if (NT_SUCCESS(s)) {
                if (raw != nullptr) {
                    result.attach(static_cast<U*>(raw));
                } else {
                    s = STATUS_UNSUCCESSFUL;
                }
            }
        }
        if (status != nullptr) {
            *status = s;
        }
        return result;
    }

  private:
    void addRef() {
        if (m_p != nullptr) {
            m_p->AddRef();
        }
    }

    T* m_p = nullptr;
};

template <class T, class U>
bool operator==(const ComPtr<T>& a, const ComPtr<U>& b) {
    return a.get() == b.get();
}
template <class T, class U>
bool operator!=(const ComPtr<T>& a, const ComPtr<U>& b) {
    return a.get() != b.get();
}

}  // namespace ps
