// StreamResourcesView: the stream-resources dock. A summary line (the
// emulated OS version and the stream resource DDI PortCls offers on it;
// system interference and whether shielding is on now, with the delays drawn
// and spared), the adapters' power table (AdapterPowerModel) and every
// registration (RegistrationModel; removed ones grey). While the session
// runs the tables follow the snapshots at kLiveTableIntervalMs
// (StreamSelector.h). GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QTableView;

namespace ps {

class TextLine;

class AdapterPowerModel;
class RegistrationModel;

class StreamResourcesView : public QWidget {
    Q_OBJECT
  public:
    explicit StreamResourcesView(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot);

    RegistrationModel* registrationModel() const { return m_registrations; }
    AdapterPowerModel* powerModel() const { return m_power; }
    QString osText() const;
    QString shieldingText() const;

  private:
    QLabel* m_os;
    TextLine* m_shielding;
    AdapterPowerModel* m_power;
    RegistrationModel* m_registrations;
    QTableView* m_powerTable;
    QTableView* m_registrationTable;
    QElapsedTimer m_tablesShown;
};

// "windows-10-1511: IPortClsStreamResourceManager, ...", and the shielding line.
QString offeredInterfacesText(const StreamResourcesSnapshot& resources);
QString shieldingStateText(const StreamResourcesSnapshot& resources);

}  // namespace ps
