#include <ui/metrics/metricschart.h>

#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace Gatehouse::Ui {

namespace {

// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
double niceStep(double raw)
{
    if (raw <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * magnitude >= raw * (1 - 1e-9))
            return m * magnitude;
    }
    return 10 * magnitude;
}

int decimalsFor(double step)
{
    if (step >= 1)
        return 0;
    return std::min(3, int(std::ceil(-std::log10(step) - 1e-9)) + (std::fmod(step * 10, 1.0) > 1e-9 ? 1 : 0));
}

} // namespace

MetricsChart::MetricsChart(const QString &title, QWidget *parent)
    : QChartView(parent)
    , m_chart(new QChart)
    , m_time(new QDateTimeAxis)
    , m_values(new QValueAxis)
{
    m_chart->setTitle(title);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 6, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setVisible(false);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_values, Qt::AlignLeft);
    m_time->setTickCount(6);
    m_values->setRange(0, 1);
    m_values->setTickCount(5);
    m_values->setLabelFormat(QStringLiteral("%.0f"));
    setChart(m_chart);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setMinimumHeight(170);
    applyStyle();
}

int MetricsChart::addSeries(const QString &name, const QColor &color, bool filled)
{
    auto *line = new QLineSeries(this);
    line->setName(name);
    QAreaSeries *area = nullptr;
    if (filled) {
        // The area fills under the line without an outline (which would close the shape with
        // vertical edges); the line itself is drawn on top.
        area = new QAreaSeries(line);
        area->setName(name);
        m_chart->addSeries(area);
        area->attachAxis(m_time);
        area->attachAxis(m_values);
    }
    m_chart->addSeries(line);
    line->attachAxis(m_time);
    line->attachAxis(m_values);
    m_lines << line;
    m_areas << area;
    m_colors << color;
    m_chart->legend()->setVisible(m_lines.size() > 1);
    if (area) {
        for (QLegendMarker *marker : m_chart->legend()->markers(area))
            marker->setVisible(false);
    }
    applyStyle();
    return int(m_lines.size()) - 1;
}

void MetricsChart::setData(const QList<QList<QPointF>> &points, qint64 startMs, qint64 endMs,
                           const QString &timeFormat, double minimumMax)
{
    double top = 0;
    for (int i = 0; i < m_lines.size() && i < points.size(); ++i) {
        for (const QPointF &p : points.at(i))
            top = std::max(top, p.y());
        m_lines.at(i)->replace(points.at(i));
    }
    const double step = niceStep(std::max(top, minimumMax) / 4.0);
    m_values->setRange(0, step * 4);
    m_values->setLabelFormat(QStringLiteral("%.") + QString::number(decimalsFor(step)) + u'f');
    m_time->setFormat(timeFormat);
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(startMs), QDateTime::fromMSecsSinceEpoch(endMs));
}

double MetricsChart::valueMax() const
{
    return m_values->max();
}

void MetricsChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyStyle();
}

// Qt Charts draws with its own theme; the dashboard follows the window's palette and font
// instead, so it sits in the light and dark themes and scales with presentation mode.
void MetricsChart::applyStyle()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = pal.color(QPalette::PlaceholderText);
    QColor grid = text;
    grid.setAlphaF(0.10f);
    QColor axisLine = text;
    axisLine.setAlphaF(0.25f);
    QFont titleFont = font();
    titleFont.setBold(true);
    QFont labelFont = font();
    labelFont.setPointSizeF(font().pointSizeF() * 0.85);

    setBackgroundBrush(pal.color(QPalette::Base));
    m_chart->setBackgroundBrush(pal.color(QPalette::Base));
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setTitleBrush(text);
    m_chart->setTitleFont(titleFont);
    m_chart->legend()->setLabelColor(text);
    m_chart->legend()->setFont(labelFont);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_time), static_cast<QAbstractAxis *>(m_values)}) {
        axis->setLabelsColor(muted);
        axis->setLabelsFont(labelFont);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(axisLine);
        axis->setMinorGridLineVisible(false);
    }
    m_time->setGridLineVisible(false);
    for (int i = 0; i < m_lines.size(); ++i) {
        QPen pen(m_colors.at(i));
        pen.setWidthF(1.8);
        pen.setCapStyle(Qt::RoundCap);
        pen.setJoinStyle(Qt::RoundJoin);
        m_lines.at(i)->setPen(pen);
        if (QAreaSeries *area = m_areas.at(i)) {
            QColor fill = m_colors.at(i);
            fill.setAlphaF(0.22f);
            area->setPen(Qt::NoPen);
            area->setBrush(fill);
        }
    }
}

} // namespace Gatehouse::Ui
