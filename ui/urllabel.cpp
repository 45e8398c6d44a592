#include <ui/urllabel.h>

#include <QMouseEvent>

namespace Gatehouse::Ui {

UrlLabel::UrlLabel(const QString &caption, QWidget *parent)
    : QLabel(parent)
    , m_caption(caption)
{
    setCursor(Qt::PointingHandCursor);
    setTextFormat(Qt::PlainText);
    setContentsMargins(6, 0, 6, 0);
    setUrl({});
}

void UrlLabel::setUrl(const QString &url)
{
    m_url = url;
    setText(m_caption + QStringLiteral(": ") + (url.isEmpty() ? tr("not running") : url));
    setToolTip(url.isEmpty() ? QString() : tr("Click to copy %1").arg(url));
    setEnabled(!url.isEmpty());
}

void UrlLabel::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())
        && !m_url.isEmpty())
        Q_EMIT clicked(m_url);
    QLabel::mouseReleaseEvent(event);
}

} // namespace Gatehouse::Ui
