#include "functionexecutor.h"

#include <QRegularExpression>

namespace Gatehouse::Functions {

namespace {

bool validName(QStringView name)
{
    if (name.isEmpty() || name.size() > 140)
        return false;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_')
            return false;
    }
    return true;
}

QString substituteStageVariables(const QString &uri,
                                 const QList<std::pair<QString, QString>> &variables)
{
    if (!uri.contains(QLatin1String("${stageVariables.")))
        return uri;
    static const QRegularExpression pattern(QStringLiteral("\\$\\{stageVariables\\.([A-Za-z0-9_]+)\\}"));
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = pattern.globalMatch(uri);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(uri).mid(last, m.capturedStart() - last);
        for (const auto &[name, value] : variables) {
            if (name == m.captured(1)) {
                out += value;
                break;
            }
        }
        last = m.capturedEnd();
    }
    out += QStringView(uri).mid(last);
    return out;
}

} // namespace

std::optional<LambdaTarget> parseLambdaUri(const QString &rawUri,
                                           const QList<std::pair<QString, QString>> &stageVariables,
                                           QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<LambdaTarget> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString uri = substituteStageVariables(rawUri, stageVariables);
    const qsizetype functions = uri.indexOf(QLatin1String("/functions/"));
    const qsizetype invocations = uri.lastIndexOf(QLatin1String("/invocations"));
    if (functions < 0 || invocations < functions)
        return fail(QStringLiteral("Invalid Lambda integration URI: %1").arg(uri));
    LambdaTarget t;
    t.region = QStringLiteral("us-east-1");
    t.account = QStringLiteral("123456789012");
    const QStringList head = uri.left(functions).split(u':');
    if (head.size() > 3 && head[0] == QLatin1String("arn") && !head[3].isEmpty())
        t.region = head[3];
    const QString function = uri.mid(functions + 11, invocations - functions - 11);
    const QStringList parts = function.split(u':');
    qsizetype nameAt = 0;
    if (parts.size() >= 7 && parts[0] == QLatin1String("arn") && parts[5] == QLatin1String("function")) {
        t.region = parts[3];
        t.account = parts[4];
        nameAt = 6;
    } else if (parts.size() >= 3 && parts[1] == QLatin1String("function")) {
        t.account = parts[0];
        nameAt = 2;
    }
    if (parts.size() > nameAt + 2)
        return fail(QStringLiteral("Invalid function ARN: %1").arg(function));
    t.name = parts[nameAt];
    if (parts.size() == nameAt + 2)
        t.qualifier = parts[nameAt + 1];
    if (!validName(t.name))
        return fail(QStringLiteral("Invalid function name: %1").arg(function));
    t.arn = QStringLiteral("arn:aws:lambda:%1:%2:function:%3").arg(t.region, t.account, t.name);
    if (!t.qualifier.isEmpty())
        t.arn += u':' + t.qualifier;
    return t;
}

FunctionExecutor::FunctionExecutor(std::shared_ptr<FunctionPool> pool,
                                   FunctionDirectories directories)
    : m_pool(std::move(pool))
    , m_directories(std::move(directories))
{
}

void FunctionExecutor::execute(const Gateway::IntegrationCall &call, Gateway::IntegrationDone done)
{
    QString error;
    const std::optional<LambdaTarget> target =
        parseLambdaUri(call.integration->uri, call.stage->variables, &error);
    if (!target) {
        Gateway::IntegrationResult r;
        r.failure = Gateway::GatewayFailure{Gateway::ResponseType::ApiConfigurationError,
                                            Gateway::GatewayMessage::internalServerError(),
                                            u"Execution failed due to configuration error: " + error};
        done(std::move(r));
        return;
    }
    call.trace->setNote(QStringLiteral("function"), target->name);
    auto job = std::make_unique<FunctionJob>();
    job->call = &call;
    job->done = std::move(done);
    job->name = target->name;
    job->qualifier = target->qualifier;
    job->functionArn = target->arn;
    job->directory = m_directories.byApi.value(call.stage->api->api().id, m_directories.fallback);
    job->submittedMs = monotonicMs();
    // API Gateway's integration timeout: 50 ms to 29 s, 29 s when not set.
    job->integrationTimeoutMs = qBound(50, call.integration->timeoutInMillis.value_or(29000), 29000);
    m_pool->submit(std::move(job));
}

} // namespace Gatehouse::Functions
