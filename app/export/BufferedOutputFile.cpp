#include "app/export/BufferedOutputFile.h"

#include <cerrno>
#include <cstring>

namespace ps {

BufferedOutputFile::~BufferedOutputFile() {
    close();
}

bool BufferedOutputFile::open(const std::string& path, std::size_t flushThresholdBytes) {
    close();
    m_path = path;
    m_error.clear();
    m_buffer.clear();
    m_bytesWritten = 0;
    m_flushThresholdBytes = flushThresholdBytes > 0 ? flushThresholdBytes : 1;
    m_buffer.reserve(m_flushThresholdBytes + 4096);
    m_file = std::fopen(path.c_str(), "wb");
    if (m_file == nullptr) {
        fail("cannot create file", errno);
        return false;
    }
    // Our own buffer already batches the writes; stdio's would only copy twice.
    std::setvbuf(m_file, nullptr, _IONBF, 0);
    return true;
}

bool BufferedOutputFile::flush() {
    if (m_file == nullptr || !ok()) {
        m_buffer.clear();
        return ok();
    }
    if (!m_buffer.empty()) {
        const std::size_t n = std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file);
        m_bytesWritten += n;
        if (n != m_buffer.size()) {
            fail("write failed", errno);
        }
        m_buffer.clear();
    }
    return ok();
}

bool BufferedOutputFile::close() {
    if (m_file == nullptr) {
        return ok();
    }
    flush();
    if (std::fclose(m_file) != 0 && ok()) {
        fail("close failed", errno);
    }
    m_file = nullptr;
    return ok();
}

void BufferedOutputFile::fail(const char* what, int errorNumber) {
    if (!m_error.empty()) {
        return;
    }
    m_error = m_path + ": " + what;
    if (errorNumber != 0) {
        m_error += ": ";
        m_error += std::strerror(errorNumber);
    }
}

}  // namespace ps
