#include "httpparser.h"

#include <cstring>
#include <limits>

namespace Gatehouse::Http {

namespace {

// RFC 9110 token characters, as a lookup table.
struct TokenTable
{
    bool table[256] = {};
    constexpr TokenTable()
    {
        for (int c = '0'; c <= '9'; ++c)
            table[c] = true;
        for (int c = 'a'; c <= 'z'; ++c)
            table[c] = true;
        for (int c = 'A'; c <= 'Z'; ++c)
            table[c] = true;
        for (char c : {'!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~'})
            table[uchar(c)] = true;
    }
};
constexpr TokenTable tokenTable;

inline bool isToken(char c)
{
    return tokenTable.table[uchar(c)];
}

inline char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
}

bool equalsLower(const char *s, qsizetype len, const char *lowerLiteral)
{
    const qsizetype n = qsizetype(std::strlen(lowerLiteral));
    if (len != n)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        if (lower(s[i]) != lowerLiteral[i])
            return false;
    }
    return true;
}

bool nameIs(const QByteArray &name, const char *lowerLiteral)
{
    return equalsLower(name.constData(), name.size(), lowerLiteral);
}

// Calls f(token, len) for each comma-separated token, trimmed of spaces and tabs.
template<typename F>
void forEachToken(const QByteArray &value, F f)
{
    const char *p = value.constData();
    const char *end = p + value.size();
    while (p < end) {
        const char *comma = static_cast<const char *>(std::memchr(p, ',', size_t(end - p)));
        const char *stop = comma ? comma : end;
        const char *b = p;
        const char *e = stop;
        while (b < e && (*b == ' ' || *b == '\t'))
            ++b;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            --e;
        if (e > b)
            f(b, qsizetype(e - b));
        p = comma ? comma + 1 : end;
    }
}

// A strict non-negative decimal; -1 when malformed, -2 when it does not fit.
qint64 parseLength(const QByteArray &value)
{
    if (value.isEmpty())
        return -1;
    qint64 n = 0;
    for (char c : value) {
        if (c < '0' || c > '9')
            return -1;
        if (n > (std::numeric_limits<qint64>::max() - 9) / 10)
            return -2;
        n = n * 10 + (c - '0');
    }
    return n;
}

// The line [data+pos, nl) without its trailing CR.
inline qsizetype lineLength(const char *start, const char *nl)
{
    qsizetype len = qsizetype(nl - start);
    if (len > 0 && start[len - 1] == '\r')
        --len;
    return len;
}

// The common methods share static data instead of allocating per request.
QByteArray knownMethod(const char *s, qsizetype len)
{
    const QByteArrayView m(s, len);
    if (m == "GET")
        return QByteArrayLiteral("GET");
    if (m == "POST")
        return QByteArrayLiteral("POST");
    if (m == "PUT")
        return QByteArrayLiteral("PUT");
    if (m == "HEAD")
        return QByteArrayLiteral("HEAD");
    if (m == "DELETE")
        return QByteArrayLiteral("DELETE");
    if (m == "PATCH")
        return QByteArrayLiteral("PATCH");
    if (m == "OPTIONS")
        return QByteArrayLiteral("OPTIONS");
    return QByteArray(s, len);
}

} // namespace

HttpParser::HttpParser() : m_limits(Limits()) {}

HttpParser::HttpParser(Limits limits) : m_limits(limits) {}

void HttpParser::reset()
{
    m_state = State::Head;
    m_request = HttpRequest();
    m_started = false;
    m_sawRequestLine = false;
    m_headBytes = 0;
    m_headerCount = 0;
    m_contentLength = 0;
    m_bodyBytes = 0;
    m_chunkRemaining = 0;
    m_chunked = false;
    m_connectionClose = false;
    m_connectionKeepAlive = false;
    m_expectContinue = false;
    m_webSocketUpgrade = false;
    m_errorReason = RefusalReason::BadRequest;
    m_errorDetail.clear();
}

bool HttpParser::keepAlive() const
{
    if (m_request.httpMinor >= 1)
        return !m_connectionClose;
    return m_connectionKeepAlive && !m_connectionClose;
}

int HttpParser::errorStatus() const
{
    switch (m_errorReason) {
    case RefusalReason::HeaderTooLarge:
    case RefusalReason::TooManyHeaders:
        return 431;
    case RefusalReason::BodyTooLarge:
        return 413;
    case RefusalReason::BadRequest:
        return 400;
    case RefusalReason::UnsupportedVersion:
        return 505;
    case RefusalReason::NotImplemented:
        return 501;
    case RefusalReason::RequestTimeout:
        return 408;
    }
    return 400;
}

HttpParser::Event HttpParser::fail(RefusalReason reason, QString detail)
{
    m_state = State::Failed;
    m_errorReason = reason;
    m_errorDetail = std::move(detail);
    return Event::Error;
}

HttpParser::Event HttpParser::parse(const char *data, qsizetype size, qsizetype *pos)
{
    if (*pos < size)
        m_started = true;
    for (;;) {
        switch (m_state) {
        case State::Head:
            return parseHead(data, size, pos);
        case State::Body: {
            const qsizetype n = qsizetype(std::min<qint64>(m_contentLength - m_bodyBytes,
                                                           size - *pos));
            if (n > 0) {
                m_request.body.append(data + *pos, n);
                *pos += n;
                m_bodyBytes += n;
            }
            if (m_bodyBytes < m_contentLength)
                return Event::NeedMore;
            m_state = State::Complete;
            return Event::MessageComplete;
        }
        case State::ChunkSize: {
            const Event e = parseChunkSize(data, size, pos);
            if (e != Event::MessageComplete) // used internally as "go on"
                return e;
            break;
        }
        case State::ChunkData: {
            const qsizetype n = qsizetype(std::min<qint64>(m_chunkRemaining, size - *pos));
            if (n > 0) {
                m_request.body.append(data + *pos, n);
                *pos += n;
                m_chunkRemaining -= n;
            }
            if (m_chunkRemaining > 0)
                return Event::NeedMore;
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd: {
            if (*pos >= size)
                return Event::NeedMore;
            if (data[*pos] == '\n') {
                *pos += 1;
            } else if (data[*pos] == '\r') {
                if (*pos + 1 >= size)
                    return Event::NeedMore;
                if (data[*pos + 1] != '\n')
                    return fail(RefusalReason::BadRequest,
                                QStringLiteral("client sent invalid chunked body"));
                *pos += 2;
            } else {
                return fail(RefusalReason::BadRequest,
                            QStringLiteral("client sent invalid chunked body"));
            }
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailer: {
            return parseTrailer(data, size, pos);
        }
        case State::Complete:
            return Event::MessageComplete;
        case State::Failed:
            return Event::Error;
        }
    }
}

HttpParser::Event HttpParser::parseHead(const char *data, qsizetype size, qsizetype *pos)
{
    const qint64 maxHead = m_limits.maxHeaderBytes;
    while (*pos < size) {
        const char *start = data + *pos;
        const qsizetype avail = size - *pos;
        const char *nl = static_cast<const char *>(std::memchr(start, '\n', size_t(avail)));
        if (!nl) {
            if (m_headBytes + avail > maxHead)
                return fail(RefusalReason::HeaderTooLarge,
                            QStringLiteral("client sent too large request header"));
            return Event::NeedMore;
        }
        const qsizetype consumed = qsizetype(nl - start) + 1;
        m_headBytes += consumed;
        if (m_headBytes > maxHead)
            return fail(RefusalReason::HeaderTooLarge,
                        QStringLiteral("client sent too large request header"));
        *pos += consumed;
        const qsizetype len = lineLength(start, nl);
        Event error = Event::Error;
        if (!m_sawRequestLine) {
            if (len == 0)
                continue; // RFC 9112 2.2: empty lines before the request line are ignored
            if (!parseRequestLine(start, len, &error))
                return error;
            m_sawRequestLine = true;
            continue;
        }
        if (len == 0)
            return finishHead();
        if (!parseHeaderLine(start, len, &error))
            return error;
    }
    return Event::NeedMore;
}

bool HttpParser::parseRequestLine(const char *line, qsizetype len, Event *error)
{
    auto bad = [&] {
        *error = fail(RefusalReason::BadRequest, QStringLiteral("client sent invalid request"));
        return false;
    };
    const char *p = line;
    const char *end = line + len;
    const char *methodStart = p;
    while (p < end && isToken(*p))
        ++p;
    if (p == methodStart || p == end || *p != ' ')
        return bad();
    const char *methodEnd = p;
    while (p < end && *p == ' ')
        ++p;
    const char *targetStart = p;
    while (p < end && uchar(*p) > 0x20 && *p != 0x7f)
        ++p;
    const char *targetEnd = p;
    if (targetEnd == targetStart || p == end || *p != ' ')
        return bad();
    while (p < end && *p == ' ')
        ++p;
    // HTTP-version = "HTTP/" DIGIT "." DIGIT (more digits tolerated to refuse them with 505)
    if (end - p < 8 || std::memcmp(p, "HTTP/", 5) != 0)
        return bad();
    p += 5;
    int major = 0, minor = 0, digits = 0;
    while (p < end && *p >= '0' && *p <= '9' && digits < 4) {
        major = major * 10 + (*p++ - '0');
        ++digits;
    }
    if (digits == 0 || p == end || *p != '.')
        return bad();
    ++p;
    digits = 0;
    while (p < end && *p >= '0' && *p <= '9' && digits < 4) {
        minor = minor * 10 + (*p++ - '0');
        ++digits;
    }
    if (digits == 0)
        return bad();
    while (p < end && *p == ' ') // nginx tolerates trailing spaces
        ++p;
    if (p != end)
        return bad();
    m_request.method = knownMethod(methodStart, qsizetype(methodEnd - methodStart));
    m_request.target = QByteArray(targetStart, qsizetype(targetEnd - targetStart));
    if (major != 1 || minor > 1) {
        *error = fail(RefusalReason::UnsupportedVersion,
                      QStringLiteral("client sent unsupported HTTP version %1.%2")
                          .arg(major)
                          .arg(minor));
        return false;
    }
    m_request.httpMinor = minor;

    // origin-form "/p?q"; absolute-form "http://host/p?q" is reduced to its path and query.
    const char *t = targetStart;
    const char *tEnd = targetEnd;
    if (*t != '/' && *t != '*') {
        const char *scheme = static_cast<const char *>(
            std::memchr(t, ':', size_t(tEnd - t)));
        if (scheme && tEnd - scheme >= 3 && scheme[1] == '/' && scheme[2] == '/') {
            const char *slash = static_cast<const char *>(
                std::memchr(scheme + 3, '/', size_t(tEnd - scheme - 3)));
            t = slash ? slash : tEnd;
        }
    }
    const char *q = static_cast<const char *>(std::memchr(t, '?', size_t(tEnd - t)));
    if (t == tEnd) {
        m_request.path = QByteArrayLiteral("/");
    } else {
        m_request.path = QByteArray(t, qsizetype((q ? q : tEnd) - t));
        if (m_request.path.isEmpty())
            m_request.path = QByteArrayLiteral("/");
    }
    if (q)
        m_request.query = QByteArray(q + 1, qsizetype(tEnd - q - 1));
    return true;
}

bool HttpParser::parseHeaderLine(const char *line, qsizetype len, Event *error)
{
    auto bad = [&] {
        *error = fail(RefusalReason::BadRequest, QStringLiteral("client sent invalid header line"));
        return false;
    };
    const char *p = line;
    const char *end = line + len;
    // Obsolete line folding (a line starting with a space) is refused as RFC 9112 5.2 allows.
    while (p < end && isToken(*p))
        ++p;
    if (p == line || p == end || *p != ':')
        return bad();
    const char *nameEnd = p++;
    while (p < end && (*p == ' ' || *p == '\t'))
        ++p;
    const char *valueStart = p;
    const char *valueEnd = end;
    while (valueEnd > valueStart && (valueEnd[-1] == ' ' || valueEnd[-1] == '\t'))
        --valueEnd;
    for (const char *c = valueStart; c < valueEnd; ++c) {
        const uchar u = uchar(*c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return bad();
    }
    if (++m_headerCount > m_limits.maxHeaderCount) {
        *error = fail(RefusalReason::TooManyHeaders,
                      QStringLiteral("client sent too many header fields"));
        return false;
    }
    if (m_request.headers.isEmpty())
        m_request.headers.reserve(16);
    m_request.headers.append({QByteArray(line, qsizetype(nameEnd - line)),
                              QByteArray(valueStart, qsizetype(valueEnd - valueStart))});
    return true;
}

HttpParser::Event HttpParser::finishHead()
{
    bool sawLength = false;
    bool sawEncoding = false;
    QByteArray encoding;
    for (const auto &h : std::as_const(m_request.headers)) {
        const QByteArray &name = h.first;
        switch (lower(name.isEmpty() ? '\0' : name.at(0))) {
        case 'c':
            if (nameIs(name, "content-length")) {
                const qint64 n = parseLength(h.second);
                if (n == -1 || (sawLength && n != m_contentLength))
                    return fail(RefusalReason::BadRequest,
                                QStringLiteral("client sent invalid \"Content-Length\" header"));
                if (n == -2 || n > m_limits.maxBodyBytes)
                    return fail(RefusalReason::BodyTooLarge,
                                QStringLiteral("client intended to send too large body: %1 bytes")
                                    .arg(n == -2 ? QStringLiteral("too many")
                                                 : QString::number(n)));
                m_contentLength = n;
                sawLength = true;
            } else if (nameIs(name, "connection")) {
                forEachToken(h.second, [this](const char *t, qsizetype n) {
                    if (equalsLower(t, n, "close"))
                        m_connectionClose = true;
                    else if (equalsLower(t, n, "keep-alive"))
                        m_connectionKeepAlive = true;
                });
            }
            break;
        case 't':
            if (nameIs(name, "transfer-encoding")) {
                if (sawEncoding)
                    encoding.append(',');
                encoding.append(h.second);
                sawEncoding = true;
            }
            break;
        case 'e':
            if (nameIs(name, "expect") && equalsLower(h.second.constData(), h.second.size(),
                                                      "100-continue"))
                m_expectContinue = m_request.httpMinor >= 1;
            break;
        case 'u':
            if (nameIs(name, "upgrade")) {
                forEachToken(h.second, [this](const char *t, qsizetype n) {
                    if (equalsLower(t, n, "websocket"))
                        m_webSocketUpgrade = true;
                });
            }
            break;
        default:
            break;
        }
    }
    if (sawEncoding) {
        if (sawLength)
            return fail(RefusalReason::BadRequest,
                        QStringLiteral("client sent \"Content-Length\" and \"Transfer-Encoding\" "
                                       "headers at the same time"));
        if (m_request.httpMinor == 0)
            return fail(RefusalReason::BadRequest,
                        QStringLiteral("client sent HTTP/1.0 request with \"Transfer-Encoding\""));
        if (!equalsLower(encoding.constData(), encoding.size(), "chunked"))
            return fail(RefusalReason::NotImplemented,
                        QStringLiteral("client sent unknown \"Transfer-Encoding\": \"%1\"")
                            .arg(QString::fromLatin1(encoding)));
        m_chunked = true;
    }
    if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (m_contentLength > 0) {
        // Grows as bytes arrive: a large declared length alone must not reserve memory.
        m_request.body.reserve(qsizetype(std::min<qint64>(m_contentLength, 64 * 1024)));
        m_state = State::Body;
    } else {
        m_state = State::Complete;
    }
    return Event::HeadComplete;
}

HttpParser::Event HttpParser::parseChunkSize(const char *data, qsizetype size, qsizetype *pos)
{
    constexpr qsizetype MaxChunkLine = 4096;
    const char *start = data + *pos;
    const qsizetype avail = size - *pos;
    const char *nl = static_cast<const char *>(std::memchr(start, '\n', size_t(avail)));
    if (!nl) {
        if (avail > MaxChunkLine)
            return fail(RefusalReason::BadRequest,
                        QStringLiteral("client sent invalid chunked body"));
        return Event::NeedMore;
    }
    const qsizetype len = lineLength(start, nl);
    qint64 chunk = 0;
    qsizetype i = 0;
    for (; i < len; ++i) {
        const char c = start[i];
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            break;
        if (chunk > (std::numeric_limits<qint64>::max() >> 4))
            return fail(RefusalReason::BodyTooLarge,
                        QStringLiteral("client intended to send too large chunked body"));
        chunk = (chunk << 4) | v;
    }
    if (i == 0)
        return fail(RefusalReason::BadRequest, QStringLiteral("client sent invalid chunked body"));
    // Chunk extensions (";name=value") are allowed and ignored.
    if (i < len && start[i] != ';' && start[i] != ' ' && start[i] != '\t')
        return fail(RefusalReason::BadRequest, QStringLiteral("client sent invalid chunked body"));
    *pos += qsizetype(nl - start) + 1;
    if (chunk == 0) {
        m_state = State::Trailer;
        return Event::MessageComplete;
    }
    if (m_bodyBytes + chunk > m_limits.maxBodyBytes)
        return fail(RefusalReason::BodyTooLarge,
                    QStringLiteral("client intended to send too large chunked body: %1+%2 bytes")
                        .arg(m_bodyBytes)
                        .arg(chunk));
    m_bodyBytes += chunk;
    m_chunkRemaining = chunk;
    if (m_request.body.capacity() < m_bodyBytes)
        m_request.body.reserve(qsizetype(std::min<qint64>(m_bodyBytes, 64 * 1024)));
    m_state = State::ChunkData;
    return Event::MessageComplete;
}

HttpParser::Event HttpParser::parseTrailer(const char *data, qsizetype size, qsizetype *pos)
{
    while (*pos < size) {
        const char *start = data + *pos;
        const qsizetype avail = size - *pos;
        const char *nl = static_cast<const char *>(std::memchr(start, '\n', size_t(avail)));
        if (!nl) {
            if (m_headBytes + avail > m_limits.maxHeaderBytes)
                return fail(RefusalReason::HeaderTooLarge,
                            QStringLiteral("client sent too large chunked trailer"));
            return Event::NeedMore;
        }
        const qsizetype consumed = qsizetype(nl - start) + 1;
        m_headBytes += consumed;
        if (m_headBytes > m_limits.maxHeaderBytes)
            return fail(RefusalReason::HeaderTooLarge,
                        QStringLiteral("client sent too large chunked trailer"));
        *pos += consumed;
        if (lineLength(start, nl) == 0) {
            m_state = State::Complete;
            return Event::MessageComplete;
        }
        // Trailer fields are ignored, as nginx does.
    }
    return Event::NeedMore;
}

} // namespace Gatehouse::Http
