#include "testhandler.h"

#include <QMutexLocker>

using namespace Gatehouse::Http;

TestHandler::~TestHandler()
{
    for (auto &t : m_threads)
        t.join();
}

HttpResponse TestHandler::echo(const HttpRequest &request)
{
    HttpResponse r = HttpResponse::json(200, request.body, "application/octet-stream");
    r.setHeader("X-Echo-Method", request.method);
    r.setHeader("X-Echo-Path", request.path);
    r.setHeader("X-Echo-Query", request.query);
    r.setHeader("X-Echo-Minor", QByteArray::number(request.httpMinor));
    r.setHeader("X-Echo-Request-Id", request.requestId);
    return r;
}

void TestHandler::handle(const ExchangePtr &exchange)
{
    const HttpRequest &request = exchange->request();
    {
        QMutexLocker lock(&m_mutex);
        ++m_handled;
    }
    if (request.path == "/echo") {
        exchange->respond(echo(request));
        ++m_answered;
    } else if (request.path.startsWith("/hold/")) {
        QMutexLocker lock(&m_mutex);
        m_held.insert(request.path.mid(6), exchange);
    } else if (request.path == "/thread") {
        QMutexLocker lock(&m_mutex);
        m_threads.emplace_back([this, exchange] {
            exchange->addStage(QStringLiteral("thread"), exchange->elapsedUs(), 1);
            exchange->respond(HttpResponse::json(200, "{\"from\":\"thread\"}"));
            ++m_answered;
        });
    } else if (request.path == "/big") {
        exchange->respond(HttpResponse::json(200, QByteArray(32 * 1024 * 1024, 'b')));
        ++m_answered;
    } else if (request.path == "/stages") {
        exchange->addStage(QStringLiteral("route"), exchange->elapsedUs(), 5);
        exchange->setNote(QStringLiteral("operation"), QStringLiteral("Echo"));
        HttpResponse r = echo(request);
        r.body = QByteArray(100, 'r');
        exchange->respond(r);
        ++m_answered;
    } else {
        exchange->respond(HttpResponse::json(404, "{\"message\":\"not found\"}"));
        ++m_answered;
    }
}

HttpResponse TestHandler::refusal(RefusalReason reason, int status, const QString &detail)
{
    {
        QMutexLocker lock(&m_mutex);
        m_refusals.append(reason);
    }
    return HttpResponse::json(status, "{\"refused\":\"" + detail.toUtf8() + "\"}");
}

bool TestHandler::release(const QByteArray &name, const QByteArray &body)
{
    QMutexLocker lock(&m_mutex);
    ExchangePtr exchange = m_held.take(name);
    if (!exchange)
        return false;
    m_threads.emplace_back([this, exchange, body] {
        HttpResponse r = echo(exchange->request());
        r.body = body;
        exchange->respond(r);
        ++m_answered;
        exchange->respond(HttpResponse::json(500, "second answers are ignored"));
    });
    return true;
}

int TestHandler::heldCount()
{
    QMutexLocker lock(&m_mutex);
    return int(m_held.size());
}

int TestHandler::handledCount()
{
    QMutexLocker lock(&m_mutex);
    return m_handled;
}

QList<RefusalReason> TestHandler::refusals()
{
    QMutexLocker lock(&m_mutex);
    return m_refusals;
}
