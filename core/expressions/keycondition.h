// Thread affinity: any thread (pure functions).
#pragma once

#include "ast.h"

namespace Gatehouse::Expressions {

// One condition of a KeyConditionExpression on one attribute, with the key attribute first.
struct KeyPart
{
    QString name;
    KeyCondition::SortOp op = KeyCondition::SortOp::Eq;
    QList<Items::AttributeValue> values;
};

// The per-key conditions of a parsed KeyConditionExpression, or the service's message when the
// tree uses anything a key condition may not (OR, NOT, IN, <>, most functions, nested paths,
// two conditions on one key, value types no key condition accepts, more than two keys).
Result<QList<KeyPart>> extractKeyParts(const ConditionNode &keyCondition);

} // namespace Gatehouse::Expressions
