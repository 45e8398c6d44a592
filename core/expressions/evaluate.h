// Thread affinity: any thread (pure functions over immutable values).
#pragma once

#include "ast.h"

#include <optional>

namespace Gatehouse::Expressions {

// The value at `path` in `item`, or null when any step is missing or of the wrong type.
const Items::AttributeValue *lookupPath(const DocumentPath &path, const Items::Item &item);

// size() as the service computes it; nullopt for N, BOOL and NULL. Strings count UTF-16 units.
std::optional<qint64> sizeOf(const Items::AttributeValue &value);

} // namespace Gatehouse::Expressions
