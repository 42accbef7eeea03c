#include "widgets/ExplainPane.h"

#include "widgets/ExplainCatalog.h"

#include <QDesktopServices>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPalette>
#include <QStyle>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace ps {

namespace {

constexpr int kMaxHistory = 100;

QString missingPageMarkdown(const QString& key) {
    if (key.isEmpty())
        return QStringLiteral(
            "# Nothing selected\n\nSelect a row in the event log, or a "
            "register or object in another view, to read what it means.\n");
    return QStringLiteral(
               "# No page yet for %1\n\nPortScope has no explanation for **%1** yet. The "
               "[event log](explain:concept/event-log) page says how records are named, and "
               "the [DDI overview](explain:concept/portcls) lists the pages there are.\n")
        .arg(key.toHtmlEscaped());
}

// Qt's Markdown import sizes headings for a full page (H1 at +3 steps) and
// leaves code blocks in the body font; in a narrow dock the title wraps and
// signatures lose their alignment. Tone headings down and set code in the
// system's fixed font on a light background.
// The platform's fixed font, or else the first fixed-pitch family installed
// (platforms without a font configuration, such as offscreen, answer with a
// proportional font).
QString fixedFontFamily() {
    static const QString family = [] {
        const QFont system = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (QFontInfo(system).fixedPitch())
            return system.family();
        const QFontDatabase database;
        for (const QString& candidate : database.families()) {
            if (database.isFixedPitch(candidate))
                return candidate;
        }
        return system.family();
    }();
    return family;
}

void styleDocument(QTextDocument* document, const QPalette& palette) {
    const QString fixedFamily = fixedFontFamily();
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const QTextBlockFormat format = block.blockFormat();
        cursor.setPosition(block.position());
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
        if (format.headingLevel() > 0) {
            QTextCharFormat heading;
            heading.setProperty(QTextFormat::FontSizeAdjustment,
                                format.headingLevel() == 1 ? 1 : 0);
            heading.setFontWeight(QFont::Bold);
            cursor.mergeCharFormat(heading);
        } else if (format.hasProperty(QTextFormat::BlockCodeFence) || format.nonBreakableLines()) {
            QTextCharFormat code;
            code.setFontFamily(fixedFamily);
            code.setFontFixedPitch(true);
            code.setProperty(QTextFormat::FontSizeAdjustment, -1);
            cursor.mergeCharFormat(code);
            QTextBlockFormat background;
            background.setBackground(palette.color(QPalette::AlternateBase));
            cursor.mergeBlockFormat(background);
        }
    }
    cursor.endEditBlock();
}

}  // namespace

ExplainPane::ExplainPane(QWidget* parent) : ExplainPane(ExplainCatalog::instance(), parent) {}

ExplainPane::ExplainPane(const ExplainCatalog& catalog, QWidget* parent)
    : QWidget(parent),
      m_catalog(catalog),
      m_back(new QToolButton(this)),
      m_forward(new QToolButton(this)),
      m_title(new QLabel(this)),
      m_browser(new QTextBrowser(this)) {
    m_back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_back->setToolTip(tr("Back (Alt+Left)"));
    m_back->setShortcut(QKeySequence::Back);
    m_forward->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_forward->setToolTip(tr("Forward (Alt+Right)"));
    m_forward->setShortcut(QKeySequence::Forward);
    m_back->setAutoRaise(true);
    m_forward->setAutoRaise(true);
    connect(m_back, &QToolButton::clicked, this, &ExplainPane::back);
    connect(m_forward, &QToolButton::clicked, this, &ExplainPane::forward);

    // The page shows its own title; the bar shows the explain key, which is
    // what the event log and the other views refer to.
    QPalette titlePalette = m_title->palette();
    titlePalette.setColor(QPalette::WindowText,
                          titlePalette.color(QPalette::Disabled, QPalette::WindowText));
    m_title->setPalette(titlePalette);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Links are ours to follow: topic links stay in the pane, and the
    // browser must not try to load "explain:" URLs as documents.
    m_browser->setAccessibleName(tr("Explanation"));
    m_browser->setOpenLinks(false);
    m_browser->setOpenExternalLinks(false);
    m_browser->document()->setDocumentMargin(8);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &ExplainPane::openLink);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_back);
    bar->addWidget(m_forward);
    bar->addWidget(m_title, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_browser, 1);
    display(QString());
    updateButtons();
}

void ExplainPane::showTopic(const QString& rawKey) {
    const QString key = rawKey.trimmed();
    if (m_position >= 0 && m_history.at(m_position) == key)
        return;
    // A new topic cuts the forward history, as a web browser does.
    while (m_history.size() > m_position + 1)
        m_history.removeLast();
    m_history.append(key);
    if (m_history.size() > kMaxHistory)
        m_history.removeFirst();
    m_position = m_history.size() - 1;
    display(key);
    updateButtons();
}

void ExplainPane::back() {
    if (!canGoBack())
        return;
    --m_position;
    display(m_history.at(m_position));
    updateButtons();
}

void ExplainPane::forward() {
    if (!canGoForward())
        return;
    ++m_position;
    display(m_history.at(m_position));
    updateButtons();
}

QString ExplainPane::plainText() const {
    return m_browser->toPlainText();
}

void ExplainPane::display(const QString& key) {
    m_key = key;
    QString text = m_catalog.markdown(key);
    m_hasPage = !text.isEmpty();
    if (!m_hasPage)
        text = missingPageMarkdown(key);
    m_browser->setMarkdown(text);
    styleDocument(m_browser->document(), palette());
    m_title->setText(key);
    m_title->setToolTip(m_hasPage ? m_catalog.title(key) : QString());
    emit topicShown(key);
}

void ExplainPane::openLink(const QUrl& url) {
    if (url.scheme() == QLatin1String("explain")) {
        showTopic(url.path());
        return;
    }
    if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        QDesktopServices::openUrl(url);
}

void ExplainPane::updateButtons() {
    m_back->setEnabled(canGoBack());
    m_forward->setEnabled(canGoForward());
}

}  // namespace ps
