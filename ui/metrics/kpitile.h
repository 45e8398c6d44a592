// Thread affinity: GUI thread.
#pragma once

#include <QColor>
#include <QFrame>

namespace Gatehouse::Ui {

// A headline number of the dashboard: a caption, the value in large type and a detail line.
// Drawn from the widget's own font at paint time (never an explicit font), so it scales with
// the application font and presentation mode without compounding.
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    explicit KpiTile(const QString &caption, QWidget *parent = nullptr);

    void setValue(const QString &value, const QString &detail = {}, const QColor &accent = {});
    QString value() const { return m_value; }
    QString detail() const { return m_detail; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QFont captionFont() const;
    QFont valueFont() const;

    QString m_caption;
    QString m_value = QStringLiteral("—");
    QString m_detail;
    QColor m_accent;
};

} // namespace Gatehouse::Ui
