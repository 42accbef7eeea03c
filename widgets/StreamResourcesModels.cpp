#include "widgets/StreamResourcesModels.h"

#include "widgets/SimTimeFormat.h"

namespace ps {

namespace {

QString msText(TimeNs ns) {
    return QStringLiteral("%1 ms").arg(static_cast<double>(ns) / 1e6, 0, 'f',
                                       ns % 1'000'000 ? 3 : 0);
}

}  // namespace

// ---- RegistrationModel -------------------------------------------------------

RegistrationModel::RegistrationModel(QObject* parent) : QAbstractTableModel(parent) {}

void RegistrationModel::setResources(const StreamResourcesSnapshot& resources) {
    std::size_t rows = 0;
    for (const AdapterResourcesSnapshot& a : resources.adapters) {
        rows += a.registrations.size();
    }
    const bool reset = rows != m_rows.size();
    if (reset) {
        beginResetModel();
    }
    m_rows.resize(rows);
    std::size_t i = 0;
    for (const AdapterResourcesSnapshot& a : resources.adapters) {
        const QString adapter = QString::fromStdString(a.name);
        for (const StreamResourceRegistrationSnapshot& r : a.registrations) {
            m_rows[i].adapter = adapter;
            m_rows[i].reg = r;
            ++i;
        }
    }
    if (reset) {
        endResetModel();
    } else if (rows > 0) {
        emit dataChanged(index(0, 0), index(static_cast<int>(rows) - 1, ColumnCount - 1));
    }
}

int RegistrationModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RegistrationModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RegistrationModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size())) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const StreamResourceRegistrationSnapshot& r = row.reg;
    switch (role) {
        case Qt::ForegroundRole:
            return r.removed ? QVariant(m_grey) : QVariant();
        case RemovedRole:
            return r.removed;
        case Qt::UserRole:
            switch (index.column()) {
                case Handle:
                    return QVariant::fromValue<qulonglong>(r.handle);
                case RegisteredAt:
                    return QVariant::fromValue<qlonglong>(r.registeredAtNs);
                case RemovedAt:
                    return QVariant::fromValue<qlonglong>(r.removedAtNs);
                case Shielded:
                    return r.shielded;
                default:
                    return {};
            }
        case Qt::DisplayRole:
            break;
        default:
            return {};
    }
    switch (index.column()) {
        case Adapter:
            return row.adapter;
        case Handle:
            return QStringLiteral("0x%1").arg(r.handle, 0, 16);
        case Type:
            return QString::fromStdString(r.type);
        case Owner:
            return QStringLiteral("%1 (id %2)")
                .arg(QString::fromStdString(r.owner))
                .arg(r.resourceId);
        case Pdo:
            return QString::fromStdString(r.pdo);
        case Method:
            return QString::fromStdString(r.method);
        case RegisteredAt:
            return formatSimTime(r.registeredAtNs);
        case RemovedAt:
            return !r.removed           ? tr("registered")
                   : r.removedAtNs >= 0 ? formatSimTime(r.removedAtNs)
                                        : tr("at device removal");
        case Shielded:
            return r.shielded ? tr("yes") : tr("no");
        default:
            return {};
    }
}

QVariant RegistrationModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char* const kHeaders[] = {"Adapter",  "Handle",        "Type",
                                           "Owner",    "Registered at", "Removed at",
                                           "Shielded", "Registered by", "PDO"};
    return section >= 0 && section < ColumnCount ? tr(kHeaders[section]) : QVariant();
}

// ---- AdapterPowerModel -------------------------------------------------------

AdapterPowerModel::AdapterPowerModel(QObject* parent) : QAbstractTableModel(parent) {}

void AdapterPowerModel::setResources(const StreamResourcesSnapshot& resources) {
    const bool reset = resources.adapters.size() != m_rows.size();
    if (reset) {
        beginResetModel();
    }
    m_rows.resize(resources.adapters.size());
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        AdapterResourcesSnapshot& row = m_rows[i];
        const AdapterResourcesSnapshot& a = resources.adapters[i];
        row.name = a.name;
        row.pdo = a.pdo;
        row.powerState = a.powerState;
        row.poweringUp = a.poweringUp;
        row.d0ReadyAtNs = a.d0ReadyAtNs;
        row.exitLatency = a.exitLatency;
        row.exitLatencyNs = a.exitLatencyNs;
        row.idleTimeoutNs = a.idleTimeoutNs;
        row.activeStreams = a.activeStreams;
        row.powerTransitions = a.powerTransitions;
        row.registeredNow = a.registeredNow;
        row.addCount = a.addCount;
        row.removeCount = a.removeCount;
    }
    if (reset) {
        endResetModel();
    } else if (!m_rows.empty()) {
        emit dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
    }
}

int AdapterPowerModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AdapterPowerModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AdapterPowerModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size())) {
        return {};
    }
    const AdapterResourcesSnapshot& a = m_rows[static_cast<std::size_t>(index.row())];
    if (role == Qt::UserRole) {
        switch (index.column()) {
            case ExitLatencyMs:
                return QVariant::fromValue<qlonglong>(a.exitLatencyNs);
            case IdleTimeout:
                return QVariant::fromValue<qlonglong>(a.idleTimeoutNs);
            case ActiveStreams:
                return a.activeStreams;
            case Transitions:
                return QVariant::fromValue<qulonglong>(a.powerTransitions);
            case Registrations:
                return QVariant::fromValue<qulonglong>(a.registeredNow);
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
        case Adapter:
            return QString::fromStdString(a.name);
        case PowerState:
            return a.poweringUp ? tr("%1, D0 at %2")
                                      .arg(QString::fromStdString(a.powerState),
                                           formatSimTime(a.d0ReadyAtNs))
                                : QString::fromStdString(a.powerState);
        case ExitLatency:
            return QString::fromStdString(a.exitLatency);
        case ExitLatencyMs:
            return msText(a.exitLatencyNs);
        case IdleTimeout:
            return a.idleTimeoutNs > 0 ? msText(a.idleTimeoutNs) : tr("never idles");
        case ActiveStreams:
            return a.activeStreams;
        case Transitions:
            return QVariant::fromValue<qulonglong>(a.powerTransitions);
        case Registrations:
            return tr("%1 now, %2 added, %3 removed")
                .arg(a.registeredNow)
                .arg(a.addCount)
                .arg(a.removeCount);
        default:
            return {};
    }
}

QVariant AdapterPowerModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char* const kHeaders[] = {"Adapter",     "Power",           "Exit latency",
                                           "D3 → D0",     "Idle timeout",    "Active streams",
                                           "Transitions", "Stream resources"};
    return section >= 0 && section < ColumnCount ? tr(kHeaders[section]) : QVariant();
}

}  // namespace ps
