// Thread affinity: execute() from any thread (the gateway's listener threads); it never waits.
#pragma once

#include <functions/functionpool.h>

#include <gateway/integration.h>

#include <QHash>
#include <QString>

#include <memory>
#include <optional>

namespace Gatehouse::Functions {

// The function an AWS_PROXY integration's uri names:
//   arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function}/invocations
// where {function} is arn:aws:lambda:{region}:{account}:function:NAME[:QUALIFIER], or the
// shorter {account}:function:NAME and NAME[:QUALIFIER] forms Lambda also accepts.
// ${stageVariables.x} anywhere in the uri is replaced first.
struct LambdaTarget
{
    QString name;
    QString qualifier;
    QString region;
    QString account;
    QString arn; // the function's full ARN, with the qualifier
};
std::optional<LambdaTarget> parseLambdaUri(const QString &uri,
                                           const QList<std::pair<QString, QString>> &stageVariables,
                                           QString *error = nullptr);

// Where each API's functions live: an --openapi document's are in functions/ beside it, the
// project's in the project's functions/.
struct FunctionDirectories
{
    QString fallback;               // for APIs not listed (the project's functions/)
    QHash<QString, QString> byApi;  // API id -> directory
};

// AWS_PROXY integrations served by the project's JavaScript functions on a FunctionPool.
class FunctionExecutor final : public Gateway::IntegrationExecutor
{
public:
    FunctionExecutor(std::shared_ptr<FunctionPool> pool, FunctionDirectories directories);

    void execute(const Gateway::IntegrationCall &call, Gateway::IntegrationDone done) override;

    FunctionPool &pool() const { return *m_pool; }

private:
    std::shared_ptr<FunctionPool> m_pool;
    FunctionDirectories m_directories;
};

} // namespace Gatehouse::Functions
