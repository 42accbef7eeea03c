#include "widgets/CyclicBufferModel.h"

#include "widgets/MappingQueueModels.h"

namespace ps {

QString bytesWithTime(std::int64_t bytes, const CyclicBufferSnapshot& buffer) {
    QString s = QStringLiteral("%1 B").arg(bytes);
    if (buffer.bytesPerFrame == 0) {
        return s;
    }
    const double frames = double(bytes) / buffer.bytesPerFrame;
    s += QStringLiteral(" (%1 frames").arg(frames, 0, 'f', bytes % buffer.bytesPerFrame ? 2 : 0);
    if (buffer.rateHz != 0) {
        s += QStringLiteral(", %1 ms").arg(frames * 1000.0 / buffer.rateHz, 0, 'f', 3);
    }
    return s + QLatin1Char(')');
}

CyclicBufferModel::CyclicBufferModel(QObject* parent) : QAbstractTableModel(parent) {}

int CyclicBufferModel::rowsFor(const CyclicBufferSnapshot* buffer) const {
    return buffer == nullptr ? 0
                             : FixedRowCount + static_cast<int>(buffer->bdl.size()) +
                                   static_cast<int>(buffer->underruns.size()) +
                                   static_cast<int>(buffer->hardwareGlitches.size());
}

void CyclicBufferModel::setBuffer(const CyclicBufferSnapshot* buffer) {
    const int rows = rowsFor(buffer);
    if (rows != m_rows) {
        beginResetModel();
        if (buffer != nullptr) {
            m_copy = *buffer;
        }
        m_buffer = buffer != nullptr ? &m_copy : nullptr;
        m_rows = rows;
        endResetModel();
        return;
    }
    if (buffer != nullptr) {
        m_copy = *buffer;
    }
    m_buffer = buffer != nullptr ? &m_copy : nullptr;
    if (rows > 0) {
        emit dataChanged(index(0, Value), index(rows - 1, Value));
    }
}

int CyclicBufferModel::firstUnderrunRow() const {
    return FixedRowCount + (m_buffer != nullptr ? static_cast<int>(m_buffer->bdl.size()) : 0);
}

int CyclicBufferModel::firstHardwareGlitchRow() const {
    return firstUnderrunRow() +
           (m_buffer != nullptr ? static_cast<int>(m_buffer->underruns.size()) : 0);
}

int CyclicBufferModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

int CyclicBufferModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString CyclicBufferModel::itemText(int row) const {
    switch (row) {
        case BufferSize:
            return tr("Buffer size");
        case Mode:
            return tr("Mode");
        case FetchOffset:
            return tr("Fetch position (LPIB)");
        case FetchPosition:
            return tr("Fetch position, stream");
        case PlayOffset:
            return m_buffer->capture ? tr("Record position (ADC)") : tr("Play position (DAC)");
        case PlayPosition:
            return m_buffer->capture ? tr("Record position, stream") : tr("Play position, stream");
        case ClientOffset:
            return m_buffer->capture ? tr("Client read position") : tr("Client write position");
        case ClientPosition:
            return m_buffer->capture ? tr("Client read position, stream")
                                     : tr("Client write position, stream");
        case Padding:
            return m_buffer->capture ? tr("Padding (recorded, unread)")
                                     : tr("Padding (written, unplayed)");
        case Fifo:
            return tr("FIFO level / size");
        case CurrentEntry:
            return tr("Current BDL entry");
        case NotificationPoints:
            return tr("Notification points");
        case Underruns:
            return m_buffer->capture ? tr("Client overflows") : tr("Client underruns");
        case HardwareUnderrunFrames:
            return tr("DAC underrun frames");
        default:
            break;
    }
    if (row < firstUnderrunRow()) {
        return tr("BDL entry %1").arg(row - FixedRowCount);
    }
    if (row < firstHardwareGlitchRow()) {
        return tr("Glitch %1").arg(row - firstUnderrunRow() + 1);
    }
    const CyclicHardwareGlitchSnapshot& g =
        m_buffer->hardwareGlitches[static_cast<std::size_t>(row - firstHardwareGlitchRow())];
    return (g.underrun ? tr("FIFO underrun %1") : tr("FIFO overrun %1"))
        .arg(row - firstHardwareGlitchRow() + 1);
}

QString CyclicBufferModel::valueText(int row) const {
    const CyclicBufferSnapshot& b = *m_buffer;
    switch (row) {
        case BufferSize:
            return bytesWithTime(b.bufferBytes, b) +
                   (b.contiguous ? tr(", contiguous") : tr(", %1 pages").arg(b.pages.size()));
        case Mode:
            return b.eventMode ? tr("event, %1 notifications").arg(b.notificationCount)
                               : tr("polling");
        case FetchOffset:
            return QStringLiteral("%1 B").arg(b.lpibBytes);
        case FetchPosition:
            return bytesWithTime(static_cast<std::int64_t>(b.fetchPositionBytes), b);
        case PlayOffset:
            return QStringLiteral("%1 B").arg(b.playOffsetBytes);
        case PlayPosition:
            return bytesWithTime(static_cast<std::int64_t>(b.playPositionBytes), b);
        case ClientOffset:
            return QStringLiteral("%1 B").arg(b.clientOffsetBytes);
        case ClientPosition:
            return bytesWithTime(static_cast<std::int64_t>(b.clientPositionBytes), b);
        case Padding:
            return bytesWithTime(b.paddingBytes, b);
        case Fifo:
            return QStringLiteral("%1 / %2 B").arg(b.fifoLevelBytes).arg(b.fifoCapacityBytes);
        case CurrentEntry:
            return QString::number(b.currentEntry);
        case NotificationPoints: {
            QString s;
            for (std::uint32_t o : b.notificationOffsets) {
                s += (s.isEmpty() ? QString() : QStringLiteral(", ")) + QString::number(o);
            }
            return s.isEmpty() ? tr("none") : s + QStringLiteral(" B");
        }
        case Underruns:
            return QString::number(b.clientGlitches);
        case HardwareUnderrunFrames:
            return QString::number(b.underrunFrames);
        default:
            break;
    }
    if (row < firstUnderrunRow()) {
        const CyclicBdlEntrySnapshot& e = b.bdl[static_cast<std::size_t>(row - FixedRowCount)];
        return tr("offset %1, %2, %3 B%4")
            .arg(e.offsetBytes)
            .arg(hexAddress(e.address))
            .arg(e.lengthBytes)
            .arg(e.ioc ? QStringLiteral(", IOC") : QString());
    }
    if (row >= firstHardwareGlitchRow()) {
        const CyclicHardwareGlitchSnapshot& g =
            b.hardwareGlitches[static_cast<std::size_t>(row - firstHardwareGlitchRow())];
        return tr("at %1, LPIB %2, %3 frames %4")
            .arg(microseconds(g.atNs))
            .arg(g.offsetBytes)
            .arg(g.frames)
            .arg(g.underrun ? tr("of zeros played") : tr("lost"));
    }
    const CyclicUnderrunSnapshot& u =
        b.underruns[static_cast<std::size_t>(row - firstUnderrunRow())];
    return tr("at %1, offset %2, %3 B %4")
        .arg(microseconds(u.atNs))
        .arg(u.offsetBytes)
        .arg(u.bytesAffected)
        .arg(b.capture ? tr("lost") : tr("missed"));
}

QVariant CyclicBufferModel::rawValue(int row) const {
    const CyclicBufferSnapshot& b = *m_buffer;
    switch (row) {
        case BufferSize:
            return static_cast<qulonglong>(b.bufferBytes);
        case Mode:
            return static_cast<uint>(b.notificationCount);
        case FetchOffset:
            return static_cast<uint>(b.lpibBytes);
        case FetchPosition:
            return static_cast<qulonglong>(b.fetchPositionBytes);
        case PlayOffset:
            return static_cast<uint>(b.playOffsetBytes);
        case PlayPosition:
            return static_cast<qulonglong>(b.playPositionBytes);
        case ClientOffset:
            return static_cast<uint>(b.clientOffsetBytes);
        case ClientPosition:
            return static_cast<qulonglong>(b.clientPositionBytes);
        case Padding:
            return static_cast<qlonglong>(b.paddingBytes);
        case Fifo:
            return static_cast<uint>(b.fifoLevelBytes);
        case CurrentEntry:
            return b.currentEntry;
        case NotificationPoints:
            return static_cast<int>(b.notificationOffsets.size());
        case Underruns:
            return static_cast<qulonglong>(b.clientGlitches);
        case HardwareUnderrunFrames:
            return static_cast<qlonglong>(b.underrunFrames);
        default:
            break;
    }
    if (row < firstUnderrunRow()) {
        return static_cast<uint>(b.bdl[static_cast<std::size_t>(row - FixedRowCount)].offsetBytes);
    }
    if (row >= firstHardwareGlitchRow()) {
        return static_cast<uint>(
            b.hardwareGlitches[static_cast<std::size_t>(row - firstHardwareGlitchRow())]
                .offsetBytes);
    }
    return static_cast<uint>(
        b.underruns[static_cast<std::size_t>(row - firstUnderrunRow())].offsetBytes);
}

QVariant CyclicBufferModel::data(const QModelIndex& index, int role) const {
    if (m_buffer == nullptr || !index.isValid() || index.row() >= m_rows) {
        return {};
    }
    if (role == Qt::UserRole) {
        return index.column() == Value ? rawValue(index.row()) : QVariant();
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole) {
        return {};
    }
    return index.column() == Item ? itemText(index.row()) : valueText(index.row());
}

QVariant CyclicBufferModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    return section == Item ? tr("Item") : tr("Value");
}

}  // namespace ps
