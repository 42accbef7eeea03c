// MappingQueueCanvas: the picture of one WavePci stream's mapping queue.
//
// Top: the AC'97 engine's 32 buffer descriptor list slots as a row (slot 0
// left), each filled by the phase of the mapping loaded in it (blue loaded,
// green played, grey empty), a red dot for IOC, the CIV slot marked below
// (with PICB: the slot's filled part is what the DMA has moved, the text the
// samples left), LVI marked above. Below: one lane per MappingPhase
// (available, held, loaded, played, released, revoked), each mapping a box
// labelled by its tag and size; available boxes are the unmapped rest of a
// client packet ("P<id>").
//
// Change: when a snapshot taken while paused (stepping) moves a mapping to
// another lane or slot, the box slides from where it was to where it is
// (a QVariantAnimation of kAnimationMs) and keeps a highlighted outline, so
// one DDI call's effect is visible. A mapping that has just been handed out
// slides from its packet's available box. Live snapshots jump.
//
// Hover shows the exact numbers of a box or slot. Layout (rectangles and
// label text) is computed when a snapshot or the size changes; painting only
// draws it. GUI thread.
#pragma once

#include "model/snapshot/MappingQueueSnapshot.h"

#include <QHash>
#include <QStaticText>
#include <QVariantAnimation>
#include <QWidget>

#include <array>
#include <vector>

namespace ps {

class MappingQueueCanvas : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kAnimationMs = 350;

    explicit MappingQueueCanvas(QWidget* parent = nullptr);

    // queue may be null (nothing to show); it must stay valid until the next
    // call. animate: slide what moved since the previous queue.
    void setQueue(const MappingQueueSnapshot* queue, bool animate);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // ---- inspection (tests)
    // Where the box of `tag` is drawn now (mid-animation: between its old and
    // new place); null if no box has that tag.
    QRectF boxRectOfTag(std::uint64_t tag) const;
    // Boxes drawn in a lane, and tags whose box changed lane or slot with the
    // last animated snapshot.
    int boxCount(MappingPhase phase) const;
    std::vector<std::uint64_t> movedTags() const;
    QRectF slotRect(int slot) const;
    QVariantAnimation& animation() { return m_animation; }
    // The hover text for a point ("" where nothing is).
    QString toolTipAt(const QPointF& point) const;

  signals:
    // A box was clicked: its index in the snapshot's `mappings`.
    void entryClicked(int index);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    struct Box {
        std::uint64_t key = 0;  // tag, or kAvailableKey | packet id
        int entry = -1;         // index in the snapshot's mappings
        MappingPhase phase = MappingPhase::Available;
        QRectF rect;
        QRectF from;  // where it slides from (== rect when it does not move)
        bool moved = false;
        QString tagText;   // "#12" or "P3"
        QString sizeText;  // "880 B"
    };
    static constexpr std::uint64_t kAvailableKey = 1ull << 63;

    void relayout();
    void layoutSlots();
    void layoutLanes();
    QRectF currentRect(const Box& box) const;
    const Box* boxAt(const QPointF& point) const;
    int slotAt(const QPointF& point) const;
    QRectF laneRect(int lane) const;
    // Text laid out once and kept (labels repeat from frame to frame).
    const QStaticText& staticText(const QString& text) const;
    void drawCentered(QPainter& p, const QRectF& rect, const QString& text) const;

    const MappingQueueSnapshot* m_queue = nullptr;
    std::vector<Box> m_boxes;
    std::vector<Box> m_previous;  // last layout, for the next animation
    std::vector<int> m_hidden;    // boxes per lane that did not fit
    QRectF m_slotsRect;
    double m_slotWidth = 0;
    std::array<int, 32> m_slotPhase{};
    std::array<QString, 32> m_slotIndexText;
    std::vector<int> m_members;                   // layout scratch: entries of one lane
    mutable QHash<QString, QStaticText> m_texts;  // MappingPhase of each
                                                  // slot's mapping, -1 empty
    QVariantAnimation m_animation;
    qreal m_progress = 1.0;
};

}  // namespace ps
