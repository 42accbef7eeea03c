// Little-endian byte images of DDI structures. The in-memory structs in
// model/ks use natural alignment (WAVEFORMATEX is 20 bytes in memory, 18 on
// the wire), so anything that must match the Windows byte layout goes through
// these two helpers instead of memcpy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/ks/KsGuid.h"

namespace ps {

// Appends values to a byte vector, least significant byte first.
class LittleEndianWriter {
  public:
    explicit LittleEndianWriter(std::vector<std::uint8_t>& out) : m_out(out) {}

    void u8(std::uint8_t value) { m_out.push_back(value); }
    void u16(std::uint16_t value) { putBytes(value, 2); }
    void u32(std::uint32_t value) { putBytes(value, 4); }
    void u64(std::uint64_t value) { putBytes(value, 8); }
    void guid(const GUID& value) {
        u32(value.Data1);
        u16(value.Data2);
        u16(value.Data3);
        for (std::uint8_t b : value.Data4) {
            u8(b);
        }
    }

  private:
    void putBytes(std::uint64_t value, int count) {
        for (int i = 0; i < count; ++i) {
            m_out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
        }
    }

    std::vector<std::uint8_t>& m_out;
};

// Reads values from a bounded byte range. A read past the end returns 0 and
// sets failed(); it never touches memory outside [data, data + sizeBytes).
class LittleEndianReader {
  public:
    LittleEndianReader(const std::uint8_t* data, std::size_t sizeBytes)
        : m_data(data), m_sizeBytes(data != nullptr ? sizeBytes : 0) {}

    std::size_t offsetBytes() const { return m_offsetBytes; }
    std::size_t remainingBytes() const { return m_sizeBytes - m_offsetBytes; }
    bool failed() const { return m_failed; }

    std::uint8_t u8() { return static_cast<std::uint8_t>(getBytes(1)); }
    std::uint16_t u16() { return static_cast<std::uint16_t>(getBytes(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(getBytes(4)); }
    std::uint64_t u64() { return getBytes(8); }
    GUID guid() {
        GUID value{};
        value.Data1 = u32();
        value.Data2 = u16();
        value.Data3 = u16();
        for (std::uint8_t& b : value.Data4) {
            b = u8();
        }
        return value;
    }
    void skip(std::size_t bytes) {
        if (bytes > remainingBytes()) {
            m_failed = true;
            m_offsetBytes = m_sizeBytes;
            return;
        }
        m_offsetBytes += bytes;
    }

  private:
    std::uint64_t getBytes(std::size_t count) {
        if (count > remainingBytes()) {
            m_failed = true;
            m_offsetBytes = m_sizeBytes;
            return 0;
        }
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            value |= static_cast<std::uint64_t>(m_data[m_offsetBytes + i]) << (8 * i);
        }
        m_offsetBytes += count;
        return value;
    }

    const std::uint8_t* m_data;
    std::size_t m_sizeBytes;
    std::size_t m_offsetBytes = 0;
    bool m_failed = false;
};

}  // namespace ps
