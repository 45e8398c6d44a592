#include <ui/tables/backgroundapi.h>

namespace Gatehouse::Ui {

BackgroundApi::BackgroundApi(Tables::DynamoApi *inner)
    : m_inner(inner)
{
    // One thread: calls keep their order (a write, then the reload that must see it).
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(30000);
}

BackgroundApi::~BackgroundApi()
{
    m_pool.waitForDone();
}

void BackgroundApi::call(const QString &operation, const QJsonObject &request, Tables::ReplyFn done)
{
    Tables::DynamoApi *inner = m_inner;
    m_pool.start([inner, operation, request, done = std::move(done)]() mutable {
        inner->call(operation, request, std::move(done));
    });
}

} // namespace Gatehouse::Ui
