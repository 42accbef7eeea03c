#include "model/kernel/ComObjectRegistry.h"

#include "model/kernel/ComBase.h"

namespace ps {

ComObjectRegistry::~ComObjectRegistry() {
    for (auto& [id, object] : m_live) {
        object->detachRegistry();
    }
}

std::vector<ComObjectRegistry::LiveObject> ComObjectRegistry::liveObjects() const {
    std::vector<LiveObject> list;
    list.reserve(m_live.size());
    for (const auto& [id, object] : m_live) {
        list.push_back(LiveObject{id, object->className(), object->refCount()});
    }
    return list;
}

std::optional<ULONG> ComObjectRegistry::refCountOf(std::uint64_t id) const {
    const auto it = m_live.find(id);
    if (it == m_live.end()) {
        return std::nullopt;
    }
    return it->second->refCount();
}

std::uint64_t ComObjectRegistry::registerObject(CUnknown* object) {
    const std::uint64_t id = m_nextId++;
    m_live.emplace(id, object);
    ++m_created;
    return id;
}

void ComObjectRegistry::unregisterObject(std::uint64_t id) {
    if (m_live.erase(id) != 0) {
        ++m_destroyed;
    }
}

}  // namespace ps
