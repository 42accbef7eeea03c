// CyclicBufferCanvas: the picture of one WaveRT stream's cyclic buffer.
//
// Left: the buffer as a ring, offset 0 at twelve o'clock, growing clockwise.
// Right: the same buffer unrolled as a bar (offset 0 left). Both show:
// - the padding region shaded (render: from the play position to the
//   client's write position, the audio written and not yet played; capture:
//   from the client's read position to the fetch position, recorded and not
//   yet read); red when the render padding is negative (an underrun now);
// - BDL entry boundaries (dark lines across the ring / bar) and page
//   boundaries (short grey ticks on the outer edge);
// - notification points (orange diamonds: where an IOC entry ends);
// - needles: fetch position LPIB (blue), play / record position of the
//   converter (green), client position (purple), and, while the run plays
//   through an audio device, the audible position (dashed green: the DAC
//   position less the latency from the DAC to the speaker);
// - recent client glitches (red crosses at the device offset).
// Under the bar, a legend repeats the numbers. Hover gives exact values.
//
// What does not move (the ring and bar backgrounds, ticks, outlines,
// notification diamonds, the size labels) is drawn once into two cached
// layers, below and above the padding, and redrawn only when the buffer's
// layout, its notification points or the widget's size change; each frame
// draws the padding, glitches, needles and legend over them (the legend with
// AsciiTextPainter). GUI thread.
#pragma once

#include "model/snapshot/CyclicBufferSnapshot.h"

#include "widgets/AsciiTextPainter.h"

#include <QImage>
#include <QLineF>
#include <QRect>
#include <QVector>
#include <QWidget>

#include <memory>
#include <vector>

namespace ps {

class CyclicBufferCanvas : public QWidget {
    Q_OBJECT
  public:
    explicit CyclicBufferCanvas(QWidget* parent = nullptr);

    // buffer may be null; it must stay valid until the next call.
    void setBuffer(const CyclicBufferSnapshot* buffer);
    // How long ago (simulated ns) the DAC played what is heard now; < 0: no
    // audible needle (nothing plays). Render streams only.
    void setAudibleLagNs(TimeNs lagNs);
    // The buffer offset of the audible needle, or -1 when none is drawn.
    std::int64_t audibleOffsetBytes() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // ---- geometry (tests): the ring's centre and radii, the bar, and where
    // a buffer offset lies on each.
    QPointF ringCenter() const { return m_center; }
    QPointF ringPoint(std::uint32_t offsetBytes, double radius) const;
    QRectF barRect() const { return m_bar; }
    double barX(std::uint32_t offsetBytes) const;
    double outerRadius() const { return m_outer; }
    double innerRadius() const { return m_inner; }
    // The hover text at a point ("" where nothing is).
    QString toolTipAt(const QPointF& point) const;

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;  // palette or font: redraw the layers
    bool event(QEvent* event) override;

  private:
    void relayout();
    void rebuildTicks();
    double angleOf(std::uint32_t offsetBytes) const;  // degrees, Qt convention
    QFont smallFont() const;
    void rebuildLayers();  // m_under and m_over for the current buffer and size
    void findOverTiles();  // m_overTiles from m_over
    void paintUnder(QPainter& p) const;
    void paintOver(QPainter& p) const;
    void drawLegendText(QPainter& p, const QRectF& rect, const QString& text);

    const CyclicBufferSnapshot* m_buffer = nullptr;
    TimeNs m_audibleLagNs = -1;
    // What the ticks were built for.
    int m_tickStream = -1;
    std::uint32_t m_tickBufferBytes = 0;
    std::size_t m_tickEntries = 0;
    std::size_t m_tickPages = 0;
    QVector<QLineF> m_entryTicks;
    QVector<QLineF> m_pageTicks;
    QPointF m_center;
    double m_outer = 0;
    double m_inner = 0;
    QRectF m_bar;
    QRectF m_legend;
    // Cached layers and what they were drawn for.
    // Premultiplied ARGB, the raster backing store's format: the opaque
    // lower layer is copied as it is (no conversion, no blending).
    QImage m_under;
    QImage m_over;
    // The parts of m_over with something drawn (device pixels): runs of
    // kOverTilePx-square tiles along each tile row. Only these are blended.
    static constexpr int kOverTilePx = 16;
    std::vector<QRect> m_overTiles;
    bool m_layersValid = false;
    std::vector<std::uint32_t> m_layerNotifications;
    std::unique_ptr<AsciiTextPainter> m_legendText;
};

}  // namespace ps
