// Thread affinity: any thread (constant tables and pure functions).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

namespace Gatehouse::Gateway {

// API Gateway's gateway response types: the errors the gateway itself answers with, each
// customisable per API (x-amazon-apigateway-gateway-responses).
enum class ResponseType {
    AccessDenied,
    ApiConfigurationError,
    AuthorizerConfigurationError,
    AuthorizerFailure,
    BadRequestBody,
    BadRequestParameters,
    Default4xx,
    Default5xx,
    ExpiredToken,
    IntegrationFailure,
    IntegrationTimeout,
    InvalidApiKey,
    InvalidSignature,
    MissingAuthenticationToken,
    QuotaExceeded,
    RequestTooLarge,
    ResourceNotFound,
    Throttled,
    Unauthorized,
    UnsupportedMediaType,
    WafFiltered,
};

// Every gateway error's wording in one place, so exactness is reviewed here.
struct ResponseTypeInfo
{
    ResponseType type;
    const char *name;      // "MISSING_AUTHENTICATION_TOKEN"
    int status;            // the type's default status (DEFAULT_4XX 400, DEFAULT_5XX 500)
    const char *errorType; // x-amzn-ErrorType
    // AWS's edge answers {"message":"..."}, its execution layer {"message": "..."}: clients
    // and tests compare bodies byte for byte.
    bool spacedBody;
};

const ResponseTypeInfo &responseTypeInfo(ResponseType type);
std::optional<ResponseType> responseTypeFromName(QStringView name);
// DEFAULT_4XX or DEFAULT_5XX: the customisation a type without its own falls back to.
ResponseType defaultFamily(ResponseType type);

// An error raised by a pipeline stage, before the API's customisations apply.
struct GatewayFailure
{
    ResponseType type = ResponseType::Default5xx;
    QString message; // $context.error.message: "Missing Authentication Token"
    QString detail;  // why, for the request record ("No match for output mapping ...")
    // Overrides the type's default status when the API does not customise it: AWS answers a
    // Lambda function error or a malformed Lambda proxy response 502, not the type's 500.
    std::optional<int> status = std::nullopt;
};

// Messages AWS uses, verbatim.
namespace GatewayMessage {
inline QString missingAuthenticationToken() { return QStringLiteral("Missing Authentication Token"); }
inline QString internalServerError() { return QStringLiteral("Internal server error"); }
inline QString unsupportedMediaType() { return QStringLiteral("Unsupported Media Type"); }
inline QString invalidRequestBody() { return QStringLiteral("Invalid request body"); }
inline QString endpointTimedOut() { return QStringLiteral("Endpoint request timed out"); }
} // namespace GatewayMessage

// The default body of a type that the API does not customise.
QByteArray defaultGatewayResponseBody(ResponseType type, const QString &message);

} // namespace Gatehouse::Gateway
