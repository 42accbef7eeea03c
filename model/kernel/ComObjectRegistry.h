// ComObjectRegistry: the live-object list of one simulation. A CUnknown that
// was given a registry at construction registers itself there (receiving an
// object id, 1, 2, 3 ... in creation order) and unregisters in its destructor,
// so the inspector can list every live COM object with its class name and
// current reference count, and tests can see that Release to zero destroyed an
// object or that a stream leaked one.
//
// There is no process-wide registry: each simulation owns its own (or passes
// none). Simulation thread only; not thread-safe.
//
// Lifetime: a registry may die before the objects registered with it; its
// destructor detaches them, and they then simply stop reporting.
#pragma once

#include "model/kernel/KernelTypes.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace ps {

class CUnknown;

class ComObjectRegistry {
  public:
    struct LiveObject {
        std::uint64_t id = 0;
        const char* className = "";
        ULONG refCount = 0;
    };

    ComObjectRegistry() = default;
    ComObjectRegistry(const ComObjectRegistry&) = delete;
    ComObjectRegistry& operator=(const ComObjectRegistry&) = delete;
    ~ComObjectRegistry();

    // Live objects in creation (id) order, with their reference counts now.
    std::vector<LiveObject> liveObjects() const;
    std::size_t liveCount() const { return m_live.size(); }
    bool isLive(std::uint64_t id) const { return m_live.count(id) != 0; }
    // Reference count of a live object; nullopt once it has been destroyed.
    std::optional<ULONG> refCountOf(std::uint64_t id) const;

    std::uint64_t createdCount() const { return m_created; }
    std::uint64_t destroyedCount() const { return m_destroyed; }
    // Release calls on an object whose count was already 0 (refused, see CUnknown).
    std::uint64_t overReleaseCount() const { return m_overReleases; }

  private:
    friend class CUnknown;
    std::uint64_t registerObject(CUnknown* object);
    void unregisterObject(std::uint64_t id);
    void noteOverRelease() { ++m_overReleases; }

    std::map<std::uint64_t, CUnknown*> m_live;
    std::uint64_t m_nextId = 1;
    std::uint64_t m_created = 0;
    std::uint64_t m_destroyed = 0;
    std::uint64_t m_overReleases = 0;
};

}  // namespace ps
