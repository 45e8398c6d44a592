#include <ui/metrics/kpitile.h>

#include <QPainter>
#include <QPainterPath>

namespace Gatehouse::Ui {

namespace {
constexpr int Padding = 10;
}

KpiTile::KpiTile(const QString &caption, QWidget *parent) : QFrame(parent), m_caption(caption)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void KpiTile::setValue(const QString &value, const QString &detail, const QColor &accent)
{
    if (value == m_value && detail == m_detail && accent == m_accent)
        return;
    m_value = value;
    m_detail = detail;
    m_accent = accent;
    update();
}

QFont KpiTile::captionFont() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.82);
    f.setCapitalization(QFont::AllUppercase);
    f.setLetterSpacing(QFont::PercentageSpacing, 104);
    f.setBold(true);
    return f;
}

QFont KpiTile::valueFont() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.75);
    f.setBold(true);
    return f;
}

QSize KpiTile::sizeHint() const
{
    const QFontMetrics caption(captionFont());
    const QFontMetrics value(valueFont());
    const QFontMetrics detail(font());
    const int width = std::max({caption.horizontalAdvance(m_caption), value.horizontalAdvance(QStringLiteral("888.8 ms")),
                                detail.horizontalAdvance(QStringLiteral("88.8 % of requests"))});
    return {width + 2 * Padding, caption.height() + value.height() + detail.height() + 2 * Padding + 4};
}

QSize KpiTile::minimumSizeHint() const
{
    const QSize hint = sizeHint();
    return {QFontMetrics(valueFont()).horizontalAdvance(QStringLiteral("88.8 ms")) + 2 * Padding, hint.height()};
}

void KpiTile::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QRectF card = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QColor border = pal.color(QPalette::Text);
    border.setAlphaF(0.14f);
    p.setPen(border);
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(card, 6, 6);
    if (m_accent.isValid()) {
        // A coloured strip on the left marks a tile that needs attention (errors).
        QPainterPath strip;
        strip.addRoundedRect(card, 6, 6);
        p.save();
        p.setClipRect(QRectF(card.left(), card.top(), 4, card.height()));
        p.fillPath(strip, m_accent);
        p.restore();
    }

    const QRect inner = rect().adjusted(Padding + 2, Padding - 2, -Padding, -Padding + 2);
    const QFontMetrics captionMetrics(captionFont());
    const QFontMetrics valueMetrics(valueFont());
    int y = inner.top();
    p.setFont(captionFont());
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRect(inner.left(), y, inner.width(), captionMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
               captionMetrics.elidedText(m_caption, Qt::ElideRight, inner.width()));
    y += captionMetrics.height() + 2;
    p.setFont(valueFont());
    p.setPen(m_accent.isValid() ? m_accent : pal.color(QPalette::Text));
    p.drawText(QRect(inner.left(), y, inner.width(), valueMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
               valueMetrics.elidedText(m_value, Qt::ElideRight, inner.width()));
    y += valueMetrics.height() + 2;
    p.setFont(font());
    p.setPen(pal.color(QPalette::PlaceholderText));
    const QFontMetrics detailMetrics(font());
    p.drawText(QRect(inner.left(), y, inner.width(), detailMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
               detailMetrics.elidedText(m_detail, Qt::ElideRight, inner.width()));
}

} // namespace Gatehouse::Ui
