#include <ui/routes/mockpagehost.h>

#include <QWidget>

namespace Gatehouse::Ui {

MockPageHost::MockPageHost(QObject *parent)
    : QObject(parent)
{
}

MockPageHost::~MockPageHost()
{
    delete m_page;
}

void MockPageHost::setMethod(std::shared_ptr<const Gateway::RestApi>, const QString &, const QString &)
{
}

} // namespace Gatehouse::Ui
