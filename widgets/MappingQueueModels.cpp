#include "widgets/MappingQueueModels.h"

namespace ps {

QString hexAddress(std::uint64_t address) {
    return QStringLiteral("0x%1").arg(address, address > 0xFFFFFFFFu ? 16 : 8, 16,
                                      QLatin1Char('0'));
}

QString slotMarks(const MappingQueueSnapshot& queue, int slot) {
    QString marks;
    const auto add = [&marks](const char* mark) {
        if (!marks.isEmpty()) {
            marks += QLatin1Char(' ');
        }
        marks += QLatin1String(mark);
    };
    if (slot == queue.civ) {
        add("CIV");
    }
    if (slot == queue.lvi) {
        add("LVI");
    }
    if (slot == queue.piv) {
        add("PIV");
    }
    return marks;
}

QString microseconds(TimeNs ns) {
    if (ns < 0) {
        return QString();
    }
    return QStringLiteral("%1.%2 µs")
        .arg(ns / 1000)
        .arg(static_cast<int>(ns % 1000), 3, 10, QLatin1Char('0'));
}

// ---- MappingTableModel --------------------------------------------------------

MappingTableModel::MappingTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void MappingTableModel::setQueue(const MappingQueueSnapshot* queue) {
    const int rows = queue != nullptr ? static_cast<int>(queue->mappings.size()) : 0;
    if (rows != m_rows) {
        beginResetModel();
        if (queue != nullptr) {
            m_copy = *queue;
        }
        m_queue = queue != nullptr ? &m_copy : nullptr;
        m_rows = rows;
        endResetModel();
        return;
    }
    if (queue != nullptr) {
        m_copy = *queue;
    }
    m_queue = queue != nullptr ? &m_copy : nullptr;
    if (rows > 0) {
        emit dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
    }
}

int MappingTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

int MappingTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MappingTableModel::data(const QModelIndex& index, int role) const {
    if (m_queue == nullptr || !index.isValid() || index.row() >= m_rows) {
        return {};
    }
    const MappingEntrySnapshot& m = m_queue->mappings[static_cast<std::size_t>(index.row())];
    const bool available = m.phase == MappingPhase::Available;
    if (role == Qt::UserRole) {
        switch (index.column()) {
            case Phase:
                return static_cast<int>(m.phase);
            case Tag:
                return static_cast<qulonglong>(m.tag);
            case Packet:
                return static_cast<qulonglong>(m.packetId);
            case Address:
                return static_cast<qulonglong>(m.physicalAddress);
            case Bytes:
                return static_cast<qulonglong>(m.byteCount);
            case Slot:
                return m.slot;
            case Offset:
                return static_cast<qulonglong>(m.streamOffsetBytes);
            case Acquired:
                return static_cast<qlonglong>(m.acquiredAtNs);
            case Ended:
                return static_cast<qlonglong>(m.endedAtNs);
            default:
                return {};
        }
    }
    if (role == Qt::TextAlignmentRole) {
        return index.column() == Phase ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole) {
        return {};
    }
    switch (index.column()) {
        case Phase:
            return QString::fromLatin1(mappingPhaseName(m.phase)) +
                   (m.lastOfPacket && !available ? QStringLiteral(" (end of packet)") : QString());
        case Tag:
            return available ? QStringLiteral("—") : QString::number(m.tag);
        case Packet:
            return QString::number(m.packetId);
        case Address:
            return hexAddress(m.physicalAddress);
        case Bytes:
            return QString::number(m.byteCount);
        case Slot:
            return m.slot >= 0 ? QString::number(m.slot) : QString();
        case Offset:
            return QString::number(m.streamOffsetBytes);
        case Acquired:
            return microseconds(m.acquiredAtNs);
        case Ended:
            return microseconds(m.endedAtNs);
        default:
            return {};
    }
}

QVariant MappingTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Phase:
            return tr("Phase");
        case Tag:
            return tr("Tag");
        case Packet:
            return tr("Packet");
        case Address:
            return tr("Physical address");
        case Bytes:
            return tr("Bytes");
        case Slot:
            return tr("Slot");
        case Offset:
            return tr("Stream offset");
        case Acquired:
            return tr("Acquired");
        case Ended:
            return tr("Ended");
        default:
            return {};
    }
}

// ---- DescriptorSlotModel ------------------------------------------------------

DescriptorSlotModel::DescriptorSlotModel(QObject* parent) : QAbstractTableModel(parent) {}

void DescriptorSlotModel::setQueue(const MappingQueueSnapshot* queue) {
    const bool hadRows = m_queue != nullptr;
    if (hadRows != (queue != nullptr)) {
        beginResetModel();
        if (queue != nullptr) {
            m_copy = *queue;
        }
        m_queue = queue != nullptr ? &m_copy : nullptr;
        endResetModel();
        return;
    }
    if (queue != nullptr) {
        m_copy = *queue;
    }
    m_queue = queue != nullptr ? &m_copy : nullptr;
    if (m_queue != nullptr) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

int DescriptorSlotModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || m_queue == nullptr
               ? 0
               : static_cast<int>(m_queue->descriptorSlots.size());
}

int DescriptorSlotModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DescriptorSlotModel::data(const QModelIndex& index, int role) const {
    if (m_queue == nullptr || !index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const DescriptorSlotSnapshot& s =
        m_queue->descriptorSlots[static_cast<std::size_t>(index.row())];
    if (role == Qt::UserRole) {
        switch (index.column()) {
            case Slot:
                return index.row();
            case Address:
                return static_cast<qulonglong>(s.address);
            case Samples:
                return static_cast<uint>(s.samples);
            case Bytes:
                return static_cast<uint>(s.bytes);
            case Ioc:
                return s.ioc;
            case Bup:
                return s.bup;
            case Tag:
                return static_cast<qulonglong>(s.queued ? s.tag : 0);
            default:
                return {};
        }
    }
    if (role == Qt::TextAlignmentRole) {
        return index.column() == Marks ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole) {
        return {};
    }
    if (!s.readable && index.column() > Marks) {
        return index.column() == Address ? tr("unreadable") : QString();
    }
    switch (index.column()) {
        case Slot:
            return QString::number(index.row());
        case Marks:
            return slotMarks(*m_queue, index.row());
        case Address:
            return hexAddress(s.address);
        case Samples:
            return QString::number(s.samples);
        case Bytes:
            return QString::number(s.bytes);
        case Ioc:
            return s.ioc ? QStringLiteral("IOC") : QString();
        case Bup:
            return s.bup ? QStringLiteral("BUP") : QString();
        case Tag:
            return s.queued ? QString::number(s.tag) : QString();
        default:
            return {};
    }
}

QVariant DescriptorSlotModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Slot:
            return tr("Slot");
        case Marks:
            return tr("Registers");
        case Address:
            return tr("Address");
        case Samples:
            return tr("Samples");
        case Bytes:
            return tr("Bytes");
        case Ioc:
            return tr("IOC");
        case Bup:
            return tr("BUP");
        case Tag:
            return tr("Tag");
        default:
            return {};
    }
}

}  // namespace ps
