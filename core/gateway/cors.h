// Thread affinity: any thread (edits a RestApi value the caller owns).
#pragma once

#include <common/status.h>
#include <gateway/model.h>

#include <QString>
#include <QStringList>

namespace Gatehouse::Gateway {

struct CorsOptions
{
    // Values as the API Gateway console fills them in.
    QString allowOrigin = QStringLiteral("*");
    QString allowHeaders =
        QStringLiteral("Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token");
    // Empty: the resource's methods and OPTIONS, sorted (ANY counts as every method).
    QStringList allowMethods;
    // Also add the headers to the DEFAULT_4XX and DEFAULT_5XX gateway responses, so errors the
    // gateway answers itself are readable by browsers.
    bool gatewayResponses = false;
};

// What the API Gateway console's "Enable CORS" does to a resource of a REST API:
//  - an OPTIONS method (no authorization) with a MOCK integration whose request template is
//    {"statusCode": 200}, a 200 method response declaring Access-Control-Allow-Headers,
//    -Methods and -Origin (model Empty), and a default integration response mapping them to
//    the static values; an existing OPTIONS method is replaced;
//  - on every other method of the resource whose integration is not a proxy, the 200 method
//    response declares Access-Control-Allow-Origin and the integration response that answers
//    200 maps it to the origin;
//  - the Empty model is added when the API has none;
//  - with `gatewayResponses`, DEFAULT_4XX and DEFAULT_5XX carry Access-Control-Allow-Origin and
//    -Headers.
// Fails (BadRequestException) when the resource does not exist.
Status enableCors(RestApi &api, const QString &resourcePath, const CorsOptions &options = {});

} // namespace Gatehouse::Gateway
