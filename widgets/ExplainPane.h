// ExplainPane: the explanation page of the selected call, register or
// concept (ExplainCatalog), in a text browser with back and forward. Links
// to other topics ("explain:<key>") open inside the pane; web links open in
// the desktop's browser. GUI thread only.
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QTextBrowser;
class QToolButton;
class QUrl;

namespace ps {

class ExplainCatalog;

class ExplainPane : public QWidget {
    Q_OBJECT
  public:
    explicit ExplainPane(QWidget* parent = nullptr);
    // For tests: a pane over another catalog (which must outlive it).
    ExplainPane(const ExplainCatalog& catalog, QWidget* parent = nullptr);

    // Shows the page for key and records it in the history (showing the
    // current topic again does nothing). An unknown or empty key shows a
    // short message that names it.
    void showTopic(const QString& key);

    QString currentKey() const { return m_key; }
    bool hasPage() const { return m_hasPage; }
    bool canGoBack() const { return m_position > 0; }
    bool canGoForward() const { return m_position + 1 < m_history.size(); }
    // The page as plain text (what a reader sees), for tests and screen readers.
    QString plainText() const;
    QTextBrowser* browser() const { return m_browser; }

  public slots:
    void back();
    void forward();

  signals:
    void topicShown(const QString& key);

  private:
    void display(const QString& key);
    void openLink(const QUrl& url);
    void updateButtons();

    const ExplainCatalog& m_catalog;
    QToolButton* m_back;
    QToolButton* m_forward;
    QLabel* m_title;
    QTextBrowser* m_browser;
    QStringList m_history;
    int m_position = -1;
    QString m_key;
    bool m_hasPage = false;
};

}  // namespace ps
