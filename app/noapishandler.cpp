#include "noapishandler.h"

namespace Gatehouse::App {

Http::HttpResponse NoApisHandler::missingAuthenticationToken()
{
    Http::HttpResponse response = Http::HttpResponse::json(403, R"({"message":"Missing Authentication Token"})");
    response.setHeader("x-amzn-ErrorType", "MissingAuthenticationTokenException");
    return response;
}

void NoApisHandler::handle(const Http::ExchangePtr &exchange)
{
    exchange->setNote(QStringLiteral("error"), QStringLiteral("MissingAuthenticationTokenException"));
    exchange->respond(missingAuthenticationToken());
}

Http::HttpResponse NoApisHandler::refusal(Http::RefusalReason reason, int status, const QString &detail)
{
    Q_UNUSED(detail);
    // API Gateway's default gateway-response messages (REQUEST_TOO_LARGE and the edge's own
    // refusals), in its {"message": ...} body.
    QByteArray message;
    switch (reason) {
    case Http::RefusalReason::BodyTooLarge:
        message = "Request Too Long";
        break;
    case Http::RefusalReason::HeaderTooLarge:
    case Http::RefusalReason::TooManyHeaders:
        message = "Request Header Fields Too Large";
        break;
    case Http::RefusalReason::BadRequest:
        message = "Bad Request";
        break;
    case Http::RefusalReason::UnsupportedVersion:
        message = "HTTP Version Not Supported";
        break;
    case Http::RefusalReason::NotImplemented:
        message = "Not Implemented";
        break;
    case Http::RefusalReason::RequestTimeout:
        message = "Request Timeout";
        break;
    }
    return Http::HttpResponse::json(status, "{\"message\":\"" + message + "\"}");
}

} // namespace Gatehouse::App
