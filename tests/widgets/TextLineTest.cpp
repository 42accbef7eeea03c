// Text that changes every display frame must not relayout the window:
// TextLine repaints itself only, and a label given a fixed size by
// fixLabelSize keeps its size (and so its parent's layout) whatever it says.
#include "widgets/FixedSizeLabel.h"
#include "widgets/TextLine.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QtTest>

namespace ps {

namespace {
// Counts the layout requests a widget receives.
class LayoutRequests : public QObject {
  public:
    int count = 0;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::LayoutRequest)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};
}  // namespace

class TextLineTest : public QObject {
    Q_OBJECT
  private slots:
    void newTextNeitherResizesNorRelayouts() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* line = new TextLine(2, &window);
        auto* label = new QLabel(&window);
        fixLabelSize(label, QStringLiteral("00:00:00.000 000"));
        layout->addWidget(line);
        layout->addWidget(label);
        window.resize(400, 200);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCoreApplication::processEvents();
        const QSize lineSize = line->size();
        const QSize labelSize = label->size();
        LayoutRequests requests;
        window.installEventFilter(&requests);

        for (int i = 0; i < 20; ++i) {
            line->setText(QStringLiteral("PO ON · CIV %1 · LVI 31 · a longer line %2")
                              .arg(i)
                              .arg(QString(i, QLatin1Char('x'))));
            label->setText(QStringLiteral("0:00:0%1.%2").arg(i % 10).arg(i * 12345));
            QCoreApplication::processEvents();
        }
        QCOMPARE(requests.count, 0);
        QCOMPARE(line->size(), lineSize);
        QCOMPARE(label->size(), labelSize);
        QVERIFY(line->text().startsWith(QStringLiteral("PO ON · CIV 19")));
        QCOMPARE(line->accessibleName(), line->text());
        QCOMPARE(line->height(), 2 * line->fontMetrics().lineSpacing() + 2);
        QVERIFY(label->width() >=
                label->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000 000")));
    }

    // The control: an ordinary label asks for a relayout on new text.
    void anOrdinaryLabelWouldRelayout() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* label = new QLabel(&window);
        layout->addWidget(label);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCoreApplication::processEvents();
        LayoutRequests requests;
        window.installEventFilter(&requests);
        label->setText(QStringLiteral("12345"));
        QCoreApplication::processEvents();
        QVERIFY(requests.count > 0);
    }
};

}  // namespace ps

QTEST_MAIN(ps::TextLineTest)
#include "TextLineTest.moc"
