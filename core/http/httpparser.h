// Thread affinity: one instance per connection, used on that connection's thread.
#pragma once

#include <http/httphandler.h>
#include <http/httpmessage.h>

#include <QString>

namespace Gatehouse::Http {

// An incremental HTTP/1.x request parser working on a caller-owned buffer. It never copies the
// head as a whole: lines are scanned in place and only names, values, method and target become
// byte arrays. Limits are checked as soon as the bytes that break them are seen, so a refused
// body is never buffered: a Content-Length above the limit fails at the end of the head, and a
// chunked body fails as soon as a chunk size would take the running total past the limit.
class HttpParser
{
public:
    struct Limits
    {
        qint64 maxBodyBytes = 10 * 1024 * 1024;
        int maxHeaderBytes = 16 * 1024;
        int maxHeaderCount = 100;
    };

    enum class Event {
        NeedMore,        // every available byte was consumed or is part of an unfinished line
        HeadComplete,    // once per message: head parsed and accepted, body may follow
        MessageComplete, // once per message: request() holds the whole message
        Error,           // see errorReason(); the connection must answer and close
    };

    HttpParser();
    explicit HttpParser(Limits limits);

    // Consumes bytes from data[*pos, size) and advances *pos. Call again after HeadComplete to
    // read the body (MessageComplete comes without consuming when there is no body).
    Event parse(const char *data, qsizetype size, qsizetype *pos);
    // Ready for the next message on the same connection.
    void reset();

    // True once any byte of the current message was consumed.
    bool started() const { return m_started; }
    bool headComplete() const { return m_state > State::Head; }
    bool complete() const { return m_state == State::Complete; }

    const HttpRequest &request() const { return m_request; }
    HttpRequest takeRequest() { return std::move(m_request); }

    bool keepAlive() const;
    bool expectContinue() const { return m_expectContinue; }
    bool chunked() const { return m_chunked; }
    qint64 contentLength() const { return m_contentLength; }
    bool expectsBody() const { return m_chunked || m_contentLength > 0; }
    // `Upgrade: websocket` was asked for (answered as a plain request for now).
    bool webSocketUpgrade() const { return m_webSocketUpgrade; }
    qint64 bodyBytes() const { return m_bodyBytes; }

    RefusalReason errorReason() const { return m_errorReason; }
    int errorStatus() const;
    const QString &errorDetail() const { return m_errorDetail; }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Complete, Failed };

    Event fail(RefusalReason reason, QString detail);
    Event parseHead(const char *data, qsizetype size, qsizetype *pos);
    bool parseRequestLine(const char *line, qsizetype len, Event *error);
    bool parseHeaderLine(const char *line, qsizetype len, Event *error);
    Event finishHead();
    Event parseChunkSize(const char *data, qsizetype size, qsizetype *pos);
    Event parseTrailer(const char *data, qsizetype size, qsizetype *pos);

    Limits m_limits;
    State m_state = State::Head;
    HttpRequest m_request;
    bool m_started = false;
    bool m_sawRequestLine = false;
    qint64 m_headBytes = 0;
    int m_headerCount = 0;
    qint64 m_contentLength = 0;
    qint64 m_bodyBytes = 0;
    qint64 m_chunkRemaining = 0;
    bool m_chunked = false;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;
    bool m_expectContinue = false;
    bool m_webSocketUpgrade = false;
    RefusalReason m_errorReason = RefusalReason::BadRequest;
    QString m_errorDetail;
};

} // namespace Gatehouse::Http
