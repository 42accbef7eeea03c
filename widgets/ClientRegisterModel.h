// ClientRegisterModel: the register view's position and clock section: one
// row per KSRTAUDIO_HWREGISTER the WaveRT client was handed (position, then
// clock) with Width, Numerator / Denominator, Accuracy, the device register
// behind the VA, its current value and the derived frequency. Qt::UserRole
// on Value, Accuracy and Frequency gives the raw number. Empty for a WavePci
// stream (no such registers). GUI thread.
#pragma once

#include "model/snapshot/RegisterSnapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace ps {

class ClientRegisterModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Register, Target, Width, Ratio, Accuracy, Value, Frequency, ColumnCount };

    explicit ClientRegisterModel(QObject* parent = nullptr);

    void setRegisters(const std::vector<ClientRegisterSnapshot>* registers);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    std::vector<ClientRegisterSnapshot> m_rows;
};

// "24 MHz", "48 kHz", "—" for 0.
QString frequencyText(double hz);

}  // namespace ps
