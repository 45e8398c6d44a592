// Thread affinity: any thread (a parser of values).
#pragma once

#include <common/status.h>

#include <QString>
#include <QStringList>

namespace Gatehouse::GatewayAws {

// An AWS integration's uri, as API Gateway reads it:
//   arn:aws:apigateway:{region}:{subdomain.service|service}:{path|action}/{service_api}
// e.g. arn:aws:apigateway:us-east-1:dynamodb:action/PutItem
struct AwsIntegrationUri
{
    QString partition;  // "aws", "aws-cn", "aws-us-gov"
    QString region;
    QString subdomain;  // empty unless the form "{subdomain}.{service}" was used
    QString service;    // "dynamodb"
    bool action = false; // true: action/{Action}; false: path/{path}
    QString target;     // the action name or the path (everything after "action/" or "path/")

    // The error code of parse().
    static inline const QString InvalidUri = QStringLiteral("InvalidAwsIntegrationUri");

    // The messages are API Gateway's own for an integration it refuses
    // ("AWS ARN for integration must contain path or action").
    static Result<AwsIntegrationUri> parse(const QString &uri);
};

} // namespace Gatehouse::GatewayAws
