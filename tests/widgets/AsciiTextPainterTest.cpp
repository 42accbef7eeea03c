// AsciiTextPainter must measure like the font, elide to the width it is
// given, refuse what it cannot draw, and put ink where the alignment says.
#include "widgets/AsciiTextPainter.h"
#include "widgets/EventLogDelegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QStyleOptionViewItem>
#include <QtTest>

namespace ps {

namespace {
// Columns [first, last] of an image that hold any pixel darker than mid grey.
std::pair<int, int> inkColumns(const QImage& image) {
    int first = -1;
    int last = -1;
    for (int x = 0; x < image.width(); ++x) {
        for (int y = 0; y < image.height(); ++y) {
            if (qGray(image.pixel(x, y)) < 128) {
                if (first < 0)
                    first = x;
                last = x;
                break;
            }
        }
    }
    return {first, last};
}

QImage blank(int width, int height) {
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}
}  // namespace

class AsciiTextPainterTest : public QObject {
    Q_OBJECT
  private slots:
    void measuresLikeTheFont() {
        const QFont font = QApplication::font();
        const AsciiTextPainter painter(font);
        QVERIFY(painter.isValid());
        const QFontMetricsF metrics(font);
        for (const QString& text :
             {QStringLiteral("IPortWavePciStream::GetMapping"), QStringLiteral("0:00:01.499 312"),
              QStringLiteral("Tag=0x1f, ByteCount=3840, Irql=DISPATCH_LEVEL")}) {
            const qreal expected = metrics.horizontalAdvance(text);
            // No kerning here: at most a pixel per few characters apart.
            QVERIFY2(qAbs(painter.widthOf(text) - expected) <= 1 + text.size() / 8.0,
                     qPrintable(QStringLiteral("%1: %2 vs %3")
                                    .arg(text)
                                    .arg(painter.widthOf(text))
                                    .arg(expected)));
        }
    }

    void refusesWhatItCannotDraw() {
        QVERIFY(AsciiTextPainter::canDraw(QStringLiteral("KSSTATE_RUN 48000 Hz")));
        QVERIFY(AsciiTextPainter::canDraw(QString()));
        QVERIFY(!AsciiTextPainter::canDraw(QStringLiteral("PortScope — main")));
        QVERIFY(!AsciiTextPainter::canDraw(QStringLiteral("tab\there")));
        const AsciiTextPainter painter(QApplication::font());
        QImage image = blank(200, 20);
        QPainter p(&image);
        QVERIFY(!painter.draw(&p, QRectF(0, 0, 200, 20), Qt::AlignLeft, QStringLiteral("µs")));
        p.end();
        QCOMPARE(inkColumns(image).first, -1);  // nothing drawn
    }

    void elidesToTheWidth() {
        const AsciiTextPainter painter(QApplication::font());
        const QString text =
            QStringLiteral("IMiniportWaveRTStreamNotification::RegisterNotificationEvent");
        QCOMPARE(painter.charactersFitting(text, painter.widthOf(text)), text.size());
        const int fitting = painter.charactersFitting(text, 100);
        QVERIFY(fitting > 0 && fitting < text.size());
        QImage image = blank(300, 24);
        QPainter p(&image);
        p.setPen(Qt::black);
        QVERIFY(painter.draw(&p, QRectF(10, 0, 100, 24), Qt::AlignLeft, text));
        p.end();
        const auto [first, last] = inkColumns(image);
        QVERIFY(first >= 10);
        QVERIFY2(last <= 111, qPrintable(QString::number(last)));  // within the rectangle
    }

    void alignsLeftRightAndCentre() {
        const AsciiTextPainter painter(QApplication::font());
        const QString text = QStringLiteral("33050");
        const QRectF rect(0, 0, 200, 24);
        auto drawn = [&](Qt::Alignment a) {
            QImage image = blank(200, 24);
            QPainter p(&image);
            p.setPen(Qt::black);
            painter.draw(&p, rect, a, text);
            p.end();
            return inkColumns(image);
        };
        const auto left = drawn(Qt::AlignLeft);
        const auto right = drawn(Qt::AlignRight);
        const auto centre = drawn(Qt::AlignHCenter);
        QVERIFY(left.first >= 0 && left.first < 5);
        QVERIFY(right.second > 194 && right.second < 200);
        QVERIFY(qAbs((centre.first + centre.second) / 2 - 100) <= 3);
    }

    // The event log's delegate draws a cell's text (ASCII through the glyph
    // path, anything else through the style) and the selection highlight.
    void delegatePaintsTextAndSelection() {
        QStandardItemModel model(1, 2);
        model.setData(model.index(0, 0), QStringLiteral("DMA burst"));
        model.setData(model.index(0, 1), QStringLiteral("5 µs"));
        EventLogDelegate delegate;
        QStyleOptionViewItem option;
        option.font = QApplication::font();
        option.palette = QApplication::palette();
        option.state = QStyle::State_Enabled | QStyle::State_Active;
        option.rect = QRect(0, 0, 150, 24);
        for (int column = 0; column < 2; ++column) {
            QImage image = blank(150, 24);
            QPainter p(&image);
            delegate.paint(&p, option, model.index(0, column));
            p.end();
            QVERIFY2(inkColumns(image).first >= 0, qPrintable(QString::number(column)));
        }
        option.state |= QStyle::State_Selected;
        QImage image = blank(150, 24);
        QPainter p(&image);
        delegate.paint(&p, option, model.index(0, 0));
        p.end();
        QCOMPARE(image.pixelColor(149, 1),
                 option.palette.color(QPalette::Active, QPalette::Highlight));
    }
};

}  // namespace ps

QTEST_MAIN(ps::AsciiTextPainterTest)
#include "AsciiTextPainterTest.moc"
