// Thread affinity: any thread. A compiled format is immutable; render() is reentrant.
#pragma once

#include <gateway/model.h>
#include <observe/requestrecord.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Gatehouse::Gateway {

// An access-log format as API Gateway writes it: the format text with each $context variable
// replaced by its value for a finished request, "-" where the request has none. The values come
// from the gateway's request record (status, latencies and lengths are only known once the
// response is sent). Values are written as they are, except that line breaks and other control
// characters are escaped (one line per request), and, in a format that starts with '{' (JSON),
// '"' and '\' too, so each line stays valid JSON.
class AccessLogFormat
{
public:
    // The formats the API Gateway console offers, by name: "clf", "json", "xml", "csv"
    // (case-insensitive). Anything else is returned as it is (a custom format).
    static QString preset(const QString &nameOrFormat);

    // Compiles a format; unknownVariables() lists the $context names it does not know (they
    // log as "-").
    explicit AccessLogFormat(const QString &format = QString());

    QByteArray render(const Observe::RequestRecord &record) const;

    QString text() const { return m_text; }
    QStringList unknownVariables() const { return m_unknown; }
    // API Gateway requires $context.requestId or $context.extendedRequestId in a format.
    bool hasRequestId() const;

    enum class Var; // the variables this gateway knows (accesslogformat.cpp)

private:
    struct Segment
    {
        QByteArray literal; // used when variable is Literal
        Var variable;
    };
    QString m_text;
    QList<Segment> m_segments;
    QStringList m_unknown;
    bool m_json = false;
};

} // namespace Gatehouse::Gateway
