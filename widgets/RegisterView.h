// RegisterView: the registers dock. A stream selector (every open stream of
// the snapshot), the device's name, a tree of its registers (RegisterModel:
// hex value, decoded reading, one expandable child row per named bit field,
// a highlight fading over a second after a value changes) and, below, the
// position and clock registers as the WaveRT client sees them
// (ClientRegisterModel).
//
// Selecting a register row emits explainRequested("ac97/<REG>" or
// "hda/<REG>"). While the session runs the tables follow the snapshots at
// kLiveTableIntervalMs (StreamSelector.h); a fade timer repaints only the
// rows still fading, and stops when none is. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <vector>

class QLabel;
class QTableView;
class QTreeView;

namespace ps {

class ClientRegisterModel;
class RegisterModel;
class StreamSelector;

class RegisterView : public QWidget {
    Q_OBJECT
  public:
    explicit RegisterView(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot);

    StreamSelector* selector() const { return m_selector; }
    RegisterModel* model() const { return m_model; }
    ClientRegisterModel* clientModel() const { return m_clientModel; }
    QTreeView* tree() const { return m_tree; }
    QString deviceText() const;

  signals:
    void explainRequested(const QString& key);

  private:
    void showSelected(bool tables = true);

    StreamSelector* m_selector;
    QLabel* m_device;
    RegisterModel* m_model;
    QTreeView* m_tree;
    ClientRegisterModel* m_clientModel;
    QTableView* m_clientTable;
    QTimer m_fadeTimer;
    std::vector<DeviceRegistersSnapshot> m_devices;
    QElapsedTimer m_tablesShown;
};

}  // namespace ps
