// RegisterModel: the register view's tree. Top-level rows are the registers
// of one DeviceRegistersSnapshot (stream registers first, then the
// globals); each has one child row per named bit field. Columns: name, offset,
// width, value (hex; Qt::UserRole gives the raw number), decoded (the flags
// set, a format, a count).
//
// A register whose value differs from the one shown before is highlighted:
// its row's Qt::BackgroundRole is the highlight colour, fading linearly to
// nothing over kHighlightFadeMs. Time comes from a clock (milliseconds; by
// default a monotonic timer) that tests replace. fadeTick() emits
// dataChanged for the rows still fading and returns whether any is, so the
// view runs its repaint timer only while something fades.
//
// setRegisters() with the same stream and register list updates values in
// place (dataChanged on changed rows only); anything else resets the model.
// GUI thread.
#pragma once

#include "model/snapshot/RegisterSnapshot.h"

#include <QAbstractItemModel>
#include <QColor>

#include <functional>
#include <vector>

namespace ps {

class RegisterModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Column { Name, Offset, Width, Value, Decoded, ColumnCount };
    static constexpr qint64 kHighlightFadeMs = 1000;

    explicit RegisterModel(QObject* parent = nullptr);

    // nullptr: no registers (empty model).
    void setRegisters(const DeviceRegistersSnapshot* device);
    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    void setHighlightColor(const QColor& color) { m_highlight = color; }
    bool fadeTick();

    // The register of a row (field rows: their register); nullptr when invalid.
    const RegisterSnapshot* registerAt(const QModelIndex& index) const;
    // "ac97/CIV", "hda/SDLPIB"; empty for an invalid index.
    QString explainKey(const QModelIndex& index) const;
    int rowOf(const char* registerName) const;  // top-level row, -1 when absent

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    struct Row {
        RegisterSnapshot reg;
        QString label;
        QString valueText;
        QString decoded;
        qint64 changedAtMs = -1;  // -1: not highlighted
    };
    static constexpr quintptr kTopLevel = ~quintptr{0};
    void fill(Row& row, const RegisterSnapshot& reg);
    bool sameList(const DeviceRegistersSnapshot& device) const;
    QVariant fieldData(const Row& row, int field, int column, int role) const;
    QVariant background(const Row& row) const;

    std::vector<Row> m_rows;
    int m_streamId = -1;
    std::function<qint64()> m_nowMs;
    QColor m_highlight{255, 196, 0};
};

// "0x001E" with as many hex digits as the width needs.
QString registerHex(std::uint64_t value, int widthBits);

}  // namespace ps
