// Thread affinity: GUI thread.
#pragma once

#include <QList>
#include <QRectF>
#include <QStringList>
#include <QWidget>

namespace Gatehouse::Gateway {
struct Method;
struct RestApi;
}

namespace Gatehouse::Ui {

// API Gateway's method-execution picture of one method, painted from the palette so it reads
// in light and dark themes: the client's request goes through Method Request and Integration
// Request to the backend, and the answer comes back through Integration Response and Method
// Response. Each box summarises its settings; clicking one selects it (boxActivated), and the
// route editor shows that box's form.
class MethodExecutionView : public QWidget
{
    Q_OBJECT
public:
    enum Box { MethodRequest, IntegrationRequest, Backend, IntegrationResponse, MethodResponse, BoxCount };

    explicit MethodExecutionView(QWidget *parent = nullptr);

    void setMethod(const Gateway::RestApi &api, const QString &path, const Gateway::Method &method);
    void clear();
    Box currentBox() const { return m_current; }
    void setCurrentBox(Box box);
    QString title(Box box) const;
    QStringList summary(Box box) const { return m_lines[box]; }
    // Where a box is drawn, in widget coordinates (tests click there).
    QRect boxRect(Box box) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void boxActivated(Gatehouse::Ui::MethodExecutionView::Box box);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRectF geometryOf(Box box) const;
    QRectF clientRect() const;
    int boxAt(const QPointF &pos) const;
    void drawBox(QPainter &p, Box box) const;

    QStringList m_lines[BoxCount];
    QString m_backendType;
    QString m_method;
    QString m_path;
    bool m_empty = true;
    Box m_current = MethodRequest;
    int m_hover = -1;
};

} // namespace Gatehouse::Ui
