// Thread affinity: call from any thread; `done` runs on the worker thread (use callApi to bring
// it back to the GUI thread).
#pragma once

#include <tables/dynamoapi.h>

#include <QThreadPool>

namespace Gatehouse::Ui {

// Runs each call of another DynamoApi on one worker thread, in the order they were made. The
// in-process engine answers reads synchronously on the caller's thread, which on the GUI thread
// would freeze the window for as long as a page takes; a remote endpoint will answer late anyway,
// so the browser is written for late answers from the start.
class BackgroundApi : public Tables::DynamoApi
{
public:
    // `inner` must outlive this object; the destructor waits for calls already queued.
    explicit BackgroundApi(Tables::DynamoApi *inner);
    ~BackgroundApi() override;

    void call(const QString &operation, const QJsonObject &request, Tables::ReplyFn done) override;
    Tables::DynamoApi *inner() const { return m_inner; }

private:
    Tables::DynamoApi *m_inner;
    QThreadPool m_pool;
};

} // namespace Gatehouse::Ui
