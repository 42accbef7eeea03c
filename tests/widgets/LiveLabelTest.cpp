// LiveLabel: paints one line of ASCII itself (text pixels where QLabel puts
// them, on its own opaque background) and leaves other text to QLabel.
#include "widgets/FixedSizeLabel.h"
#include "widgets/LiveLabel.h"

#include <QImage>
#include <QtTest>

namespace ps {

namespace {

// Columns of the image with a pixel that is not the background colour.
QPair<int, int> inkColumns(const QImage& image, QRgb background) {
    int first = -1;
    int last = -1;
    for (int x = 0; x < image.width(); ++x) {
        for (int y = 0; y < image.height(); ++y) {
            if (image.pixel(x, y) != background) {
                first = first < 0 ? x : first;
                last = x;
                break;
            }
        }
    }
    return {first, last};
}

QImage rendered(QWidget& w) {
    QImage image(w.size(), QImage::Format_RGB32);
    image.fill(Qt::red);  // anything the widget leaves unpainted stays red
    w.render(&image);
    return image;
}

}  // namespace

class LiveLabelTest : public QObject {
    Q_OBJECT
  private slots:
    void paintsAsciiItselfWhereQLabelWould() {
        LiveLabel live;
        QLabel plain;
        for (QLabel* l : {static_cast<QLabel*>(&live), &plain}) {
            fixLabelSize(l, QStringLiteral("00:00:00.000 000 / 00:00:00.000 000"));
            l->setText(QStringLiteral("0:00:01.500 000 / 0:00:03.000 000"));
        }
        QVERIFY(live.testAttribute(Qt::WA_OpaquePaintEvent));
        const QImage a = rendered(live);
        QVERIFY(live.lastPaintWasFast());
        const QRgb background = live.palette().color(live.backgroundRole()).rgb();
        // Opaque: every pixel painted (no red left), background around the text.
        for (int y = 0; y < a.height(); ++y) {
            for (int x = 0; x < a.width(); ++x) {
                QVERIFY2(a.pixel(x, y) != qRgb(255, 0, 0), "pixel left unpainted");
            }
        }
        QCOMPARE(a.pixel(a.width() - 1, 0), background);
        // The text spans the same columns as QLabel's, within a pixel.
        QImage b(plain.size(), QImage::Format_RGB32);
        b.fill(background);
        plain.render(&b);
        const auto inkLive = inkColumns(a, background);
        const auto inkPlain = inkColumns(b, background);
        QVERIFY(inkLive.first >= 0);
        QVERIFY(qAbs(inkLive.first - inkPlain.first) <= 1);
        QVERIFY(qAbs(inkLive.second - inkPlain.second) <= 2);

        // Right alignment moves the text to the right edge.
        live.setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const auto right = inkColumns(rendered(live), background);
        QVERIFY(right.second > inkLive.second);
    }

    void leavesOtherTextToQLabel() {
        LiveLabel live;
        live.resize(300, 30);
        live.setText(QStringLiteral("paused \u00b7 event 12"));
        rendered(live);
        QVERIFY(!live.lastPaintWasFast());
        live.setText(QStringLiteral("two\nlines"));
        rendered(live);
        QVERIFY(!live.lastPaintWasFast());
        live.setText(QStringLiteral("<b>rich</b>"));  // AutoText takes it as rich
        rendered(live);
        QVERIFY(!live.lastPaintWasFast());
        live.setTextFormat(Qt::RichText);
        rendered(live);
        QVERIFY(!live.lastPaintWasFast());
        live.setTextFormat(Qt::AutoText);
        live.setText(QStringLiteral("event 12"));
        const QImage image = rendered(live);
        QVERIFY(live.lastPaintWasFast());
        QVERIFY(inkColumns(image, live.palette().color(live.backgroundRole()).rgb()).first >= 0);
    }
};

}  // namespace ps

QTEST_MAIN(ps::LiveLabelTest)
#include "LiveLabelTest.moc"
