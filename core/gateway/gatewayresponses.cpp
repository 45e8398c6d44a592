#include "gatewayresponses.h"

#include <vtl/json.h>

#include <iterator>

namespace Gatehouse::Gateway {

namespace {

// Default statuses from API Gateway's gateway response reference; error types as its
// x-amzn-ErrorType header names them.
const ResponseTypeInfo kTypes[] = {
    {ResponseType::AccessDenied, "ACCESS_DENIED", 403, "AccessDeniedException", false},
    {ResponseType::ApiConfigurationError, "API_CONFIGURATION_ERROR", 500,
     "InternalServerErrorException", true},
    {ResponseType::AuthorizerConfigurationError, "AUTHORIZER_CONFIGURATION_ERROR", 500,
     "AuthorizerConfigurationException", false},
    {ResponseType::AuthorizerFailure, "AUTHORIZER_FAILURE", 500, "AuthorizerFailureException",
     false},
    {ResponseType::BadRequestBody, "BAD_REQUEST_BODY", 400, "BadRequestException", true},
    {ResponseType::BadRequestParameters, "BAD_REQUEST_PARAMETERS", 400, "BadRequestException",
     true},
    {ResponseType::Default4xx, "DEFAULT_4XX", 400, "BadRequestException", true},
    {ResponseType::Default5xx, "DEFAULT_5XX", 500, "InternalServerErrorException", true},
    {ResponseType::ExpiredToken, "EXPIRED_TOKEN", 403, "ExpiredTokenException", false},
    {ResponseType::IntegrationFailure, "INTEGRATION_FAILURE", 504,
     "InternalServerErrorException", true},
    {ResponseType::IntegrationTimeout, "INTEGRATION_TIMEOUT", 504,
     "InternalServerErrorException", true},
    {ResponseType::InvalidApiKey, "INVALID_API_KEY", 403, "ForbiddenException", false},
    {ResponseType::InvalidSignature, "INVALID_SIGNATURE", 403, "InvalidSignatureException",
     false},
    {ResponseType::MissingAuthenticationToken, "MISSING_AUTHENTICATION_TOKEN", 403,
     "MissingAuthenticationTokenException", false},
    {ResponseType::QuotaExceeded, "QUOTA_EXCEEDED", 429, "LimitExceededException", false},
    {ResponseType::RequestTooLarge, "REQUEST_TOO_LARGE", 413, "RequestTooLargeException", false},
    {ResponseType::ResourceNotFound, "RESOURCE_NOT_FOUND", 404, "NotFoundException", true},
    {ResponseType::Throttled, "THROTTLED", 429, "TooManyRequestsException", false},
    {ResponseType::Unauthorized, "UNAUTHORIZED", 401, "UnauthorizedException", false},
    {ResponseType::UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415,
     "UnsupportedMediaTypeException", true},
    {ResponseType::WafFiltered, "WAF_FILTERED", 403, "ForbiddenException", false},
};

} // namespace

const ResponseTypeInfo &responseTypeInfo(ResponseType type)
{
    for (const ResponseTypeInfo &info : kTypes) {
        if (info.type == type)
            return info;
    }
    return kTypes[int(ResponseType::Default5xx)];
}

std::optional<ResponseType> responseTypeFromName(QStringView name)
{
    for (const ResponseTypeInfo &info : kTypes) {
        if (name == QLatin1String(info.name))
            return info.type;
    }
    return std::nullopt;
}

ResponseType defaultFamily(ResponseType type)
{
    return responseTypeInfo(type).status >= 500 ? ResponseType::Default5xx : ResponseType::Default4xx;
}

QByteArray defaultGatewayResponseBody(ResponseType type, const QString &message)
{
    QString quoted;
    Vtl::appendJsonString(quoted, message);
    const char *open = responseTypeInfo(type).spacedBody ? "{\"message\": " : "{\"message\":";
    return QByteArray(open) + quoted.toUtf8() + '}';
}

} // namespace Gatehouse::Gateway
