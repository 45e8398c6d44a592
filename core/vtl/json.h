// Thread affinity: any thread (pure functions).
#pragma once

#include "value.h"

#include <QStringView>

namespace Gatehouse::Vtl {

// Parses JSON text into VTL values, keeping integers apart from decimals (as the JSON reader
// behind API Gateway does: 5 stays 5, 5.0 stays 5.0) and object member order. On a syntax
// error returns null and sets *error (when given) to a message with the offset.
Value parseJson(QStringView text, QString *error = nullptr);

// Compact JSON for a value: {"a":1,"b":[true,null]}. Host objects serialize as their string.
QString toJson(const Value &value);
void appendJsonString(QString &out, QStringView s);

} // namespace Gatehouse::Vtl
