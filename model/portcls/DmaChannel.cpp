#include "model/portcls/DmaChannel.h"

#include "model/kernel/Kernel.h"
#include "model/portcls/PortClsTypes.h"

namespace ps {
namespace {

class CDmaChannel final : public CUnknownImpl<IDmaChannel> {
  public:
    explicit CDmaChannel(std::unique_ptr<DmaAdapter> adapter)
        : CUnknownImpl(nullptr, "CDmaChannel"), m_adapter(std::move(adapter)) {}
    ~CDmaChannel() override { FreeBuffer(); }

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override {
        if (iid == IID_IUnknown || iid == IID_IDmaChannel) {
            return grantInterface<IDmaChannel>(this, object);
        }
        return refuseInterface(object);
    }
    NTSTATUS AllocateBuffer(ULONG BufferSize, PHYSICAL_ADDRESS*) override {
        if (m_buffer) {
            return STATUS_UNSUCCESSFUL;
        }
        auto buffer = m_adapter->AllocateCommonBuffer(BufferSize);
        if (!buffer) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        m_buffer = *buffer;
        m_bufferSize = BufferSize;
        return STATUS_SUCCESS;
    }
    void FreeBuffer() override {
        if (m_buffer) {
            m_adapter->FreeCommonBuffer(m_buffer->Length, m_buffer->LogicalAddress,
                                        m_buffer->VirtualAddress);
            m_buffer.reset();
            m_bufferSize = 0;
        }
    }
    ULONG TransferCount() override { return m_bufferSize; }
    ULONG MaximumBufferSize() override { return m_adapter->description().MaximumLength; }
    ULONG AllocatedBufferSize() override { return m_buffer ? m_buffer->Length : 0; }
    ULONG BufferSize() override { return m_bufferSize; }
    void SetBufferSize(ULONG BufferSize) override {
        if (m_buffer && BufferSize <= m_buffer->Length) {
            m_bufferSize = BufferSize;
        }
    }
    PVOID SystemAddress() override {
        return m_buffer ? simVaToPointer(m_buffer->VirtualAddress) : nullptr;
    }
    PHYSICAL_ADDRESS PhysicalAddress(PHYSICAL_ADDRESS* out) override {
        const PHYSICAL_ADDRESS a = m_buffer ? m_buffer->LogicalAddress : 0;
        if (out != nullptr) {
            *out = a;
        }
        return a;
    }
    DmaAdapter* GetAdapterObject() override { return m_adapter.get(); }

  private:
    std::unique_ptr<DmaAdapter> m_adapter;
    std::optional<CommonBuffer> m_buffer;
    ULONG m_bufferSize = 0;
};

}  // namespace

NTSTATUS newMasterDmaChannel(Kernel& kernel, const DEVICE_DESCRIPTION& description,
                             PDMACHANNEL* DmaChannel) {
    if (DmaChannel == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *DmaChannel = nullptr;
    auto created = DmaAdapter::create(description, kernel.systemSpace());
    if (!NT_SUCCESS(created.status) || !created.adapter) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    auto* channel = new CDmaChannel(std::move(created.adapter));
    channel->AddRef();
    *DmaChannel = channel;
    return STATUS_SUCCESS;
}

}  // namespace ps
