#include "model/client/ClientPacketBuffer.h"

namespace ps {

std::shared_ptr<ClientPacketBuffer> ClientPacketBuffer::allocate(Kernel& kernel,
                                                                 ULONG pageOffsetBytes,
                                                                 ULONG capacityBytes) {
    if (capacityBytes == 0 || pageOffsetBytes >= PAGE_SIZE) {
        return nullptr;
    }
    const std::uint64_t spanBytes = std::uint64_t{pageOffsetBytes} + capacityBytes;
    const std::uint64_t pageCount = (spanBytes + PAGE_SIZE - 1) / PAGE_SIZE;
    auto pages = kernel.memory().allocatePages(pageCount);
    if (!pages) {
        return nullptr;
    }
    const auto va = kernel.systemSpace().map(*pages);
    if (!va) {
        kernel.memory().freePages(*pages);
        return nullptr;
    }
    return std::shared_ptr<ClientPacketBuffer>(
        new ClientPacketBuffer(kernel, std::move(*pages), *va, pageOffsetBytes, capacityBytes));
}

ClientPacketBuffer::ClientPacketBuffer(Kernel& kernel, std::vector<PFN_NUMBER> pages,
                                       std::uint64_t mappingVa, ULONG pageOffsetBytes,
                                       ULONG capacityBytes)
    : m_kernel(kernel),
      m_pages(std::move(pages)),
      m_mappingVa(mappingVa),
      m_pageOffsetBytes(pageOffsetBytes),
      m_capacityBytes(capacityBytes) {}

void ClientPacketBuffer::release() {
    if (!m_allocated) {
        return;
    }
    m_allocated = false;
    m_kernel.systemSpace().unmap(m_mappingVa);
    m_kernel.memory().freePages(m_pages);
}

}  // namespace ps
