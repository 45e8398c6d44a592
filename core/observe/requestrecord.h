// Thread affinity: any thread. A RequestRecord is immutable once published.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariantMap>

#include <memory>

namespace Gatehouse::Observe {

// One timed step of a request's pipeline ("parse", "route", "integration", "commit", ...).
struct StageTiming
{
    QString name;
    qint64 startUs = 0;     // offset from the start of the exchange
    qint64 durationUs = 0;
};

// Everything the console, the access log and the metrics know about one finished exchange.
struct RequestRecord
{
    QByteArray requestId;
    QString listener;          // "gateway" or "tables"
    QDateTime startedAt;       // UTC, millisecond precision
    QString peerAddress;
    QByteArray method;
    QByteArray target;         // raw path and query
    QList<QPair<QByteArray, QByteArray>> requestHeaders;
    QByteArray requestBody;    // cut at the listener's record limit
    qint64 requestBodySize = 0;
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> responseHeaders;
    QByteArray responseBody;   // cut at the listener's record limit
    qint64 responseBodySize = 0;
    qint64 totalUs = 0;
    QList<StageTiming> stages;
    // Engine-specific facts: "operation" (DynamoDB), "api", "stage", "resourcePath",
    // "templateIn"/"templateOut", "console", "error" ... Keys are documented by each engine.
    QVariantMap notes;
};

using RecordPtr = std::shared_ptr<const RequestRecord>;

// Receives finished records. publish() is called on listener threads and must not block.
class RecordSink
{
public:
    virtual ~RecordSink() = default;
    virtual void publish(const RecordPtr &record) = 0;
};

} // namespace Gatehouse::Observe
