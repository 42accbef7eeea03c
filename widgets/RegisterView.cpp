#include "widgets/RegisterView.h"

#include "widgets/CachedTextDelegate.h"
#include "widgets/ClientRegisterModel.h"
#include "widgets/RegisterModel.h"
#include "widgets/StreamSelector.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace ps {

namespace {
constexpr int kFadeIntervalMs = 40;  // 25 Hz: enough for a fade nobody reads numbers from
}

RegisterView::RegisterView(QWidget* parent)
    : QWidget(parent),
      m_selector(new StreamSelector(this)),
      m_device(new QLabel(this)),
      m_model(new RegisterModel(this)),
      m_tree(new QTreeView(this)),
      m_clientModel(new ClientRegisterModel(this)),
      m_clientTable(new QTableView(this)) {
    setAccessibleName(tr("Register view"));
    m_model->setHighlightColor(palette().color(QPalette::Highlight).lighter(130));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new CachedTextDelegate(m_tree));
    m_tree->setAccessibleName(tr("Device registers"));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(false);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setStretchLastSection(true);
    const int digit = m_tree->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_tree->setColumnWidth(RegisterModel::Name, 16 * digit);
    m_tree->setColumnWidth(RegisterModel::Offset, 9 * digit);
    m_tree->setColumnWidth(RegisterModel::Width, 5 * digit);
    m_tree->setColumnWidth(RegisterModel::Value, 13 * digit);

    m_clientTable->setModel(m_clientModel);
    m_clientTable->setItemDelegate(new CachedTextDelegate(m_clientTable));
    m_clientTable->setAccessibleName(tr("Position and clock registers"));
    m_clientTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clientTable->verticalHeader()->setVisible(false);
    m_clientTable->horizontalHeader()->setStretchLastSection(true);
    m_clientTable->setWordWrap(false);
    m_clientTable->setColumnWidth(ClientRegisterModel::Register, 24 * digit);
    m_clientTable->setColumnWidth(ClientRegisterModel::Target, 18 * digit);
    m_clientTable->setColumnWidth(ClientRegisterModel::Width, 8 * digit);
    m_clientTable->setColumnWidth(ClientRegisterModel::Ratio, 26 * digit);
    m_clientTable->setColumnWidth(ClientRegisterModel::Accuracy, 10 * digit);
    m_clientTable->setColumnWidth(ClientRegisterModel::Value, 24 * digit);

    m_device->setAccessibleName(tr("Register device"));
    m_device->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_selector);
    top->addWidget(m_device, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(m_clientTable);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    m_fadeTimer.setInterval(kFadeIntervalMs);
    connect(&m_fadeTimer, &QTimer::timeout, this, [this] {
        if (!m_model->fadeTick()) {
            m_fadeTimer.stop();
        }
    });
    connect(m_selector, &StreamSelector::streamSelected, this, [this](int) { showSelected(); });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const QString key = m_model->explainKey(current);
                if (!key.isEmpty()) {
                    emit explainRequested(key);
                }
            });
    showSelected();
}

QString RegisterView::deviceText() const {
    return m_device->text();
}

void RegisterView::showSnapshot(const SessionSnapshot& snapshot) {
    m_devices = snapshot.deviceRegisters;
    const bool same = !m_selector->offerStreamsOf(m_devices, snapshot);
    if (!same || tablesDue(snapshot, m_tablesShown)) {
        showSelected();
    }
}

void RegisterView::showSelected(bool tables) {
    if (!tables) {
        return;
    }
    const DeviceRegistersSnapshot* shown = itemOfStream(m_devices, m_selector->selectedStream());
    const QString device =
        shown != nullptr ? QString::fromStdString(shown->deviceName) : tr("No open stream");
    if (m_device->text() != device) {
        m_device->setText(device);
    }
    m_model->setRegisters(shown);
    m_clientModel->setRegisters(shown != nullptr ? &shown->clientRegisters : nullptr);
    if (m_model->fadeTick() && !m_fadeTimer.isActive()) {
        m_fadeTimer.start();
    }
}

}  // namespace ps
