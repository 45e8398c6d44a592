// Thread affinity: any thread (implementations must be stateless or internally synchronised).
#pragma once

#include <common/status.h>
#include <http/httpmessage.h>

namespace Gatehouse::Tables {

// Decides whether a request is authenticated, before its body is interpreted. The error
// Status carries the code the client sees (MissingAuthenticationTokenException,
// IncompleteSignatureException, InvalidSignatureException, ...) and its exact message.
// A strict SigV4 verifier (credentials, scope, signature, expiry) plugs in here later.
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual Status authenticate(const Http::HttpRequest &request) const = 0;
};

// What DynamoDB Local accepts: any request that carries a well-formed SigV4 Authorization
// header (or SigV4 query parameters); the signature itself is not verified. A request without
// them is refused the way the service refuses it.
class PermissiveAuthenticator : public Authenticator
{
public:
    Status authenticate(const Http::HttpRequest &request) const override;
};

} // namespace Gatehouse::Tables
