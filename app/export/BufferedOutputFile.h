// A file written front to back through a large in-memory buffer, for the trace
// exporters: append() is cheap and never fails loudly; the first I/O error
// (cannot create, disk full, ...) is kept with its path and errno text, every
// later write is dropped, and the owner reports it from ok() / error() — an
// exporter runs inside the simulation and must not throw into it.
//
// Bytes reach the disk whenever the buffer passes flushThresholdBytes and at
// flush()/close(); a run that dies midway leaves everything up to the last
// flush on disk. Not copyable; closes (and flushes) on destruction.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace ps {

class BufferedOutputFile {
  public:
    static constexpr std::size_t kDefaultFlushThresholdBytes = 256 * 1024;

    BufferedOutputFile() = default;
    ~BufferedOutputFile();
    BufferedOutputFile(const BufferedOutputFile&) = delete;
    BufferedOutputFile& operator=(const BufferedOutputFile&) = delete;

    // Creates or truncates path. False (and error() set) when it cannot.
    bool open(const std::string& path,
              std::size_t flushThresholdBytes = kDefaultFlushThresholdBytes);
    bool isOpen() const { return m_file != nullptr; }

    void append(std::string_view bytes) {
        m_buffer.append(bytes.data(), bytes.size());
        if (m_buffer.size() >= m_flushThresholdBytes) {
            flush();
        }
    }
    void append(char c) {
        m_buffer.push_back(c);
        if (m_buffer.size() >= m_flushThresholdBytes) {
            flush();
        }
    }
    // Direct access for formatting into the buffer; call maybeFlush() after.
    std::string& buffer() { return m_buffer; }
    void maybeFlush() {
        if (m_buffer.size() >= m_flushThresholdBytes) {
            flush();
        }
    }

    // Writes the buffer to the OS. False once any write has failed.
    bool flush();
    // Flushes and closes; false if anything since open() failed. Idempotent.
    bool close();

    bool ok() const { return m_error.empty(); }
    // "<path>: <reason>", empty while ok().
    const std::string& error() const { return m_error; }
    const std::string& path() const { return m_path; }
    // Bytes handed to the OS so far.
    std::size_t bytesWritten() const { return m_bytesWritten; }

  private:
    void fail(const char* what, int errorNumber);

    std::FILE* m_file = nullptr;
    std::string m_path;
    std::string m_buffer;
    std::string m_error;
    std::size_t m_flushThresholdBytes = kDefaultFlushThresholdBytes;
    std::size_t m_bytesWritten = 0;
};

}  // namespace ps
