#include "listenerthread.h"

#include <QMetaObject>

namespace Gatehouse::App {

ListenerThread::ListenerThread(Http::HttpServerConfig config, Http::HttpHandler *handler,
                               Observe::RecordSink *sink)
    : m_config(std::move(config))
    , m_handler(handler)
    , m_sink(sink)
{
    m_thread.setObjectName(m_config.name + QStringLiteral("-listener"));
}

ListenerThread::~ListenerThread()
{
    requestStop(0);
    wait();
}

Status ListenerThread::start()
{
    m_thread.start();
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    Status status;
    // Blocking on an object that lives in the thread (never on the QThread object itself,
    // which lives here and would deadlock).
    QMetaObject::invokeMethod(
        m_worker,
        [this, &status] {
            m_server = new Http::HttpServer(m_config, m_handler, m_sink);
            status = m_server->start();
            if (!status) {
                delete m_server;
                m_server = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!status) {
        requestStop(0);
        wait();
        return status;
    }
    m_url = m_server->url();
    m_port = m_server->port();
    return Status::ok();
}

void ListenerThread::requestStop(int graceMs)
{
    if (!m_worker || m_stopRequested || !m_thread.isRunning())
        return;
    m_stopRequested = true;
    QMetaObject::invokeMethod(
        m_worker,
        [this, graceMs] {
            if (m_server) {
                m_server->stop(graceMs);
                delete m_server;
                m_server = nullptr;
            }
            // Deleted as the thread finishes (QThread runs deferred deletes then).
            m_worker->deleteLater();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

void ListenerThread::wait()
{
    m_thread.wait();
    if (!m_thread.isRunning()) {
        m_worker = nullptr;
        m_stopRequested = false;
    }
}

} // namespace Gatehouse::App
