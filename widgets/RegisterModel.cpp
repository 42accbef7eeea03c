#include "widgets/RegisterModel.h"

#include <QElapsedTimer>

namespace ps {

namespace {

qint64 monotonicMs() {
    static QElapsedTimer timer;
    if (!timer.isValid()) {
        timer.start();
    }
    return timer.elapsed();
}

}  // namespace

QString registerHex(std::uint64_t value, int widthBits) {
    const int digits = (widthBits + 3) / 4;
    return QStringLiteral("0x%1")
        .arg(value, digits, 16, QLatin1Char('0'))
        .toUpper()
        .replace(QStringLiteral("0X"), QStringLiteral("0x"));
}

RegisterModel::RegisterModel(QObject* parent) : QAbstractItemModel(parent), m_nowMs(monotonicMs) {}

void RegisterModel::fill(Row& row, const RegisterSnapshot& reg) {
    row.reg = reg;
    row.label = QString::fromStdString(reg.label);
    row.valueText = registerHex(reg.value, reg.layout->widthBits);
    row.decoded = QString::fromStdString(describeRegister(*reg.layout, reg.value));
}

void RegisterModel::setRegisters(const DeviceRegistersSnapshot* device) {
    if (device != nullptr && device->streamId == m_streamId && sameList(*device)) {
        // In place: only rows whose value changed repaint, and they light up.
        const qint64 now = m_nowMs();
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            Row& row = m_rows[i];
            const RegisterSnapshot& reg = device->registers[i];
            if (row.reg.value == reg.value) {
                continue;
            }
            fill(row, reg);
            row.changedAtMs = now;
            const int r = static_cast<int>(i);
            emit dataChanged(index(r, 0), index(r, ColumnCount - 1));
            const int fields = static_cast<int>(row.reg.layout->fieldCount);
            if (fields > 0) {
                const QModelIndex parent = index(r, 0);
                emit dataChanged(index(0, Value, parent), index(fields - 1, Value, parent));
            }
        }
        return;
    }
    beginResetModel();
    m_rows.clear();
    m_streamId = device != nullptr ? device->streamId : -1;
    if (device != nullptr) {
        m_rows.resize(device->registers.size());
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            fill(m_rows[i], device->registers[i]);
        }
    }
    endResetModel();
}

bool RegisterModel::sameList(const DeviceRegistersSnapshot& device) const {
    if (m_rows.size() != device.registers.size()) {
        return false;
    }
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].reg.layout != device.registers[i].layout ||
            m_rows[i].reg.offset != device.registers[i].offset) {
            return false;
        }
    }
    return true;
}

bool RegisterModel::fadeTick() {
    const qint64 now = m_nowMs();
    bool fading = false;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        Row& row = m_rows[i];
        if (row.changedAtMs < 0) {
            continue;
        }
        if (now - row.changedAtMs >= kHighlightFadeMs) {
            row.changedAtMs = -1;
        } else {
            fading = true;
        }
        const int r = static_cast<int>(i);
        emit dataChanged(index(r, 0), index(r, ColumnCount - 1), {Qt::BackgroundRole});
    }
    return fading;
}

const RegisterSnapshot* RegisterModel::registerAt(const QModelIndex& index) const {
    if (!index.isValid()) {
        return nullptr;
    }
    const std::size_t row = index.internalId() == kTopLevel
                                ? static_cast<std::size_t>(index.row())
                                : static_cast<std::size_t>(index.internalId());
    return row < m_rows.size() ? &m_rows[row].reg : nullptr;
}

QString RegisterModel::explainKey(const QModelIndex& index) const {
    const RegisterSnapshot* reg = registerAt(index);
    if (reg == nullptr) {
        return {};
    }
    return QString::fromLatin1(reg->layout->device) + QLatin1Char('/') +
           QString::fromLatin1(reg->layout->name);
}

int RegisterModel::rowOf(const char* registerName) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (qstrcmp(m_rows[i].reg.layout->name, registerName) == 0) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

QModelIndex RegisterModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount) {
        return {};
    }
    if (!parent.isValid()) {
        return row < static_cast<int>(m_rows.size()) ? createIndex(row, column, kTopLevel)
                                                     : QModelIndex();
    }
    if (parent.internalId() != kTopLevel || parent.row() >= static_cast<int>(m_rows.size())) {
        return {};
    }
    const Row& r = m_rows[static_cast<std::size_t>(parent.row())];
    if (row >= static_cast<int>(r.reg.layout->fieldCount)) {
        return {};
    }
    return createIndex(row, column, static_cast<quintptr>(parent.row()));
}

QModelIndex RegisterModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kTopLevel) {
        return {};
    }
    return createIndex(static_cast<int>(child.internalId()), 0, kTopLevel);
}

int RegisterModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) {
        return static_cast<int>(m_rows.size());
    }
    if (parent.internalId() != kTopLevel || parent.column() != 0 ||
        parent.row() >= static_cast<int>(m_rows.size())) {
        return 0;
    }
    return static_cast<int>(m_rows[static_cast<std::size_t>(parent.row())].reg.layout->fieldCount);
}

int RegisterModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant RegisterModel::background(const Row& row) const {
    if (row.changedAtMs < 0) {
        return {};
    }
    const qint64 age = m_nowMs() - row.changedAtMs;
    if (age >= kHighlightFadeMs) {
        return {};
    }
    QColor c = m_highlight;
    c.setAlphaF(m_highlight.alphaF() * (1.0 - static_cast<double>(age) / kHighlightFadeMs));
    return c;
}

QVariant RegisterModel::fieldData(const Row& row, int field, int column, int role) const {
    const RegisterField& f = row.reg.layout->fields[field];
    const std::uint64_t v = fieldValue(f, row.reg.value);
    if (role == Qt::UserRole && column == Value) {
        return QVariant::fromValue<qulonglong>(v);
    }
    if (role == Qt::ToolTipRole) {
        return QString::fromLatin1(f.meaning);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case Name:
            return QString::fromLatin1(f.name);
        case Offset:
            return QString::fromStdString(fieldBitsText(f));
        case Width:
            return static_cast<int>(f.bits);
        case Value:
            return f.bits == 1 ? QString::number(v) : registerHex(v, f.bits);
        case Decoded:
            return QString::fromLatin1(f.meaning);
        default:
            return {};
    }
}

QVariant RegisterModel::data(const QModelIndex& index, int role) const {
    const RegisterSnapshot* reg = registerAt(index);
    if (reg == nullptr) {
        return {};
    }
    const bool top = index.internalId() == kTopLevel;
    const Row& row = m_rows[top ? static_cast<std::size_t>(index.row())
                                : static_cast<std::size_t>(index.internalId())];
    if (!top) {
        return fieldData(row, index.row(), index.column(), role);
    }
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case Name:
                    return row.label;
                case Offset:
                    return registerHex(row.reg.offset, row.reg.layout->device[0] == 'h' ? 16 : 8);
                case Width:
                    return static_cast<int>(row.reg.layout->widthBits);
                case Value:
                    return row.valueText;
                case Decoded:
                    return row.decoded;
                default:
                    return {};
            }
        case Qt::UserRole:
            if (index.column() == Value) {
                return QVariant::fromValue<qulonglong>(row.reg.value);
            }
            if (index.column() == Offset) {
                return row.reg.offset;
            }
            return {};
        case Qt::BackgroundRole:
            return background(row);
        case Qt::ToolTipRole:
            return QStringLiteral("%1/%2%3").arg(
                QLatin1String(row.reg.layout->device), QLatin1String(row.reg.layout->name),
                row.reg.layout->readOnly ? QStringLiteral(", read-only") : QString());
        default:
            return {};
    }
}

QVariant RegisterModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
        case Name:
            return tr("Register");
        case Offset:
            return tr("Offset");
        case Width:
            return tr("Bits");
        case Value:
            return tr("Value");
        case Decoded:
            return tr("Decoded");
        default:
            return {};
    }
}

}  // namespace ps
