// Thread affinity: any thread (pure functions).
// ES module statements for the transpiler (transpile.h): internal to core/functions.
#pragma once

#include "jslexer.h"

#include <optional>
#include <utility>

namespace Gatehouse::Functions {

// An import declaration, or an export that lists names (export { a, b as c } [from 'm']) or
// re-exports a module (export * [as ns] from 'm').
struct ModuleStatement
{
    enum Kind { Import, ExportList, ExportAll } kind = Import;
    int end = 0;            // exclusive token index after the statement, its `;` included
    QString source;         // the module specifier as written (quotes included); empty for a
                            // local export list
    QString defaultName;    // import X from ...
    QString namespaceName;  // import * as X, export * as X
    // import { a, b as c }: (a, a), (b, c); export { a, b as c }: (a, a), (b, c), in the
    // order written. Names that are strings keep their quotes.
    QList<std::pair<QString, QString>> names;
};

// The import or export statement whose keyword is token `i`, when it is one of those forms;
// nullopt for anything else (import(x), import.meta, export const ..., export default ...).
std::optional<ModuleStatement> readModuleStatement(const QList<Token> &tokens, int i, int limit);

} // namespace Gatehouse::Functions
