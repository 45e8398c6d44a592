#include "router.h"

namespace Gatehouse::Gateway {

QString decodePathSegment(QByteArrayView raw)
{
    if (!raw.contains('%'))
        return QString::fromUtf8(raw);
    return QString::fromUtf8(QByteArray::fromPercentEncoding(raw.toByteArray()));
}

Router::Router(const RestApi &api)
{
    const Resource *root = api.root();
    if (root)
        addNode(api, *root);
}

int Router::addNode(const RestApi &api, const Resource &resource)
{
    const int index = int(m_nodes.size());
    m_nodes.append(Node());
    {
        Node &node = m_nodes[index];
        node.resource = &resource;
        if (resource.isParameter())
            node.parameterName = resource.parameterName();
    }
    for (auto it = resource.methods.cbegin(); it != resource.methods.cend(); ++it) {
        const int entry = int(m_entries.size());
        m_entries.append({&resource, &it.value()});
        Node &node = m_nodes[index];
        if (it.key() == QLatin1String("ANY"))
            node.any = entry;
        else
            node.methods.append({it.key().toLatin1(), entry});
    }
    for (const Resource *child : api.children(resource.id)) {
        const int childIndex = addNode(api, *child);
        Node &node = m_nodes[index];
        if (!child->isParameter())
            node.statics.insert(child->pathPart, childIndex);
        else if (child->isGreedy())
            node.greedy = childIndex;
        else
            node.parameter = childIndex;
    }
    return index;
}

int Router::methodEntry(const Node &node, QByteArrayView method) const
{
    for (const auto &[name, entry] : node.methods) {
        if (name == method)
            return entry;
    }
    return node.any;
}

bool Router::walk(int nodeIndex, int index, const Segments &segments, QByteArrayView rawPath,
                  QByteArrayView method, RouteMatch *out) const
{
    const Node &node = m_nodes[nodeIndex];
    if (index == segments.size()) {
        const int entry = methodEntry(node, method);
        if (entry < 0)
            return false;
        out->entry = entry;
        return true;
    }
    const Segment &segment = segments[index];
    if (!segment.decoded.isEmpty()) {
        const auto it = node.statics.constFind(segment.decoded);
        if (it != node.statics.cend() && walk(it.value(), index + 1, segments, rawPath, method, out))
            return true;
        if (node.parameter >= 0) {
            out->pathParameters.append({m_nodes[node.parameter].parameterName, segment.decoded});
            if (walk(node.parameter, index + 1, segments, rawPath, method, out))
                return true;
            out->pathParameters.removeLast();
        }
    }
    if (node.greedy >= 0) {
        const Node &greedy = m_nodes[node.greedy];
        const int entry = methodEntry(greedy, method);
        if (entry >= 0) {
            const QByteArrayView rest = rawPath.sliced(segment.rawStart);
            out->pathParameters.append({greedy.parameterName, decodePathSegment(rest)});
            out->entry = entry;
            return true;
        }
    }
    return false;
}

bool Router::match(QByteArrayView method, QByteArrayView rawPath, RouteMatch *out) const
{
    out->entry = -1;
    out->pathParameters.clear();
    if (m_nodes.isEmpty())
        return false;
    // "/a/b/" -> segments a, b; "" and "/" -> none (the root).
    QByteArrayView path = rawPath;
    if (path.startsWith('/'))
        path = path.sliced(1);
    const qsizetype offset = rawPath.size() - path.size();
    if (path.endsWith('/'))
        path.chop(1);
    Segments segments;
    if (!path.isEmpty()) {
        qsizetype start = 0;
        while (true) {
            const qsizetype slash = path.indexOf('/', start);
            const qsizetype end = slash < 0 ? path.size() : slash;
            segments.append({decodePathSegment(path.sliced(start, end - start)), offset + start});
            if (slash < 0)
                break;
            start = slash + 1;
        }
    }
    // A greedy remainder keeps a trailing slash the request sent ("/a/b/" -> proxy "b/").
    if (walk(0, 0, segments, rawPath, method, out))
        return true;
    out->pathParameters.clear();
    return false;
}

} // namespace Gatehouse::Gateway
