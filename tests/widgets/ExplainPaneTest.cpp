// ExplainPane: a page for a key, the friendly message for an unknown key,
// links followed inside the pane, back and forward; and a screenshot.
#include "widgets/ExplainCatalog.h"
#include "widgets/ExplainPane.h"

#include <QDir>
#include <QTextBrowser>
#include <QtTest>

namespace ps {

class ExplainPaneTest : public QObject {
    Q_OBJECT
  private slots:
    void showsThePageForAKey() {
        ExplainPane pane;
        pane.showTopic(QStringLiteral("IPortWavePciStream::GetMapping"));
        QVERIFY(pane.hasPage());
        QCOMPARE(pane.currentKey(), QStringLiteral("IPortWavePciStream::GetMapping"));
        QVERIFY(pane.plainText().contains(QStringLiteral("IPortWavePciStream::GetMapping")));
        QVERIFY(pane.plainText().contains(QStringLiteral("STATUS_NOT_FOUND")));
        QVERIFY(pane.plainText().contains(QStringLiteral("DISPATCH_LEVEL")));
        // Markdown is rendered, not shown raw.
        QVERIFY(!pane.plainText().contains(QStringLiteral("](explain:")));

        pane.showTopic(QStringLiteral("hda/SDLPIB"));
        QVERIFY(pane.hasPage());
        QVERIFY(pane.plainText().contains(QStringLiteral("link position in buffer")));
    }

    void unknownKeyShowsAFriendlyMessage() {
        ExplainPane pane;
        QVERIFY(pane.plainText().contains(QStringLiteral("Nothing selected")));
        pane.showTopic(QStringLiteral("IFrobnicator::Frob"));
        QVERIFY(!pane.hasPage());
        QVERIFY(pane.plainText().contains(QStringLiteral("No page yet for IFrobnicator::Frob")));
        pane.showTopic(QString());
        QVERIFY(pane.plainText().contains(QStringLiteral("Nothing selected")));
        // Markup in a key is shown as text.
        pane.showTopic(QStringLiteral("<b>x</b>"));
        QVERIFY(pane.plainText().contains(QStringLiteral("<b>x</b>")));

        // A pane over a catalog that failed to load still answers.
        ExplainCatalog broken(QStringLiteral(":/no/such/index.txt"));
        QVERIFY(!broken.loadError().isEmpty());
        ExplainPane brokenPane(broken);
        brokenPane.showTopic(QStringLiteral("concept/bdl"));
        QVERIFY(brokenPane.plainText().contains(QStringLiteral("No page yet for concept/bdl")));
    }

    void followsLinksWithBackAndForward() {
        ExplainPane pane;
        pane.showTopic(QStringLiteral("IPortWavePciStream::GetMapping"));
        QVERIFY(!pane.canGoBack());
        emit pane.browser()->anchorClicked(
            QUrl(QStringLiteral("explain:IPortWavePciStream::ReleaseMapping")));
        QCOMPARE(pane.currentKey(), QStringLiteral("IPortWavePciStream::ReleaseMapping"));
        emit pane.browser()->anchorClicked(QUrl(QStringLiteral("explain:concept/mapping")));
        QCOMPARE(pane.currentKey(), QStringLiteral("concept/mapping"));
        QVERIFY(pane.plainText().contains(QStringLiteral("Mappings and tags")));
        QVERIFY(pane.canGoBack());
        QVERIFY(!pane.canGoForward());

        pane.back();
        QCOMPARE(pane.currentKey(), QStringLiteral("IPortWavePciStream::ReleaseMapping"));
        pane.back();
        QCOMPARE(pane.currentKey(), QStringLiteral("IPortWavePciStream::GetMapping"));
        QVERIFY(!pane.canGoBack());
        pane.back();  // nothing further back: stays
        QCOMPARE(pane.currentKey(), QStringLiteral("IPortWavePciStream::GetMapping"));
        pane.forward();
        QCOMPARE(pane.currentKey(), QStringLiteral("IPortWavePciStream::ReleaseMapping"));
        QVERIFY(pane.canGoForward());
        // A new topic cuts the forward history.
        pane.showTopic(QStringLiteral("concept/dpc"));
        QVERIFY(!pane.canGoForward());
        pane.back();
        QCOMPARE(pane.currentKey(), QStringLiteral("IPortWavePciStream::ReleaseMapping"));

        // The rendered page really carries the links.
        pane.showTopic(QStringLiteral("concept/wavepci"));
        QVERIFY(pane.browser()->toHtml().contains(
            QStringLiteral("explain:IPortWavePciStream::GetMapping")));
    }

    void screenshot() {
        ExplainPane pane;
        pane.resize(560, 640);
        pane.showTopic(QStringLiteral("IPortWavePciStream::GetMapping"));
        const QPixmap pixmap = pane.grab();
        QVERIFY(!pixmap.isNull());
        const QString path =
            QDir(QCoreApplication::applicationDirPath()).filePath("explain-pane.png");
        QVERIFY(pixmap.save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
};

}  // namespace ps

QTEST_MAIN(ps::ExplainPaneTest)
#include "ExplainPaneTest.moc"
