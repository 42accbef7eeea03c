#include "app/audio/CaptureTape.h"

#include "app/audio/PcmConvert.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ps {

namespace {
// Frames popped at a time when dropping a backlog.
constexpr std::size_t kDropChunkFrames = 4096;
}  // namespace

CaptureTape::CaptureTape(int channels, std::size_t ringFrames, std::size_t primeFrames,
                         std::size_t backlogLimitFrames, std::int64_t maxFrames)
    : m_channels(channels),
      m_ring(ringFrames, channels),
      m_primeFrames(primeFrames),
      m_backlogLimitFrames(backlogLimitFrames),
      m_maxFrames(std::max<std::int64_t>(0, maxFrames)) {
    if (channels < 1 || channels > 8) {
        throw std::invalid_argument("CaptureTape needs 1..8 channels");
    }
}

std::size_t CaptureTape::push(const float* interleaved, std::size_t frames) {
    if (m_ring.freeFrames() < frames) {
        // Nobody read for the ring's length (a paused run): what it holds is
        // old. The reader skips it and primes again on fresh audio. The
        // count goes up after the discard, so a reader that sees it sees
        // the discard too.
        const auto queued = static_cast<std::int64_t>(m_ring.availableFrames());
        m_ring.discardQueued();
        m_discardedFrames += queued;
    }
    return m_ring.push(interleaved, frames);
}

void CaptureTape::pull(std::size_t frames) {
    const auto ch = static_cast<std::size_t>(m_channels);
    m_pulled.assign(frames * ch, 0.0f);
    const std::int64_t discarded = m_discardedFrames;
    if (discarded != m_discardedSeen) {
        m_discardedSeen = discarded;
        m_primed = false;
        // Popping nothing moves the read index past the discarded frames:
        // their room is the producer's again.
        m_ring.pop(m_pulled.data(), 0);
    }
    if (!m_primed) {
        if (m_ring.availableFrames() < m_primeFrames) {
            return;
        }
        m_primed = true;
    }
    const std::size_t queued = m_ring.availableFrames();
    if (m_backlogLimitFrames > 0 && queued > m_backlogLimitFrames) {
        // The device went on recording while the run did not read: what is
        // queued is old. Keep the newest primeFrames.
        std::size_t drop = queued - m_primeFrames;
        std::vector<float> scratch(std::min(drop, kDropChunkFrames) * ch);
        m_skippedFrames += static_cast<std::int64_t>(drop);
        while (drop > 0) {
            const std::size_t got = m_ring.pop(scratch.data(), std::min(drop, kDropChunkFrames));
            if (got == 0) {
                break;
            }
            drop -= got;
        }
    }
    const std::size_t got = m_ring.pop(m_pulled.data(), frames);
    m_shortfallFrames += static_cast<std::int64_t>(frames - got);
    // Rounded as the tape stores them, so the first pass hears what a
    // replay will.
    m_encoded.resize(frames * ch);
    encodeInt16(m_pulled.data(), frames * ch, m_encoded.data());
    for (std::size_t i = 0; i < frames * ch; ++i) {
        m_pulled[i] = static_cast<float>(m_encoded[i]) / 32768.0f;
    }
}

void CaptureTape::append(std::size_t frames) {
    const auto ch = static_cast<std::size_t>(m_channels);
    m_encoded.resize(frames * ch);
    encodeInt16(m_pulled.data(), frames * ch, m_encoded.data());
    float peak = m_peak;
    for (std::size_t i = 0; i < frames * ch; ++i) {
        peak = std::max(peak, std::fabs(m_pulled[i]));
    }
    m_peak = peak;
    std::int64_t at = m_frames;
    std::size_t done = 0;
    while (done < frames) {
        const auto block = static_cast<std::size_t>(at) / kBlockFrames;
        const auto offset = static_cast<std::size_t>(at) % kBlockFrames;
        if (block == m_blocks.size()) {
            m_blocks.push_back(std::make_unique<std::int16_t[]>(kBlockFrames * ch));
        }
        const std::size_t n = std::min(frames - done, kBlockFrames - offset);
        std::copy_n(m_encoded.data() + done * ch, n * ch, m_blocks[block].get() + offset * ch);
        done += n;
        at += static_cast<std::int64_t>(n);
    }
    m_frames = at;
}

namespace {
float mapped(const float* frame, std::size_t tapeChannels, std::size_t c) {
    const std::size_t from = tapeChannels == 1 ? 0 : c;
    return from < tapeChannels ? frame[from] : 0.0f;
}
}  // namespace

void CaptureTape::copyOut(std::int64_t first, std::size_t frames, float* out, int channels) const {
    const auto ch = static_cast<std::size_t>(m_channels);
    const auto outCh = static_cast<std::size_t>(channels);
    float frame[8];
    for (std::size_t i = 0; i < frames; ++i) {
        const auto at = static_cast<std::size_t>(first) + i;
        const std::int16_t* s = m_blocks[at / kBlockFrames].get() + (at % kBlockFrames) * ch;
        for (std::size_t c = 0; c < ch; ++c) {
            frame[c] = static_cast<float>(s[c]) / 32768.0f;
        }
        for (std::size_t c = 0; c < outCh; ++c) {
            out[i * outCh + c] = mapped(frame, ch, c);
        }
    }
}

void CaptureTape::copyPulled(std::size_t frames, float* out, int channels) const {
    const auto ch = static_cast<std::size_t>(m_channels);
    const auto outCh = static_cast<std::size_t>(channels);
    for (std::size_t i = 0; i < frames; ++i) {
        for (std::size_t c = 0; c < outCh; ++c) {
            out[i * outCh + c] = mapped(m_pulled.data() + i * ch, ch, c);
        }
    }
}

void CaptureTape::read(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                       int channels) {
    const auto outCh = static_cast<std::size_t>(std::max(channels, 0));
    std::fill(interleaved, interleaved + frames * outCh, 0.0f);
    if (frames == 0 || outCh == 0 || firstFrame < 0) {
        return;
    }
    const std::int64_t end = firstFrame + static_cast<std::int64_t>(frames);
    std::int64_t pos = firstFrame;
    float* out = interleaved;
    const auto advance = [&](std::int64_t to) {
        out += static_cast<std::size_t>(to - pos) * outCh;
        pos = to;
    };
    // Grow the tape up to the request's end (or the cap), frames skipped by
    // the request included, so tape frame n stays stream frame n.
    if (end > m_frames && !full()) {
        const auto grow = static_cast<std::size_t>(std::min(end, m_maxFrames) - m_frames);
        pull(grow);
        append(grow);
        m_frontier = std::max<std::int64_t>(m_frontier, m_frames);
    }
    const std::int64_t tapeEnd = std::min<std::int64_t>(end, m_frames);
    if (pos < tapeEnd) {
        copyOut(pos, static_cast<std::size_t>(tapeEnd - pos), out, channels);
        advance(tapeEnd);
    }
    if (pos >= end) {
        return;
    }
    // Past the full tape. Frames the first pass already heard live: silence.
    const std::int64_t heardEnd = std::min(end, m_frontier);
    if (pos < heardEnd) {
        if (m_inexactFrames == 0) {
            std::fprintf(stderr,
                         "portscope: audio input: a replay reads past the full capture tape "
                         "(%lld frames); it hears silence there, not what was recorded\n",
                         static_cast<long long>(m_maxFrames));
        }
        m_inexactFrames += heardEnd - pos;
        advance(heardEnd);
    }
    if (pos >= end) {
        return;
    }
    // Frames never handed out: live from the ring (a gap is consumed too).
    if (pos > m_frontier) {
        pull(static_cast<std::size_t>(pos - m_frontier));
    }
    const auto n = static_cast<std::size_t>(end - pos);
    pull(n);
    copyPulled(n, out, channels);
    m_frontier = end;
}

}  // namespace ps
