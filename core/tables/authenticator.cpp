#include "authenticator.h"

#include <items/dynamoerror.h>

#include <QUrlQuery>

namespace Gatehouse::Tables {

Status PermissiveAuthenticator::authenticate(const Http::HttpRequest &request) const
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    const QUrlQuery query(QString::fromUtf8(request.query));
    const bool queryAuth = query.hasQueryItem(QStringLiteral("X-Amz-Algorithm"));

    if (!authorization.isEmpty() && queryAuth)
        return Status::error(Items::ErrorCode::InvalidSignature,
                             QStringLiteral("Found both 'X-Amz-Algorithm' as a query-string param and "
                                            "'Authorization' as HTTP header."));
    if ((authorization.isEmpty() && !queryAuth) ||
        (!authorization.isEmpty() && !authorization.startsWith("AWS4-")))
        return Status::error(Items::ErrorCode::MissingAuthenticationToken,
                             QStringLiteral("Request is missing Authentication Token"));

    QString message;
    if (!authorization.isEmpty()) {
        // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
        QHash<QByteArray, QByteArray> params;
        const QList<QByteArray> words = authorization.simplified().replace(',', ' ').split(' ');
        for (qsizetype i = 1; i < words.size(); ++i) {
            const QByteArray word = words.at(i).trimmed();
            if (word.isEmpty())
                continue;
            const qsizetype eq = word.indexOf('=');
            params.insert(eq < 0 ? word : word.left(eq), eq < 0 ? QByteArray() : word.mid(eq + 1));
        }
        for (const char *name : {"Credential", "Signature", "SignedHeaders"}) {
            if (params.value(name).isEmpty())
                message += u"Authorization header requires '" + QLatin1String(name) + u"' parameter. ";
        }
        if (!Http::hasHeader(request.headers, "X-Amz-Date") && !Http::hasHeader(request.headers, "Date"))
            message += QStringLiteral("Authorization header requires existence of either a 'X-Amz-Date' "
                                      "or a 'Date' header. ");
        if (!message.isEmpty())
            message += u"Authorization=" + QString::fromUtf8(request.header("Authorization"));
    } else {
        for (const char *name : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
                                 "X-Amz-SignedHeaders", "X-Amz-Date"}) {
            if (query.queryItemValue(QLatin1String(name)).isEmpty())
                message += u"AWS query-string parameters must include '" + QLatin1String(name) + u"'. ";
        }
        if (!message.isEmpty())
            message += QStringLiteral("Re-examine the query-string parameters.");
    }
    if (!message.isEmpty())
        return Status::error(Items::ErrorCode::IncompleteSignature, message);
    return Status::ok();
}

} // namespace Gatehouse::Tables
