#include "authenticator.h"

#include <items/dynamoerror.h>

#include <QUrlQuery>

#include <array>
#include <optional>

namespace Gatehouse::Tables {

namespace {

// The characters QByteArray::simplified() treats as space, and the comma between parameters.
bool isSeparator(char c)
{
    return c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

} // namespace

Status PermissiveAuthenticator::authenticate(const Http::HttpRequest &request) const
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    // Most requests carry no query string; QUrlQuery is only worth building when one is there.
    std::optional<QUrlQuery> query;
    if (!request.query.isEmpty())
        query.emplace(QString::fromUtf8(request.query));
    const bool queryAuth = query && query->hasQueryItem(QStringLiteral("X-Amz-Algorithm"));

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
        // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...": words are runs
        // without spaces or commas, the first is the algorithm; a later word wins over an earlier.
        const std::array<QByteArrayView, 3> names = {"Credential", "Signature", "SignedHeaders"};
        std::array<bool, 3> present = {false, false, false};
        const char *p = authorization.constData();
        const char *end = p + authorization.size();
        bool first = true;
        while (p < end) {
            while (p < end && isSeparator(*p))
                ++p;
            const char *wordStart = p;
            while (p < end && !isSeparator(*p))
                ++p;
            if (p == wordStart)
                break;
            if (first) {
                first = false;
                continue;
            }
            const QByteArrayView word(wordStart, p - wordStart);
            const qsizetype eq = word.indexOf('=');
            const QByteArrayView key = eq < 0 ? word : word.first(eq);
            for (size_t i = 0; i < names.size(); ++i) {
                if (key == names[i])
                    present[i] = eq >= 0 && eq + 1 < word.size();
            }
        }
        for (size_t i = 0; i < names.size(); ++i) {
            if (!present[i])
                message += u"Authorization header requires '" + QLatin1String(names[i]) + u"' parameter. ";
        }
        if (!Http::hasHeader(request.headers, "X-Amz-Date") && !Http::hasHeader(request.headers, "Date"))
            message += QStringLiteral("Authorization header requires existence of either a 'X-Amz-Date' "
                                      "or a 'Date' header. ");
        if (!message.isEmpty())
            message += u"Authorization=" + QString::fromUtf8(request.header("Authorization"));
    } else {
        for (const char *name : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
                                 "X-Amz-SignedHeaders", "X-Amz-Date"}) {
            if (!query || query->queryItemValue(QLatin1String(name)).isEmpty())
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
