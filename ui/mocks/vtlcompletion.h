// Thread affinity: any thread (pure functions).
#pragma once

#include <QString>
#include <QStringList>

namespace Gatehouse::Ui {

// What a mapping template can reference, for completion: the members of $input, $util,
// $context (as core/vtl's GatewayBindings builds them) and $stageVariables.
class VtlCompletion
{
public:
    struct Request
    {
        bool valid = false;
        QString path;          // "context.identity" for "$context.identity.so"
        QString prefix;        // "so": what is typed of the member already
        QStringList members;   // every member at `path` (not filtered by `prefix`)
    };

    // Completion for the text left of the cursor on its line. `variables` are names the
    // document or the API adds at the top level ($stageVariables members go in `stageVariables`).
    static Request at(const QString &lineBeforeCursor, const QStringList &variables = {},
                      const QStringList &stageVariables = {});

    // The members of a path: "" (top level), "input", "input.params", "util", "context",
    // "context.identity", "context.error", ...
    static QStringList members(const QString &path, const QStringList &variables = {},
                               const QStringList &stageVariables = {});

    // Whether the member at `path` is a method; completion then adds "()" ("('$')" for json
    // and path).
    static QString callSuffix(const QString &path, const QString &member);

    // Names a template #sets or iterates with #foreach.
    static QStringList declaredVariables(const QString &templateText);
};

} // namespace Gatehouse::Ui
