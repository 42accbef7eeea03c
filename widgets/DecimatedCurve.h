// DecimatedCurve: a QwtPlotCurve that draws a MinMaxSeries with at most two
// points per pixel column: for every column of the visible time range that
// holds points, its lowest and highest point (in time order), plus the
// nearest point on each side of the range so the line reaches the edges.
// The curve joins them, so each column shows as a vertical min-max stroke and
// the number of points Qwt handles is bounded by the width (2 * columns + 2),
// however long the run.
//
// The x axis is simulated seconds; y is the series' value times `scale`.
// decimate() fills the samples for a range; draw() re-decimates when the
// visible range or the canvas width no longer match (zoom, pan, resize), so
// the samples always fit the pixels drawn. Every sample remembers the trace
// record it comes from (recordIndexAt). The series must outlive the curve or
// be replaced with setSeries(). GUI thread.
#pragma once

#include "model/snapshot/MinMaxSeries.h"

#include <qwt_plot_curve.h>

#include <QVector>

#include <cstdint>
#include <vector>

namespace ps {

class DecimatedCurve : public QwtPlotCurve {
  public:
    explicit DecimatedCurve(const QString& title, double scale = 1.0);

    void setSeries(const MinMaxSeries* series);
    const MinMaxSeries* series() const { return m_series; }
    double scale() const { return m_scale; }

    // Samples for [fromNs, toNs) in `columns` pixel columns.
    void decimate(TimeNs fromNs, TimeNs toNs, int columns);
    // Lowest and highest y of the samples inside [fromNs, toNs) of the last
    // decimate(); false when there is none.
    bool visibleRange(double& minY, double& maxY) const;
    std::uint64_t recordIndexAt(std::size_t sample) const { return m_records[sample]; }
    std::size_t sampleCount() const { return m_records.size(); }
    std::uint64_t decimations() const { return m_decimations; }

    void draw(QPainter* painter, const QwtScaleMap& xMap, const QwtScaleMap& yMap,
              const QRectF& canvasRect) const override;

  private:
    void addSample(std::size_t point, bool inside);

    const MinMaxSeries* m_series = nullptr;
    double m_scale = 1.0;
    QVector<QPointF> m_samples;
    std::vector<std::uint64_t> m_records;
    std::vector<MinMaxSeries::Column> m_columns;  // scratch, reused
    // What the samples were made for.
    TimeNs m_fromNs = 0;
    TimeNs m_toNs = 0;
    int m_columnCount = 0;
    std::size_t m_seriesSize = 0;
    bool m_hasInside = false;
    double m_minY = 0;
    double m_maxY = 0;
    std::uint64_t m_decimations = 0;
};

// Simulated seconds on the plots' x axis from and to nanoseconds.
double nsToPlotSeconds(TimeNs ns);
TimeNs plotSecondsToNs(double seconds);

}  // namespace ps
