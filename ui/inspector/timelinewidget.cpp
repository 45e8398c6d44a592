#include <ui/inspector/timelinewidget.h>
#include <ui/theme.h>

#include <QPainter>
#include <QPaintEvent>

#include <cmath>

namespace Gatehouse::Ui {

namespace {

constexpr int Margin = 6;
constexpr int Gap = 8;

// "12 345 µs": microseconds with thin-space grouping, as the issue asks for the labels.
QString micros(qint64 us)
{
    QString digits = QString::number(us);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QChar(0x2009));
    return digits + QStringLiteral(" µs");
}

QColor stageColor(const QString &name, bool dark)
{
    // The gateway's steps in order from blue to violet, the table endpoint's in greens and
    // ambers; anything else gets a stable hue from its name.
    static const QHash<QString, int> hues{
        {QStringLiteral("route"), 200}, {QStringLiteral("methodRequest"), 215},
        {QStringLiteral("integrationRequest"), 235}, {QStringLiteral("integration"), 265},
        {QStringLiteral("integrationResponse"), 285}, {QStringLiteral("methodResponse"), 305},
        {QStringLiteral("parse"), 170}, {QStringLiteral("validate"), 150},
        {QStringLiteral("engine"), 120}, {QStringLiteral("write"), 45}, {QStringLiteral("commit"), 30},
    };
    const int hue = hues.value(name, int(qHash(name) % 360));
    return dark ? QColor::fromHsv(hue, 140, 230) : QColor::fromHsv(hue, 170, 200);
}

qint64 niceStep(qint64 span, int targetTicks)
{
    const double raw = double(std::max<qint64>(span, 1)) / std::max(1, targetTicks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw)
            return std::max<qint64>(1, qint64(factor * magnitude));
    }
    return std::max<qint64>(1, qint64(10 * magnitude));
}

} // namespace

TimelineWidget::TimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("requestTimeline"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TimelineWidget::setRecord(const Observe::RecordPtr &record)
{
    m_record = record;
    updateGeometry();
    update();
}

QString TimelineWidget::stageLabel(const QString &name)
{
    QString out;
    for (const QChar c : name) {
        if (c.isUpper() && !out.isEmpty()) {
            out += u' ';
            out += c.toLower();
        } else {
            out += c;
        }
    }
    return out;
}

qint64 TimelineWidget::spanUs(const Observe::RequestRecord &record)
{
    qint64 span = record.totalUs;
    for (const Observe::StageTiming &s : record.stages)
        span = std::max(span, s.startUs + s.durationUs);
    return std::max<qint64>(span, 1);
}

int TimelineWidget::rowHeight() const
{
    return fontMetrics().height() + 6;
}

QSize TimelineWidget::sizeHint() const
{
    const int rows = m_record ? int(m_record->stages.size()) + 1 : 1;   // + the total
    return QSize(420, Margin * 2 + rowHeight() * (rows + 1));          // + the axis
}

QSize TimelineWidget::minimumSizeHint() const
{
    return QSize(200, sizeHint().height());
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const bool dark = isDark(pal);
    const QFontMetrics fm = fontMetrics();
    const int rowH = rowHeight();
    QRect area = rect().adjusted(Margin, Margin, -Margin, -Margin);

    if (!m_record) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, tr("Select a request to see its pipeline."));
        return;
    }
    const Observe::RequestRecord &r = *m_record;

    int labelWidth = fm.horizontalAdvance(tr("total"));
    for (const Observe::StageTiming &s : r.stages)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(stageLabel(s.name)));
    labelWidth = std::min(labelWidth + 4, area.width() / 3);   // + slack: elision rounds down
    const qint64 span = spanUs(r);
    const int valueWidth = fm.horizontalAdvance(micros(std::max<qint64>(span, 99999)));
    const int plotLeft = area.left() + labelWidth + Gap;
    const int plotRight = area.right() - valueWidth - Gap;
    const int plotWidth = std::max(10, plotRight - plotLeft);
    auto xAt = [&](qint64 us) { return plotLeft + int(double(us) * plotWidth / double(span) + 0.5); };

    // Axis: ticks at a round step in µs, with a faint grid line down through the rows.
    const int axisBottom = area.top() + rowH;
    const int rowsBottom = area.top() + rowH * (int(r.stages.size()) + 2);
    QColor grid = pal.color(QPalette::Text);
    grid.setAlpha(dark ? 45 : 35);
    QColor axisText = pal.color(QPalette::Text);
    axisText.setAlpha(160);
    const qint64 step = niceStep(span, std::max(2, plotWidth / 80));
    for (qint64 t = 0; t <= span; t += step) {
        const int x = xAt(t);
        p.setPen(grid);
        p.drawLine(x, axisBottom - 3, x, rowsBottom);
        p.setPen(axisText);
        const QString label = micros(t);
        const int w = fm.horizontalAdvance(label);
        const int left = std::clamp(x - w / 2, plotLeft - Gap, plotRight + valueWidth + Gap - w);
        p.drawText(QRect(left, area.top(), w, rowH - 4), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    p.setPen(grid);
    p.drawLine(plotLeft, axisBottom, plotLeft + plotWidth, axisBottom);

    auto drawRow = [&](int row, const QString &label, qint64 start, qint64 duration, const QColor &color) {
        const int top = axisBottom + row * rowH;
        const QRect labelRect(area.left(), top, labelWidth, rowH);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(labelRect, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(label, Qt::ElideRight, labelWidth));
        const int x0 = xAt(start);
        const int x1 = std::max(x0 + 2, xAt(start + duration));   // a 0 µs stage still shows
        const QRectF bar(x0, top + 3, x1 - x0, rowH - 6);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawRoundedRect(bar, 2, 2);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(plotLeft + plotWidth + Gap, top, valueWidth, rowH), Qt::AlignRight | Qt::AlignVCenter,
                   micros(duration));
    };

    QColor total = pal.color(QPalette::Text);
    total.setAlpha(dark ? 90 : 70);
    drawRow(0, tr("total"), 0, r.totalUs, total);
    for (int i = 0; i < r.stages.size(); ++i) {
        const Observe::StageTiming &s = r.stages.at(i);
        drawRow(i + 1, stageLabel(s.name), s.startUs, s.durationUs, stageColor(s.name, dark));
    }
}

} // namespace Gatehouse::Ui
