// Thread affinity: any thread; one Parser context per request.
#pragma once

#include "ast.h"

#include <common/status.h>

#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>

#include <memory>

namespace Gatehouse::Expressions {

// What the expressions of one request share: the names and values given, and the ones not yet
// used by any expression (the service reports unused ones after parsing all expressions).
struct ParseContext
{
    const QMap<QString, QString> *names = nullptr;
    const QMap<QString, Items::AttributeValue> *values = nullptr;
    QSet<QString> unusedNames;
    QSet<QString> unusedValues;
};

// Each returns the service's message without its "Invalid XExpression: " prefix on error
// (as a ValidationException Status). The expression must not be empty.
Result<std::shared_ptr<const ConditionNode>> parseConditionExpression(QStringView expression,
                                                                      ParseContext &context);
Result<std::shared_ptr<const UpdatePlan>> parseUpdateExpression(QStringView expression,
                                                                ParseContext &context);
Result<std::shared_ptr<const ProjectionPlan>> parseProjectionExpression(QStringView expression,
                                                                        ParseContext &context);

// Ordering of values as the service compares them: S by UTF-8 bytes, N numerically, B by
// unsigned bytes. REQUIRES: both of the same type, one of S, N, B.
int compareScalars(const Items::AttributeValue &a, const Items::AttributeValue &b);

} // namespace Gatehouse::Expressions
