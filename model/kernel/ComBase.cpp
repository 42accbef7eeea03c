#include "model/kernel/ComBase.h"

namespace ps {

CUnknown::CUnknown(ComObjectRegistry* registry, const char* className)
    : m_registry(registry), m_className(className != nullptr ? className : "") {
    if (m_registry != nullptr) {
        m_objectId = m_registry->registerObject(this);
    }
}

CUnknown::~CUnknown() {
    if (m_registry != nullptr) {
        m_registry->unregisterObject(m_objectId);
    }
}

ULONG CUnknown::NonDelegatingAddRef() {
    return ++m_refCount;
}

ULONG CUnknown::NonDelegatingRelease() {
    if (m_refCount == 0) {
        // Never AddRef'd, or released once too often while still alive: refuse
        // rather than delete an object someone may still own.
        if (m_registry != nullptr) {
            m_registry->noteOverRelease();
        }
        return 0;
    }
    const ULONG count = --m_refCount;
    if (count == 0) {
        delete this;
    }
    return count;
}

NTSTATUS CUnknown::refuseInterface(void** object) {
    if (object != nullptr) {
        *object = nullptr;
    }
    return STATUS_INVALID_PARAMETER;
}

}  // namespace ps
