// Thread affinity: GUI thread.
#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace Gatehouse::Ui {

// One time-series chart of the dashboard: lines (or one filled area) over a time axis, drawn
// in the window's palette and font, the value axis rounded to a readable maximum.
class MetricsChart : public QChartView
{
    Q_OBJECT
public:
    explicit MetricsChart(const QString &title, QWidget *parent = nullptr);

    // Returns the series' index. A filled series draws as an area under its line.
    int addSeries(const QString &name, const QColor &color, bool filled = false);
    QLineSeries *line(int index) const { return m_lines.value(index); }
    int seriesCount() const { return int(m_lines.size()); }

    // Replaces the points of every series at once and rescales the axes: x over
    // [startMs, endMs] labelled with `timeFormat`, y from 0 to a round value above the data
    // (at least `minimumMax`).
    void setData(const QList<QList<QPointF>> &points, qint64 startMs, qint64 endMs, const QString &timeFormat,
                 double minimumMax = 1.0);
    double valueMax() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyStyle();

    QChart *m_chart;
    QDateTimeAxis *m_time;
    QValueAxis *m_values;
    QList<QLineSeries *> m_lines;
    QList<QColor> m_colors;
    QList<QAreaSeries *> m_areas;   // parallel to m_lines; null for plain lines
};

} // namespace Gatehouse::Ui
