// Thread affinity: handle() and refusal() on any listener thread (stateless).
#pragma once

#include <http/httphandler.h>

namespace Gatehouse::App {

// The gateway listener's handler while no APIs are deployed yet (API serving arrives with the
// gateway issue): every request gets the answer API Gateway gives a route it does not know,
//   403 {"message":"Missing Authentication Token"}
//   x-amzn-ErrorType: MissingAuthenticationTokenException
// and requests the listener refuses are answered in API Gateway's {"message": ...} format.
class NoApisHandler : public Http::HttpHandler
{
public:
    void handle(const Http::ExchangePtr &exchange) override;
    Http::HttpResponse refusal(Http::RefusalReason reason, int status, const QString &detail) override;

    static Http::HttpResponse missingAuthenticationToken();
};

} // namespace Gatehouse::App
