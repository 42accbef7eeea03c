// CachedLegendItem: a QwtPlotLegendItem (the legend drawn inside a plot's
// canvas) that lays out and draws its entries once into an image and then
// only copies that image on each replot. The image is made again when the
// legend's entries change (updateLegend: an item attached, detached, renamed
// or hidden from the legend), when the place the legend takes in the canvas
// changes (canvas size, alignment) or when the painter's pixel ratio does.
// Style setters (font, colours, margins) are meant to be called before the
// first replot; after that, call invalidate(). GUI thread.
#pragma once

#include <QImage>
#include <QRect>

#include <qwt_plot_legenditem.h>

namespace ps {

class CachedLegendItem : public QwtPlotLegendItem {
  public:
    void draw(QPainter* painter, const QwtScaleMap& xMap, const QwtScaleMap& yMap,
              const QRectF& canvasRect) const override;
    void updateLegend(const QwtPlotItem* item, const QList<QwtLegendData>& data) override;
    void invalidate() { m_stale = true; }
    // How often the entries were drawn into the image (tests).
    int renders() const { return m_renders; }

  private:
    mutable QImage m_image;
    mutable QRect m_imageArea;
    mutable bool m_stale = true;
    mutable int m_renders = 0;
};

}  // namespace ps
