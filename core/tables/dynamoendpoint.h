// Thread affinity: handle() on any listener thread; answers may be sent from the store's writer
// thread (the exchange is thread-safe).
#pragma once

#include <tables/authenticator.h>
#include <tables/dynamoapi.h>

#include <http/httphandler.h>

#include <memory>

namespace Gatehouse::Tables {

// The DynamoDB JSON 1.0 protocol over HTTP: POST / with X-Amz-Target
// "DynamoDB_20120810.<Operation>", answered with compact JSON, x-amzn-RequestId and x-amz-crc32
// (CRC32 of the body bytes, which botocore verifies). Request checks run in the service's
// order: method and content type, JSON syntax, target, authentication, then the operation.
//
// Record notes: "operation", "table", "error" (the error code); stages "parse" (body and
// authentication) and "engine" (validation and execution); item writes split the latter into
// "engine" (validation, queueing), "write" (the mutation on the writer thread) and "commit"
// (waiting for the group's commit).
class DynamoEndpoint : public Http::HttpHandler
{
public:
    explicit DynamoEndpoint(std::shared_ptr<DynamoApi> api,
                            std::shared_ptr<const Authenticator> authenticator = nullptr);

    void handle(const Http::ExchangePtr &exchange) override;
    Http::HttpResponse refusal(Http::RefusalReason reason, int status, const QString &detail) override;

    // The error response for a code and message (extra members merged into the body).
    static Http::HttpResponse errorResponse(const QString &code, const QString &message,
                                            const QJsonObject &extraFields = {},
                                            const QByteArray &contentType = "application/x-amz-json-1.0");
    static quint32 crc32(const QByteArray &data);

private:
    std::shared_ptr<DynamoApi> m_api;
    std::shared_ptr<const Authenticator> m_authenticator;
};

} // namespace Gatehouse::Tables
