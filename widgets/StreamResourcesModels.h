// The stream-resources view's tables, from a StreamResourcesSnapshot:
// - RegistrationModel: every kept registration of every adapter (adapter,
//   handle, type, owner, registered at, removed at, shielded, registering
//   DDI, PDO); removed ones are drawn grey (Qt::ForegroundRole) and marked
//   Qt::UserRole + 1 = true.
// - AdapterPowerModel: one row per adapter: power state, exit latency (name
//   and milliseconds), idle timeout, active streams, transitions,
//   registrations now / ever.
// Qt::UserRole gives the raw number of numeric cells. setResources() resets
// only when the row count changes, otherwise emits dataChanged. GUI thread.
#pragma once

#include "model/snapshot/StreamResourcesSnapshot.h"

#include <QAbstractTableModel>
#include <QColor>

#include <utility>
#include <vector>

namespace ps {

class RegistrationModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        Adapter,
        Handle,
        Type,
        Owner,
        RegisteredAt,
        RemovedAt,
        Shielded,
        Method,
        Pdo,
        ColumnCount
    };
    static constexpr int RemovedRole = Qt::UserRole + 1;

    explicit RegistrationModel(QObject* parent = nullptr);
    void setResources(const StreamResourcesSnapshot& resources);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    struct Row {
        QString adapter;
        StreamResourceRegistrationSnapshot reg;
    };
    std::vector<Row> m_rows;
    QColor m_grey{128, 128, 128};
};

class AdapterPowerModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        Adapter,
        PowerState,
        ExitLatency,
        ExitLatencyMs,
        IdleTimeout,
        ActiveStreams,
        Transitions,
        Registrations,
        ColumnCount
    };

    explicit AdapterPowerModel(QObject* parent = nullptr);
    void setResources(const StreamResourcesSnapshot& resources);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    std::vector<AdapterResourcesSnapshot> m_rows;  // registrations left empty (not shown here)
};

}  // namespace ps
