// CachedLegendItem: draws the same pixels as QwtPlotLegendItem, lays its
// entries out once across replots, and again when they or the canvas change.
#include "widgets/CachedLegendItem.h"

#include <qwt_plot.h>
#include <qwt_plot_canvas.h>
#include <qwt_plot_curve.h>
#include <qwt_plot_legenditem.h>

#include <QImage>

#include <QtTest>
#include <algorithm>
#include <cstdlib>

namespace ps {

namespace {

void style(QwtPlotLegendItem* legend) {
    legend->setAlignment(Qt::AlignRight | Qt::AlignTop);
    legend->setMaxColumns(2);
    legend->setBackgroundMode(QwtPlotLegendItem::LegendBackground);
    legend->setBackgroundBrush(QColor(255, 255, 255, 200));
    legend->setBorderPen(QPen(Qt::darkGray));
}

QwtPlotCurve* addCurve(QwtPlot& plot, const QString& title, const QColor& color) {
    auto* curve = new QwtPlotCurve(title);
    curve->setPen(color, 1);
    curve->setSamples(QVector<QPointF>{{0, 0}, {1, 1}});
    curve->setItemAttribute(QwtPlotItem::Legend, true);
    curve->attach(&plot);
    return curve;
}

// Largest difference of any channel of any pixel (compositing the cached
// image rounds premultiplied alpha once more than drawing directly).
int maxChannelDifference(const QImage& a, const QImage& b) {
    if (a.size() != b.size()) {
        return 256;
    }
    int worst = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            worst = std::max({worst, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                              std::abs(qBlue(p) - qBlue(q))});
        }
    }
    return worst;
}

QImage canvasImage(QwtPlot& plot) {
    plot.replot();
    QImage image(plot.canvas()->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    plot.canvas()->render(&image);
    return image;
}

}  // namespace

class CachedLegendItemTest : public QObject {
    Q_OBJECT
  private slots:
    void drawsWhatQwtDrawsAndLaysOutOnce() {
        QwtPlot plain;
        QwtPlot cached;
        auto* reference = new QwtPlotLegendItem;
        auto* legend = new CachedLegendItem;
        style(reference);
        style(legend);
        reference->attach(&plain);
        legend->attach(&cached);
        for (QwtPlot* plot : {&plain, &cached}) {
            plot->setAutoReplot(false);
            plot->resize(400, 200);
            addCurve(*plot, QStringLiteral("client"), Qt::magenta);
            addCurve(*plot, QStringLiteral("device"), Qt::darkGreen);
            addCurve(*plot, QStringLiteral("DMA"), Qt::blue);
            plot->show();
        }
        QVERIFY(QTest::qWaitForWindowExposed(&cached));
        QVERIFY(QTest::qWaitForWindowExposed(&plain));
        const QImage want = canvasImage(plain);
        const QImage got = canvasImage(cached);
        QVERIFY2(maxChannelDifference(got, want) <= 2,
                 qPrintable(QString::number(maxChannelDifference(got, want))));
        const int first = legend->renders();
        QVERIFY(first >= 1);
        // Replots with the same entries copy the image.
        canvasImage(cached);
        canvasImage(cached);
        QCOMPARE(legend->renders(), first);

        // A new entry lays the legend out again, and it still matches.
        addCurve(plain, QStringLiteral("extra"), Qt::red);
        addCurve(cached, QStringLiteral("extra"), Qt::red);
        QVERIFY(maxChannelDifference(canvasImage(cached), canvasImage(plain)) <= 2);
        QCOMPARE(legend->renders(), first + 1);

        // So does another canvas size (the legend moves with the corner).
        plain.resize(500, 220);
        cached.resize(500, 220);
        QVERIFY(maxChannelDifference(canvasImage(cached), canvasImage(plain)) <= 2);
        QCOMPARE(legend->renders(), first + 2);
    }
};

}  // namespace ps

QTEST_MAIN(ps::CachedLegendItemTest)
#include "CachedLegendItemTest.moc"
