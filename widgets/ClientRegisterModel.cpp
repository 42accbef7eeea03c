#include "widgets/ClientRegisterModel.h"

#include "widgets/RegisterModel.h"

namespace ps {

QString frequencyText(double hz) {
    if (hz <= 0) {
        return QStringLiteral("—");
    }
    if (hz >= 1e6) {
        return QStringLiteral("%1 MHz").arg(hz / 1e6, 0, 'g', 6);
    }
    if (hz >= 1e3) {
        return QStringLiteral("%1 kHz").arg(hz / 1e3, 0, 'g', 6);
    }
    return QStringLiteral("%1 Hz").arg(hz, 0, 'g', 6);
}

ClientRegisterModel::ClientRegisterModel(QObject* parent) : QAbstractTableModel(parent) {}

void ClientRegisterModel::setRegisters(const std::vector<ClientRegisterSnapshot>* registers) {
    const std::size_t count = registers != nullptr ? registers->size() : 0;
    if (count == m_rows.size() && count > 0) {
        m_rows = *registers;  // same rows: values only
        emit dataChanged(index(0, 0), index(static_cast<int>(count) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = registers != nullptr ? *registers : std::vector<ClientRegisterSnapshot>{};
    endResetModel();
}

int ClientRegisterModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ClientRegisterModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientRegisterModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size())) {
        return {};
    }
    const ClientRegisterSnapshot& r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == Qt::UserRole) {
        switch (index.column()) {
            case Value:
                return QVariant::fromValue<qulonglong>(r.value);
            case Accuracy:
                return r.accuracy;
            case Frequency:
                return r.frequencyHz;
            case Width:
                return r.widthBits;
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    if (index.column() == Register) {
        return r.clock ? tr("Clock register") : tr("Position register");
    }
    if (!r.available) {
        return index.column() == Target ? tr("not offered (the client reads GetPosition)")
                                        : QVariant();
    }
    switch (index.column()) {
        case Target:
            return QString::fromStdString(r.target);
        case Width:
            return tr("%1 bit").arg(r.widthBits);
        case Ratio:
            return QStringLiteral("%1 / %2").arg(r.numerator).arg(r.denominator);
        case Accuracy:
            return r.clock ? (r.accuracy == 1 ? tr("1 tick") : tr("%1 ticks").arg(r.accuracy))
                           : tr("%1 B").arg(r.accuracy);
        case Value:
            return QStringLiteral("%1 (%2)")
                .arg(registerHex(r.value, static_cast<int>(r.widthBits)))
                .arg(r.value);
        case Frequency:
            return frequencyText(r.frequencyHz);
        default:
            return {};
    }
}

QVariant ClientRegisterModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
        case Register:
            return tr("KSRTAUDIO_HWREGISTER");
        case Target:
            return tr("Reads");
        case Width:
            return tr("Width");
        case Ratio:
            return tr("Numerator / Denominator");
        case Accuracy:
            return tr("Accuracy");
        case Value:
            return tr("Current value");
        case Frequency:
            return tr("Frequency");
        default:
            return {};
    }
}

}  // namespace ps
