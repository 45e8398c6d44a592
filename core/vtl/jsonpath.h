// Thread affinity: any thread. A compiled JsonPath is immutable.
#pragma once

#include "value.h"

#include <memory>

namespace Gatehouse::Vtl {

struct JsonPathStep;

// JSONPath as API Gateway's $input.path / $input.json accept it (the Jayway dialect):
// $, .name, ['name'], ["a","b"], [n], [-n], [a:b], [*], .*, ..name (recursive descent),
// [?(@.a > 1 && @.b == 'x')] filters, and a trailing .length() / .size().
class JsonPath
{
public:
    // A path not starting with '$' is read as "$." + path, as API Gateway does.
    static std::shared_ptr<const JsonPath> compile(const QString &path, QString *error);

    // True when the path names at most one node (no wildcard, slice, union, filter or '..').
    bool isDefinite() const { return m_definite; }

    // A definite path yields the node or null when missing; any other path yields a list of
    // every match (possibly empty).
    Value evaluate(const Value &root) const;

    ~JsonPath();

private:
    JsonPath() = default;
    std::vector<std::unique_ptr<JsonPathStep>> m_steps;
    bool m_definite = true;
    bool m_lengthFunction = false;
};

} // namespace Gatehouse::Vtl
