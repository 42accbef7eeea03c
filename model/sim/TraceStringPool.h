// Interns strings that trace records point to (stream names, file names, text
// built at run time). The returned pointer stays valid for the pool's lifetime;
// interning the same text twice returns the same pointer.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace ps {

class TraceStringPool {
  public:
    const char* intern(std::string_view text);
    std::size_t size() const { return m_strings.size(); }

  private:
    std::unordered_set<std::string> m_strings;  // node-based: element addresses are stable
};

}  // namespace ps
