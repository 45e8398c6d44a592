#include "awsintegrationuri.h"

namespace Gatehouse::GatewayAws {

Result<AwsIntegrationUri> AwsIntegrationUri::parse(const QString &uri)
{
    // arn : partition : apigateway : region : service : path-or-action/...
    const QStringList parts = uri.split(u':');
    if (parts.size() < 6 || parts.at(0) != QLatin1String("arn") ||
        parts.at(2) != QLatin1String("apigateway") || parts.at(3).isEmpty() ||
        parts.at(4).isEmpty()) {
        return Status::error(InvalidUri, QStringLiteral("Invalid ARN specified in the request"));
    }
    AwsIntegrationUri out;
    out.partition = parts.at(1);
    out.region = parts.at(3);
    const QString host = parts.at(4);
    const qsizetype dot = host.lastIndexOf(u'.');
    if (dot > 0) {
        out.subdomain = host.first(dot);
        out.service = host.sliced(dot + 1);
    } else {
        out.service = host;
    }
    // The rest may itself contain colons (a Lambda function ARN inside a path).
    const QString rest = parts.mid(5).join(u':');
    if (rest.startsWith(QLatin1String("action/"))) {
        out.action = true;
        out.target = rest.sliced(7);
    } else if (rest.startsWith(QLatin1String("path/"))) {
        out.target = rest.sliced(5);
    } else {
        return Status::error(InvalidUri,
                             QStringLiteral("AWS ARN for integration must contain path or action"));
    }
    if (out.action && out.target.isEmpty())
        return Status::error(InvalidUri, QStringLiteral("AWS ARN for integration contains invalid action"));
    return out;
}

} // namespace Gatehouse::GatewayAws
