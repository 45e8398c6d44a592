#include <ui/mocks/vtlcompletion.h>

#include <QRegularExpression>

namespace Gatehouse::Ui {

namespace {

QStringList split(const char *words)
{
    return QString::fromLatin1(words).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

QStringList VtlCompletion::members(const QString &path, const QStringList &variables,
                                   const QStringList &stageVariables)
{
    // Kept in step with core/vtl/apigatewaycontext.cpp, which builds these objects.
    if (path.isEmpty()) {
        QStringList top = split("input util context stageVariables");
        for (const QString &v : variables) {
            if (!top.contains(v))
                top << v;
        }
        return top;
    }
    if (path == u"input")
        return split("body json path params");
    if (path == u"input.params")
        return split("path querystring header");
    if (path == u"util")
        return split("escapeJavaScript parseJson urlEncode urlDecode base64Encode base64Decode");
    if (path == u"context")
        return split("requestId extendedRequestId accountId apiId httpMethod resourceId "
                     "resourcePath path protocol stage domainName domainPrefix requestTime "
                     "requestTimeEpoch identity authorizer error responseOverride "
                     "requestOverride status");
    if (path == u"context.identity")
        return split("sourceIp userAgent apiKey apiKeyId accountId caller user userArn "
                     "accessKey cognitoAuthenticationProvider cognitoAuthenticationType "
                     "cognitoIdentityId cognitoIdentityPoolId principalOrgId");
    if (path == u"context.error")
        return split("message messageString responseType validationErrorString");
    if (path == u"context.authorizer")
        return split("principalId claims");
    if (path == u"context.responseOverride")
        return split("status header");
    if (path == u"context.requestOverride")
        return split("header path querystring");
    if (path == u"stageVariables")
        return stageVariables;
    return {};
}

QString VtlCompletion::callSuffix(const QString &path, const QString &member)
{
    if (path == u"input") {
        if (member == u"json" || member == u"path")
            return QStringLiteral("('$')");
        if (member == u"params")
            return QStringLiteral("()");
    }
    if (path == u"util")
        return QStringLiteral("()");
    return QString();
}

VtlCompletion::Request VtlCompletion::at(const QString &lineBeforeCursor,
                                         const QStringList &variables,
                                         const QStringList &stageVariables)
{
    Request request;
    const int dollar = int(lineBeforeCursor.lastIndexOf(u'$'));
    if (dollar < 0)
        return request;
    QString tail = lineBeforeCursor.mid(dollar + 1);
    if (tail.startsWith(u'!'))
        tail.remove(0, 1);
    if (tail.startsWith(u'{'))
        tail.remove(0, 1);
    // Segments separated by dots outside parentheses; calls are dropped from the path
    // ("input.params().header" -> input.params.header).
    QStringList segments;
    QString current;
    int depth = 0;
    for (const QChar c : tail) {
        if (c == u'(') {
            ++depth;
        } else if (c == u')') {
            if (--depth < 0)
                return request;
        } else if (depth == 0) {
            if (c == u'.') {
                segments << current;
                current.clear();
            } else if (c.isLetterOrNumber() || c == u'_') {
                current += c;
            } else {
                return request;   // the reference ended before the cursor
            }
        }
    }
    if (depth != 0)
        return request;
    static const QRegularExpression ident(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (const QString &s : segments) {
        if (!ident.match(s).hasMatch())
            return request;
    }
    if (!current.isEmpty() && !ident.match(current).hasMatch())
        return request;
    request.path = segments.join(u'.');
    request.prefix = current;
    request.members = members(request.path, variables, stageVariables);
    request.valid = !request.members.isEmpty();
    return request;
}

QStringList VtlCompletion::declaredVariables(const QString &templateText)
{
    static const QRegularExpression declared(
        QStringLiteral("#\\{?(?:set|foreach)\\}?\\s*\\(\\s*\\$!?\\{?([A-Za-z_][A-Za-z0-9_]*)"));
    QStringList names;
    auto it = declared.globalMatch(templateText);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names << name;
    }
    return names;
}

} // namespace Gatehouse::Ui
