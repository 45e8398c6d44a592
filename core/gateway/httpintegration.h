// Thread affinity: execute() on any thread running an event loop (the listener threads); the
// request is sent and answered on that same thread. buildBackendRequest() is pure, any thread.
#pragma once

#include <gateway/integration.h>

#include <common/status.h>

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Gatehouse::Gateway {

// The request an HTTP or HTTP_PROXY integration sends, before it is sent.
struct BackendRequest
{
    QByteArray method;
    QUrl url;
    Http::HeaderList headers;
    QByteArray body;
    int timeoutMs = 29000;
};

// API Gateway's integration timeout: default 29 s, accepted range 50 ms..29 s.
int integrationTimeoutMs(const Integration &integration);

// Builds the backend request of an HTTP or HTTP_PROXY integration, as API Gateway does:
//   uri       ${stageVariables.x} replaced, then each {name} by the
//             integration.request.path.name mapping (percent-encoded; '/' kept for greedy
//             values), else by the method's path parameter of that name
//   method    the integration's httpMethod; ANY (or none) sends the client's method
//   query     HTTP_PROXY: the uri's, then the client's query string as sent, then mapped
//             integration.request.querystring.*; HTTP: the uri's and the mapped ones
//   headers   HTTP_PROXY: the client's minus hop-by-hop ones and Host, X-Forwarded-For with the
//             client's address appended, X-Forwarded-Proto/Port when absent; HTTP: only the
//             mapped ones, with Content-Type, Accept and User-Agent defaults. Both carry
//             x-amzn-apigateway-api-id; integration.request.header.* mappings win.
//   body      the integration request body (passed through or rendered)
// An uri that is not an absolute http(s) URL after substitution is an error (API Gateway's
// "Invalid endpoint address").
Result<BackendRequest> buildBackendRequest(const IntegrationCall &call);

// Backend response headers as an HTTP_PROXY integration returns them: framing headers dropped,
// the ones API Gateway owns (Date, Server, Connection, Authorization, WWW-Authenticate) renamed
// x-amzn-Remapped-<name>.
Http::HeaderList proxyResponseHeaders(const Http::HeaderList &backend);

// The HTTP and HTTP_PROXY executor. Requests go out through QNetworkAccessManager instances
// owned by the calling thread (created on first use, deleted when that thread finishes), so a
// listener thread never waits: the answer arrives as an event on the same thread. Each thread
// keeps a few managers and sends through the least busy one, which lifts QNAM's limit of six
// connections per host; idle keep-alive connections are reused. Redirects are not followed,
// no cookies are kept, HTTP/2 is not negotiated.
//
// Failures, as API Gateway answers them:
//   timeoutInMillis elapsed      504 INTEGRATION_TIMEOUT {"message": "Endpoint request timed out"}
//   DNS failure, refused, bad uri 500 API_CONFIGURATION_ERROR {"message": "Internal server error"}
//                                 ("Execution failed due to configuration error: Invalid
//                                 endpoint address")
//   connection lost mid-exchange 504 INTEGRATION_FAILURE {"message": "Internal server error"}
// Record notes: backendUrl, backendMethod, backendStatus, backendLatencyUs.
class HttpIntegration final : public IntegrationExecutor
{
public:
    // Managers per thread; each opens at most six connections to one host.
    explicit HttpIntegration(int managersPerThread = 4);
    void execute(const IntegrationCall &call, IntegrationDone done) override;

private:
    int m_managersPerThread;
};

} // namespace Gatehouse::Gateway
