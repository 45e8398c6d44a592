// Thread affinity: any thread (read-only data).
#pragma once

#include <QStringView>

namespace Gatehouse::Expressions {

// True when `name` (compared case-insensitively) is one of DynamoDB's reserved words, which
// may not appear bare in a document path.
bool isReservedWord(QStringView name);

} // namespace Gatehouse::Expressions
