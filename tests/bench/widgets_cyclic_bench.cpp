// One live display frame of the cyclic-buffer canvas: a WaveRT buffer of
// 3,840 bytes (20 ms at 48 kHz stereo 16-bit, two notifications) whose
// positions move on every frame, painted into an image the size the main
// window gives the canvas at 1600x1000 (offscreen).
#include "model/snapshot/CyclicBufferSnapshot.h"
#include "widgets/CyclicBufferCanvas.h"

#include <QImage>
#include <QPainter>

#include <benchmark/benchmark.h>

namespace ps {
namespace {

CyclicBufferSnapshot makeBuffer() {
    CyclicBufferSnapshot b;
    b.bufferBytes = 3840;
    b.bytesPerFrame = 4;
    b.rateHz = 48000;
    b.eventMode = true;
    b.notificationCount = 2;
    b.bdl = {CyclicBdlEntrySnapshot{0, 0x10000, 1920, true},
             CyclicBdlEntrySnapshot{1920, 0x10780, 1920, true}};
    b.pages = {CyclicPageSnapshot{0, 0x10000}};
    b.notificationOffsets = {1920, 3840};
    b.running = true;
    b.fifoCapacityBytes = 256;
    return b;
}

// Positions as a live render stream moves them: the DAC a FIFO behind
// LPIB, the client about half a buffer ahead; a different place each frame.
void advance(CyclicBufferSnapshot& b, std::uint64_t frame) {
    const std::uint64_t play = frame * 3204;  // 16.7 ms of bytes per frame
    b.playPositionBytes = play;
    b.fetchPositionBytes = play + 172;
    b.clientPositionBytes = play + 1920 + (frame % 7) * 16;
    b.playOffsetBytes = static_cast<std::uint32_t>(play % b.bufferBytes);
    b.lpibBytes = static_cast<std::uint32_t>(b.fetchPositionBytes % b.bufferBytes);
    b.clientOffsetBytes = static_cast<std::uint32_t>(b.clientPositionBytes % b.bufferBytes);
    b.fifoLevelBytes = 172;
    b.paddingBytes = static_cast<std::int64_t>(b.clientPositionBytes - b.playPositionBytes);
}

void BM_CyclicCanvasFrame(benchmark::State& state) {
    CyclicBufferCanvas canvas;
    canvas.resize(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    CyclicBufferSnapshot buffer = makeBuffer();
    QImage target(canvas.size(), QImage::Format_ARGB32_Premultiplied);
    std::uint64_t frame = 0;
    for (auto _ : state) {
        advance(buffer, frame++);
        canvas.setBuffer(&buffer);
        QPainter p(&target);
        canvas.render(&p);
    }
}
BENCHMARK(BM_CyclicCanvasFrame)
    ->Args({540, 250})
    ->Args({800, 400})
    ->ArgNames({"width", "height"})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ps

#include "OffscreenBenchMain.h"
