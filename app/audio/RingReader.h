// RingReader: the QIODevice a QAudioOutput pulls from in pull mode. Each
// readData() pops whole frames from the SpscRing (it is the ring's only
// consumer) and encodes them in the device's sample format (signed 16-bit
// or 32-bit float, native little-endian). When the ring holds less than
// asked it returns what there is: the device then runs dry and reports an
// underrun, and its clock (frames popped) stops with it, so the simulation
// it paces waits too. The shortfall, counted while the run still produces,
// is shortfallFrames().
//
// Holds: while a hold is outstanding (requestHold() was called more often
// than releaseHolds() has caught up with) readData() pops nothing, so a
// device that is about to be flushed takes nothing the producer queues
// meanwhile. The producer requests; the device's owner, once it has flushed
// the device, releases the holds it saw (holdRequests() read before the
// flush): a hold requested after that read stays outstanding.
//
// Open it ReadOnly | Unbuffered: QIODevice's own buffer would read ahead of
// the device by up to 16 KiB. Runs on whatever thread the audio backend
// calls read() on; only the ring and atomics are shared.
#pragma once

#include "app/audio/SpscRing.h"

#include <QIODevice>

#include <atomic>
#include <cstdint>
#include <vector>

namespace ps {

class RingReader final : public QIODevice {
  public:
    enum class Encoding { Int16, Float32 };

    RingReader(SpscRing<float>& ring, Encoding encoding, QObject* parent = nullptr);

    bool isSequential() const override { return true; }
    // Counted only while set: the producer clears it once the run has ended
    // and the ring is draining.
    void setCountShortfall(bool on) { m_countShortfall = on; }
    std::int64_t shortfallFrames() const { return m_shortfallFrames; }
    void requestHold() { ++m_holdRequests; }
    std::uint32_t holdRequests() const { return m_holdRequests; }
    // Releases the holds up to requests (a value holdRequests() returned).
    void releaseHolds(std::uint32_t requests) { m_holdsReleased = requests; }
    bool held() const { return m_holdRequests.load() != m_holdsReleased.load(); }
    int bytesPerFrame() const;

  protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

  private:
    SpscRing<float>& m_ring;
    Encoding m_encoding;
    std::vector<float> m_scratch;
    std::vector<std::int16_t> m_encoded;
    std::atomic<bool> m_countShortfall{true};
    std::atomic<std::int64_t> m_shortfallFrames{0};
    std::atomic<std::uint32_t> m_holdRequests{0};
    std::atomic<std::uint32_t> m_holdsReleased{0};
};

}  // namespace ps
