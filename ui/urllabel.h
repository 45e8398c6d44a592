// Thread affinity: GUI thread.
#pragma once

#include <QLabel>

namespace Gatehouse::Ui {

// A status-bar label showing one listener URL; a click asks for it to be copied.
class UrlLabel : public QLabel
{
    Q_OBJECT
public:
    UrlLabel(const QString &caption, QWidget *parent = nullptr);
    void setUrl(const QString &url);
    QString url() const { return m_url; }

Q_SIGNALS:
    void clicked(const QString &url);

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QString m_caption;
    QString m_url;
};

} // namespace Gatehouse::Ui
