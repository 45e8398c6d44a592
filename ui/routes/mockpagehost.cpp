#include <ui/mocks/mockauthoringview.h>
#include <ui/routes/mockpagehost.h>

namespace Gatehouse::Ui {

MockPageHost::MockPageHost(QObject *parent)
    : QObject(parent)
    , m_view(new MockAuthoringView)
{
    m_view->setObjectName(QStringLiteral("mockAuthoring"));
    connect(m_view, &MockAuthoringView::methodEdited, this, [this](const Gateway::Method &edited, const QString &text) {
        Q_EMIT methodEdited(m_apiId, m_path, edited, text);
    });
}

MockPageHost::~MockPageHost()
{
    // Shown, the view belongs to the form that shows it; never shown, it is ours.
    if (m_view && !m_view->parent())
        delete m_view;
}

QWidget *MockPageHost::page() const
{
    return m_view;
}

void MockPageHost::setMethod(std::shared_ptr<const Gateway::RestApi> api, const QString &path, const QString &httpMethod)
{
    if (!m_view || !api)
        return;
    if (m_apiId != api->id || m_path != path)
        m_view->flushEdits();   // a pending edit belongs to the method shown until now
    m_apiId = api->id;
    m_path = path;
    m_view->setMethod(std::move(api), path, httpMethod);
}

} // namespace Gatehouse::Ui
