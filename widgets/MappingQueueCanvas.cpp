#include "widgets/MappingQueueCanvas.h"

#include "widgets/HoverToolTip.h"
#include "widgets/MappingQueueModels.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace ps {
namespace {

constexpr double kMargin = 6;
constexpr double kLabelWidth = 70;
constexpr double kSlotHeight = 30;
constexpr double kSlotMarkHeight = 16;  // LVI above, CIV below
constexpr double kBoxWidth = 62;
constexpr double kMinBoxWidth = 50;
constexpr double kBoxGap = 4;
constexpr double kMinLaneHeight = 26;

QColor phaseColor(MappingPhase phase) {
    switch (phase) {
        case MappingPhase::Available:
            return QColor(0xd9, 0xd9, 0xd9);
        case MappingPhase::Held:
            return QColor(0xf2, 0xc1, 0x4e);
        case MappingPhase::Loaded:
            return QColor(0x5b, 0x9b, 0xd5);
        case MappingPhase::Played:
            return QColor(0x70, 0xad, 0x47);
        case MappingPhase::Released:
            return QColor(0xa9, 0xc9, 0x9b);
        case MappingPhase::Revoked:
            return QColor(0xe0, 0x6c, 0x5f);
    }
    return Qt::gray;
}

QRectF lerp(const QRectF& a, const QRectF& b, qreal t) {
    return QRectF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t,
                  a.width() + (b.width() - a.width()) * t,
                  a.height() + (b.height() - a.height()) * t);
}

QString sizeText(std::uint32_t bytes) {
    return bytes >= 10000 ? QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'f', 1)
                          : QStringLiteral("%1 B").arg(bytes);
}

}  // namespace

MappingQueueCanvas::MappingQueueCanvas(QWidget* parent) : QWidget(parent) {
    for (std::size_t i = 0; i < m_slotIndexText.size(); ++i) {
        m_slotIndexText[i] = QString::number(i);
    }
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(false);
    setAccessibleName(tr("Mapping queue"));
    m_animation.setStartValue(0.0);
    m_animation.setEndValue(1.0);
    m_animation.setDuration(kAnimationMs);
    m_animation.setEasingCurve(QEasingCurve::OutCubic);
    connect(&m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        m_progress = v.toReal();
        update();
    });
}

QSize MappingQueueCanvas::sizeHint() const {
    return QSize(720, 300);
}

QSize MappingQueueCanvas::minimumSizeHint() const {
    return QSize(360, 220);
}

void MappingQueueCanvas::setQueue(const MappingQueueSnapshot* queue, bool animate) {
    m_queue = queue;
    m_previous.swap(m_boxes);
    relayout();
    bool anyMoved = false;
    if (animate) {
        for (Box& box : m_boxes) {
            auto old = std::find_if(m_previous.begin(), m_previous.end(),
                                    [&box](const Box& b) { return b.key == box.key; });
            if (old == m_previous.end() && box.phase != MappingPhase::Available && m_queue) {
                // Newly handed out: it comes from its packet's available box.
                const std::uint64_t packet = m_queue->mappings[box.entry].packetId;
                old = std::find_if(m_previous.begin(), m_previous.end(), [packet](const Box& b) {
                    return b.key == (kAvailableKey | packet);
                });
            }
            if (old != m_previous.end() && old->phase != box.phase) {
                box.from = old->rect;
                box.moved = true;
                anyMoved = true;
            } else if (old != m_previous.end() && old->key == box.key) {
                box.from = old->rect;  // slides along its lane, no highlight
            }
        }
    }
    m_animation.stop();
    if (anyMoved) {
        m_progress = 0.0;
        m_animation.start();
    } else {
        m_progress = 1.0;
    }
    update();
}

void MappingQueueCanvas::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    m_animation.stop();
    m_progress = 1.0;
    relayout();
}

QRectF MappingQueueCanvas::laneRect(int lane) const {
    const double top = m_slotsRect.bottom() + kSlotMarkHeight + kMargin;
    const double laneHeight =
        std::max(kMinLaneHeight, (height() - top - kMargin) / kMappingPhaseCount);
    return QRectF(kMargin, top + lane * laneHeight, width() - 2 * kMargin, laneHeight);
}

void MappingQueueCanvas::relayout() {
    layoutSlots();
    layoutLanes();
}

void MappingQueueCanvas::layoutSlots() {
    const double left = kMargin + kLabelWidth;
    const double slotsWidth = std::max(32.0, width() - left - kMargin);
    m_slotWidth = slotsWidth / 32.0;
    m_slotsRect = QRectF(left, kMargin + kSlotMarkHeight, m_slotWidth * 32, kSlotHeight);
    m_slotPhase.fill(-1);
    if (m_queue == nullptr) {
        return;
    }
    for (std::size_t i = 0; i < m_slotPhase.size(); ++i) {
        const DescriptorSlotSnapshot& s = m_queue->descriptorSlots[i];
        if (s.queued) {
            const MappingEntrySnapshot* m = m_queue->findTag(s.tag);
            m_slotPhase[i] = static_cast<int>(m != nullptr ? m->phase : MappingPhase::Loaded);
        }
    }
}

QRectF MappingQueueCanvas::slotRect(int slot) const {
    return QRectF(m_slotsRect.left() + slot * m_slotWidth, m_slotsRect.top(), m_slotWidth,
                  m_slotsRect.height());
}

void MappingQueueCanvas::layoutLanes() {
    m_boxes.clear();
    m_hidden.assign(kMappingPhaseCount, 0);
    if (m_queue == nullptr) {
        return;
    }
    const auto& entries = m_queue->mappings;
    for (int lane = 0; lane < kMappingPhaseCount; ++lane) {
        const QRectF r = laneRect(lane);
        const double left = r.left() + kLabelWidth;
        const auto phase = static_cast<MappingPhase>(lane);
        m_members.clear();
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].phase == phase) {
                m_members.push_back(static_cast<int>(i));
            }
        }
        const std::vector<int>& members = m_members;
        // Boxes narrow down to kMinBoxWidth before any is left out.
        const double room = r.right() - left + kBoxGap;
        const double boxWidth =
            members.empty() ? kBoxWidth
                            : std::clamp(room / members.size() - kBoxGap, kMinBoxWidth, kBoxWidth);
        const int fit = std::max(1, static_cast<int>(room / (boxWidth + kBoxGap)));
        // Ended lanes keep the newest (rightmost); the others the oldest,
        // which the engine or the miniport deals with first.
        const bool ended = phase == MappingPhase::Released || phase == MappingPhase::Revoked;
        const int total = static_cast<int>(members.size());
        const int shown = std::min(total, fit);
        const int first = ended ? total - shown : 0;
        m_hidden[static_cast<std::size_t>(lane)] = total - shown;
        const double boxHeight = std::min(r.height() - 4, 34.0);
        for (int k = 0; k < shown; ++k) {
            const MappingEntrySnapshot& m = entries[static_cast<std::size_t>(members[first + k])];
            Box box;
            box.entry = members[first + k];
            box.phase = phase;
            box.key = phase == MappingPhase::Available ? (kAvailableKey | m.packetId) : m.tag;
            box.rect = QRectF(left + k * (boxWidth + kBoxGap),
                              r.top() + (r.height() - boxHeight) / 2, boxWidth, boxHeight);
            box.from = box.rect;
            box.tagText = phase == MappingPhase::Available ? QStringLiteral("P%1").arg(m.packetId)
                                                           : QStringLiteral("#%1").arg(m.tag);
            box.sizeText = sizeText(m.byteCount);
            m_boxes.push_back(std::move(box));
        }
    }
}

QRectF MappingQueueCanvas::currentRect(const Box& box) const {
    return m_progress >= 1.0 ? box.rect : lerp(box.from, box.rect, m_progress);
}

QRectF MappingQueueCanvas::boxRectOfTag(std::uint64_t tag) const {
    for (const Box& box : m_boxes) {
        if (box.key == tag) {
            return currentRect(box);
        }
    }
    return {};
}

int MappingQueueCanvas::boxCount(MappingPhase phase) const {
    return static_cast<int>(std::count_if(m_boxes.begin(), m_boxes.end(),
                                          [phase](const Box& b) { return b.phase == phase; }));
}

std::vector<std::uint64_t> MappingQueueCanvas::movedTags() const {
    std::vector<std::uint64_t> tags;
    for (const Box& box : m_boxes) {
        if (box.moved) {
            tags.push_back(box.key);
        }
    }
    return tags;
}

void MappingQueueCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor text = palette().color(QPalette::Text);
    const QColor mid = palette().color(QPalette::Mid);
    if (m_queue == nullptr) {
        p.setPen(text);
        p.drawText(rect(), Qt::AlignCenter, tr("No WavePci stream open"));
        return;
    }
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.8));
    p.setFont(small);

    // ---- descriptor slots
    p.setPen(text);
    p.drawText(QRectF(kMargin, m_slotsRect.top(), kLabelWidth - 4, m_slotsRect.height()),
               Qt::AlignLeft | Qt::AlignVCenter, tr("BDL slots"));
    // Every index while they fit, else every fourth.
    const int indexEvery =
        QFontMetricsF(small).horizontalAdvance(QStringLiteral("00")) + 4 <= m_slotWidth ? 1 : 4;
    for (int i = 0; i < 32; ++i) {
        const DescriptorSlotSnapshot& s = m_queue->descriptorSlots[static_cast<std::size_t>(i)];
        const QRectF r = slotRect(i).adjusted(1, 0, -1, 0);
        const int phase = m_slotPhase[static_cast<std::size_t>(i)];
        const QColor fill = phase < 0 ? palette().color(QPalette::AlternateBase)
                                      : phaseColor(static_cast<MappingPhase>(phase));
        p.fillRect(r, fill);
        if (i == m_queue->civ && s.queued && s.bytes > 0) {
            // The part of the CIV buffer the DMA has already moved.
            const double done = 1.0 - std::min<double>(1.0, double(m_queue->picbBytes) / s.bytes);
            p.fillRect(QRectF(r.left(), r.bottom() - 5, r.width() * done, 5), text);
        }
        p.setPen(mid);
        p.drawRect(r);
        if (indexEvery == 1 || i % indexEvery == 0) {
            p.setPen(text);
            drawCentered(p, r, m_slotIndexText[static_cast<std::size_t>(i)]);
        }
        if (s.ioc) {
            p.setBrush(QColor(0xc0, 0x39, 0x2b));
            p.setPen(Qt::NoPen);
            p.drawEllipse(QPointF(r.right() - 4, r.top() + 4), 2.5, 2.5);
            p.setBrush(Qt::NoBrush);
        }
    }
    // CIV below, LVI above (triangles pointing at the slot).
    const auto marker = [&](int slot, bool below, const QString& label, const QColor& color) {
        const QRectF r = slotRect(slot);
        const double x = r.center().x();
        QPolygonF tri;
        if (below) {
            const double y = r.bottom() + 1;
            tri << QPointF(x, y) << QPointF(x - 5, y + 7) << QPointF(x + 5, y + 7);
        } else {
            const double y = r.top() - 1;
            tri << QPointF(x, y) << QPointF(x - 5, y - 7) << QPointF(x + 5, y - 7);
        }
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawPolygon(tri);
        p.setBrush(Qt::NoBrush);
        p.setPen(color);
        // The label goes right of the mark, or left of it near the right edge.
        const double textWidth = QFontMetricsF(p.font()).horizontalAdvance(label) + 2;
        const bool left = x + 6 + textWidth > width() - kMargin;
        const double top = below ? r.bottom() + 1 : r.top() - kSlotMarkHeight;
        const QRectF textRect(left ? x - 6 - textWidth : x + 6, top, textWidth,
                              kSlotMarkHeight - 1);
        p.drawText(textRect, (left ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, label);
    };
    marker(m_queue->lvi, false, QStringLiteral("LVI %1").arg(m_queue->lvi),
           QColor(0x8e, 0x44, 0xad));
    marker(m_queue->civ, true,
           QStringLiteral("CIV %1 · PICB %2").arg(m_queue->civ).arg(m_queue->picbSamples),
           QColor(0x1f, 0x4e, 0x79));

    // ---- lanes
    for (int lane = 0; lane < kMappingPhaseCount; ++lane) {
        const QRectF r = laneRect(lane);
        if (lane % 2 == 1) {
            p.fillRect(r, palette().color(QPalette::AlternateBase));
        }
        p.setPen(text);
        const int hidden = m_hidden.empty() ? 0 : m_hidden[static_cast<std::size_t>(lane)];
        QString label = QString::fromLatin1(mappingPhaseName(static_cast<MappingPhase>(lane)));
        if (hidden > 0) {
            label += QStringLiteral("\n+%1 more").arg(hidden);
        }
        p.drawText(QRectF(r.left() + 2, r.top(), kLabelWidth - 6, r.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    // Boxes that do not move first, sliding ones on top.
    for (int pass = 0; pass < 2; ++pass) {
        for (const Box& box : m_boxes) {
            if (box.moved != (pass == 1)) {
                continue;
            }
            const QRectF r = currentRect(box);
            p.fillRect(r, phaseColor(box.phase));
            const bool endsPacket =
                box.phase != MappingPhase::Available && m_queue->mappings[box.entry].lastOfPacket;
            if (box.moved) {
                p.setPen(QPen(QColor(0xff, 0x8c, 0x00), 2.5));
            } else {
                p.setPen(mid);
            }
            p.drawRect(r);
            if (endsPacket) {
                // The packet's last mapping: a bar on its right edge.
                p.fillRect(QRectF(r.right() - 3, r.top() + 1, 3, r.height() - 1), text);
            }
            p.setPen(text);
            drawCentered(p, QRectF(r.left(), r.top(), r.width() - 3, r.height() / 2 + 1),
                         box.tagText);
            drawCentered(p, QRectF(r.left(), r.center().y() - 1, r.width() - 3, r.height() / 2),
                         box.sizeText);
        }
    }
}

const QStaticText& MappingQueueCanvas::staticText(const QString& text) const {
    auto it = m_texts.find(text);
    if (it == m_texts.end()) {
        if (m_texts.size() > 1024) {
            m_texts.clear();  // tags only grow: old labels are not drawn again
        }
        QStaticText st(text);
        st.setTextFormat(Qt::PlainText);
        QFont small = font();
        small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.8));
        st.prepare(QTransform(), small);
        it = m_texts.insert(text, st);
    }
    return *it;
}

void MappingQueueCanvas::drawCentered(QPainter& p, const QRectF& rect, const QString& text) const {
    const QStaticText& st = staticText(text);
    const QSizeF size = st.size();
    p.drawStaticText(
        QPointF(rect.center().x() - size.width() / 2, rect.center().y() - size.height() / 2), st);
}

const MappingQueueCanvas::Box* MappingQueueCanvas::boxAt(const QPointF& point) const {
    for (auto it = m_boxes.rbegin(); it != m_boxes.rend(); ++it) {
        if (currentRect(*it).contains(point)) {
            return &*it;
        }
    }
    return nullptr;
}

int MappingQueueCanvas::slotAt(const QPointF& point) const {
    if (!m_slotsRect.contains(point) || m_slotWidth <= 0) {
        return -1;
    }
    return std::min(31, static_cast<int>((point.x() - m_slotsRect.left()) / m_slotWidth));
}

QString MappingQueueCanvas::toolTipAt(const QPointF& point) const {
    if (m_queue == nullptr) {
        return {};
    }
    if (const Box* box = boxAt(point)) {
        const MappingEntrySnapshot& m = m_queue->mappings[box->entry];
        QString s = m.phase == MappingPhase::Available
                        ? tr("Packet %1: %2 bytes not yet mapped").arg(m.packetId).arg(m.byteCount)
                        : tr("Tag %1 (%2), packet %3")
                              .arg(m.tag)
                              .arg(QString::fromLatin1(mappingPhaseName(m.phase)),
                                   QString::number(m.packetId));
        s += tr("\nPhysical address %1\nBytes %2\nStream offset %3")
                 .arg(hexAddress(m.physicalAddress))
                 .arg(m.byteCount)
                 .arg(m.streamOffsetBytes);
        if (m.slot >= 0) {
            s += tr("\nDescriptor slot %1").arg(m.slot);
        }
        if (m.lastOfPacket && m.phase != MappingPhase::Available) {
            s += tr("\nLast mapping of its packet");
        }
        if (m.acquiredAtNs >= 0) {
            s += tr("\nAcquired at %1").arg(microseconds(m.acquiredAtNs));
        }
        if (m.endedAtNs >= 0) {
            s += tr("\nEnded at %1").arg(microseconds(m.endedAtNs));
        }
        return s;
    }
    const int slot = slotAt(point);
    if (slot >= 0) {
        const DescriptorSlotSnapshot& d = m_queue->descriptorSlots[static_cast<std::size_t>(slot)];
        QString s = tr("Slot %1").arg(slot);
        const QString marks = slotMarks(*m_queue, slot);
        if (!marks.isEmpty()) {
            s += QStringLiteral(" (") + marks + QLatin1Char(')');
        }
        if (!d.readable) {
            return s + tr("\nBDBAR %1: not readable").arg(hexAddress(m_queue->bdbar));
        }
        s += tr("\nAddress %1\nLength %2 samples (%3 bytes)")
                 .arg(hexAddress(d.address))
                 .arg(d.samples)
                 .arg(d.bytes);
        s += tr("\nIOC %1, BUP %2").arg(d.ioc ? 1 : 0).arg(d.bup ? 1 : 0);
        s += d.queued ? tr("\nTag %1").arg(d.tag) : tr("\nNo mapping queued");
        if (slot == m_queue->civ) {
            s += tr("\nPICB %1 samples (%2 bytes) left")
                     .arg(m_queue->picbSamples)
                     .arg(m_queue->picbBytes);
        }
        return s;
    }
    return {};
}

bool MappingQueueCanvas::event(QEvent* event) {
    return answerToolTip(this, event, [this](const QPoint& at) { return toolTipAt(at); }) ||
           QWidget::event(event);
}

void MappingQueueCanvas::mousePressEvent(QMouseEvent* event) {
    if (const Box* box = boxAt(event->pos())) {
        emit entryClicked(box->entry);
    }
    QWidget::mousePressEvent(event);
}

}  // namespace ps
