// Thread affinity: any thread (pure functions).
// Private class names for the transpiler (transpile.h): internal to core/functions.
#pragma once

#include <QHash>
#include <QString>

namespace Gatehouse::Functions {

// `source` with every private name (#x) spelled as an ordinary property name of its class:
// __gh_priv_<class tag>_x, the tag naming the innermost enclosing class that declares #x (so a
// subclass's #x and its base's stay two properties, as they are two names in the language);
// `#x in o` asks for that property by its name as a string. Template literals' ${} parts are
// renamed too. `visible` gives the names declared around `source` when it is such a part.
// Lines and everything else stay as they are.
QString renamePrivateNames(const QString &source, const QHash<QString, QString> &visible = {});

// Whether a property name is a renamed private name (defined not enumerable).
inline bool isRenamedPrivateName(QStringView name)
{
    return name.startsWith(QLatin1String("__gh_priv_"));
}

} // namespace Gatehouse::Functions
