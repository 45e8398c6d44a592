// Thread affinity: any thread. A Router is immutable once built and may match from several
// threads at once.
#pragma once

#include <gateway/model.h>

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QVarLengthArray>
#include <QString>

#include <utility>

namespace Gatehouse::Gateway {

// One routable method: a resource and one of its methods (ANY included).
struct RouteEntry
{
    const Resource *resource = nullptr;
    const Method *method = nullptr;
};

struct RouteMatch
{
    int entry = -1; // index into Router::entries()
    QList<std::pair<QString, QString>> pathParameters; // URL-decoded, in path order
};

// API Gateway's request routing for a REST API, compiled from its resource tree.
//
// A request resolves to a (resource, method) pair in one step, as AWS does: at each level a
// static part is tried before `{param}`, and `{param}` before a greedy `{proxy+}`; if the more
// specific branch has no resource declaring the request's method (or ANY) further down, the
// next branch is tried (so GET /users/me reaches /users/{id} when /users/me declares only
// PATCH). On one resource an explicit method wins over ANY. A greedy part needs at least one
// segment (`/{proxy+}` does not match `/`) and takes the rest of the path, slashes included.
// One trailing slash is ignored (`/pets/` is `/pets`); an empty segment (`/a//b`) matches
// neither a static part nor `{param}`, only a greedy remainder. Path parameters are
// percent-decoded ('+' stays '+', as in a URL path).
//
// REQUIRES: the RestApi outlives the Router (entries point into it).
class Router
{
public:
    Router() = default;
    explicit Router(const RestApi &api);

    // `method` as sent ("GET"); `rawPath` the resource path still percent-encoded, starting
    // with '/' ("/pets/a%20b"), or empty for the root.
    bool match(QByteArrayView method, QByteArrayView rawPath, RouteMatch *out) const;

    const QList<RouteEntry> &entries() const { return m_entries; }

private:
    struct Node
    {
        const Resource *resource = nullptr;
        QHash<QString, int> statics;
        int parameter = -1;
        int greedy = -1;
        QString parameterName;              // of this node when it is {x} or {x+}
        QList<std::pair<QByteArray, int>> methods; // explicit methods -> entry
        int any = -1;
    };
    struct Segment
    {
        QString decoded;
        qsizetype rawStart = 0; // offset of the segment in the raw path
    };

    int addNode(const RestApi &api, const Resource &resource);
    int methodEntry(const Node &node, QByteArrayView method) const;
    // A path has a few segments: kept on the stack while routing.
    using Segments = QVarLengthArray<Segment, 8>;
    bool walk(int node, int index, const Segments &segments, QByteArrayView rawPath,
              QByteArrayView method, RouteMatch *out) const;

    QList<Node> m_nodes;
    QList<RouteEntry> m_entries;
};

// Percent-decodes a path segment as UTF-8 ('+' stays '+').
QString decodePathSegment(QByteArrayView raw);

} // namespace Gatehouse::Gateway
