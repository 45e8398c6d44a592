// Built-in methods of the values templates handle, with Java's names, argument types and
// results (a void method gives "", as Velocity 1.7 renders it).
#include "parser.h"
#include "renderer.h"

namespace Gatehouse::Vtl {

using namespace Ast;

namespace {

// Built-in method names, resolved to ids when parsing so a call dispatches on an integer.
enum class M {
    add,
    addAll,
    booleanValue,
    charAt,
    clear,
    compareTo,
    concat,
    contains,
    containsKey,
    containsValue,
    doubleValue,
    endsWith,
    entrySet,
    equals,
    equalsIgnoreCase,
    get,
    hashCode,
    indexOf,
    intValue,
    isEmpty,
    keySet,
    lastIndexOf,
    length,
    longValue,
    matches,
    put,
    putAll,
    remove,
    replace,
    replaceAll,
    replaceFirst,
    set,
    size,
    split,
    startsWith,
    strip,
    subList,
    substring,
    toLowerCase,
    toString,
    toUpperCase,
    trim,
    values,
};

const QHash<QString, M> &methodIds()
{
    static const QHash<QString, M> ids = {
        {QStringLiteral("add"), M::add},
        {QStringLiteral("addAll"), M::addAll},
        {QStringLiteral("booleanValue"), M::booleanValue},
        {QStringLiteral("charAt"), M::charAt},
        {QStringLiteral("clear"), M::clear},
        {QStringLiteral("compareTo"), M::compareTo},
        {QStringLiteral("concat"), M::concat},
        {QStringLiteral("contains"), M::contains},
        {QStringLiteral("containsKey"), M::containsKey},
        {QStringLiteral("containsValue"), M::containsValue},
        {QStringLiteral("doubleValue"), M::doubleValue},
        {QStringLiteral("endsWith"), M::endsWith},
        {QStringLiteral("entrySet"), M::entrySet},
        {QStringLiteral("equals"), M::equals},
        {QStringLiteral("equalsIgnoreCase"), M::equalsIgnoreCase},
        {QStringLiteral("get"), M::get},
        {QStringLiteral("hashCode"), M::hashCode},
        {QStringLiteral("indexOf"), M::indexOf},
        {QStringLiteral("intValue"), M::intValue},
        {QStringLiteral("isEmpty"), M::isEmpty},
        {QStringLiteral("keySet"), M::keySet},
        {QStringLiteral("lastIndexOf"), M::lastIndexOf},
        {QStringLiteral("length"), M::length},
        {QStringLiteral("longValue"), M::longValue},
        {QStringLiteral("matches"), M::matches},
        {QStringLiteral("put"), M::put},
        {QStringLiteral("putAll"), M::putAll},
        {QStringLiteral("remove"), M::remove},
        {QStringLiteral("replace"), M::replace},
        {QStringLiteral("replaceAll"), M::replaceAll},
        {QStringLiteral("replaceFirst"), M::replaceFirst},
        {QStringLiteral("set"), M::set},
        {QStringLiteral("size"), M::size},
        {QStringLiteral("split"), M::split},
        {QStringLiteral("startsWith"), M::startsWith},
        {QStringLiteral("strip"), M::strip},
        {QStringLiteral("subList"), M::subList},
        {QStringLiteral("substring"), M::substring},
        {QStringLiteral("toLowerCase"), M::toLowerCase},
        {QStringLiteral("toString"), M::toString},
        {QStringLiteral("toUpperCase"), M::toUpperCase},
        {QStringLiteral("trim"), M::trim},
        {QStringLiteral("values"), M::values},
    };
    return ids;
}

// A Map.Entry from entrySet(): $e.key, $e.value, $e.getKey(), "k=v".
class MapEntry : public HostObject
{
public:
    MapEntry(QString k, Value v) : key(std::move(k)), value(std::move(v)) {}
    QString key;
    Value value;

    bool property(const QString &name, Value *result) const override
    {
        if (nameIs(name, u"key"))
            *result = Value(key);
        else if (nameIs(name, u"value"))
            *result = value;
        else
            return false;
        return true;
    }
    bool call(const QString &name, const ArgList &args, Value *result, QString *) const override
    {
        if (!args.isEmpty())
            return false;
        if (nameIs(name, u"getKey"))
            return property(QStringLiteral("key"), result);
        if (nameIs(name, u"getValue"))
            return property(QStringLiteral("value"), result);
        if (nameIs(name, u"toString")) {
            *result = Value(toString());
            return true;
        }
        return false;
    }
    QString toString() const override
    {
        return key + u'=' + (value.isNull() ? QStringLiteral("null") : value.toString());
    }
};

const QRegularExpression &regexFor(const Accessor &acc, const QString &pattern, bool anchored)
{
    if (acc.literalRegex)
        return *acc.literalRegex;
    // Patterns built at render time: a small per-thread cache keyed by pattern.
    thread_local QHash<QString, QRegularExpression> cache;
    const QString key = anchored ? u"^" + pattern : pattern;
    auto it = cache.find(key);
    if (it == cache.end()) {
        if (cache.size() > 256)
            cache.clear();
        it = cache.insert(key, compileJavaRegex(pattern, anchored));
    }
    return it.value();
}

bool argTypes(const ArgList &args, std::initializer_list<Value::Type> types)
{
    if (args.size() != qsizetype(types.size()))
        return false;
    qsizetype i = 0;
    for (Value::Type t : types) {
        const Value &a = args.at(i++);
        if (t == Value::Type::Null)
            continue; // any type
        if (a.type() != t)
            return false;
    }
    return true;
}

constexpr auto S = Value::Type::String;
constexpr auto I = Value::Type::Int;
constexpr auto Any = Value::Type::Null;

QString javaTrim(const QString &s)
{
    qsizetype b = 0, e = s.size();
    while (b < e && s[b].unicode() <= ' ')
        ++b;
    while (e > b && s[e - 1].unicode() <= ' ')
        --e;
    return s.mid(b, e - b);
}

ValueList javaSplit(const QString &s, const QRegularExpression &re, qint64 limit)
{
    ValueList parts;
    if (s.isEmpty()) {
        parts.append(Value(QString()));
        return parts;
    }
    qsizetype last = 0;
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (limit > 0 && parts.size() >= limit - 1)
            break;
        if (m.capturedStart() == 0 && m.capturedLength() == 0)
            continue; // Java drops a leading empty string from a zero-width match
        if (m.capturedLength() == 0 && m.capturedStart() >= s.size())
            break;
        parts.append(Value(s.mid(last, m.capturedStart() - last)));
        last = m.capturedEnd();
    }
    parts.append(Value(s.mid(last)));
    if (limit == 0) {
        while (!parts.isEmpty() && parts.last().string().isEmpty())
            parts.removeLast();
    }
    return parts;
}

QString boundsError(qint64 begin, qint64 end, qint64 length)
{
    return u"java.lang.StringIndexOutOfBoundsException: begin " + QString::number(begin) +
           u", end " + QString::number(end) + u", length " + QString::number(length);
}

bool stringMethod(const QString &s, const Accessor &acc, const ArgList &args, Value *r,
                  QString *error)
{
    const M n = M(acc.builtin);
    if (n == M::length && args.isEmpty()) {
        *r = Value(qint64(s.size()));
    } else if (n == M::isEmpty && args.isEmpty()) {
        *r = Value(s.isEmpty());
    } else if (n == M::toString && args.isEmpty()) {
        *r = Value(s);
    } else if (n == M::toLowerCase && args.isEmpty()) {
        *r = Value(s.toLower());
    } else if (n == M::toUpperCase && args.isEmpty()) {
        *r = Value(s.toUpper());
    } else if (n == M::trim && args.isEmpty()) {
        *r = Value(javaTrim(s));
    } else if (n == M::strip && args.isEmpty()) {
        *r = Value(s.trimmed());
    } else if (n == M::hashCode && args.isEmpty()) {
        qint32 h = 0;
        for (QChar c : s)
            h = qint32(quint32(h) * 31u + c.unicode());
        *r = Value(qint64(h));
    } else if (n == M::substring && (argTypes(args, {I}) || argTypes(args, {I, I}))) {
        const qint64 b = args.at(0).toInt();
        const qint64 e = args.size() > 1 ? args.at(1).toInt() : s.size();
        if (b < 0 || e > s.size() || b > e) {
            *error = boundsError(b, e, s.size());
            return true;
        }
        *r = Value(s.mid(b, e - b));
    } else if (n == M::charAt && argTypes(args, {I})) {
        const qint64 i = args.at(0).toInt();
        if (i < 0 || i >= s.size()) {
            *error = u"java.lang.StringIndexOutOfBoundsException: index " + QString::number(i) +
                     u", length " + QString::number(s.size());
            return true;
        }
        *r = Value(QString(s[i]));
    } else if ((n == M::indexOf || n == M::lastIndexOf) &&
               (argTypes(args, {S}) || argTypes(args, {S, I}))) {
        const QString &needle = args.at(0).string();
        if (n == M::indexOf) {
            qint64 from = args.size() > 1 ? std::max<qint64>(0, args.at(1).toInt()) : 0;
            *r = Value(from > s.size() ? qint64(-1) : qint64(s.indexOf(needle, from)));
        } else {
            qint64 from = args.size() > 1 ? args.at(1).toInt() : s.size();
            if (from < 0)
                *r = Value(qint64(-1));
            else
                *r = Value(qint64(s.lastIndexOf(needle, std::min<qint64>(from, s.size()))));
        }
    } else if ((n == M::startsWith || n == M::endsWith || n == M::contains) &&
               argTypes(args, {S})) {
        const QString &x = args.at(0).string();
        *r = Value(n == M::startsWith ? s.startsWith(x)
                   : n == M::endsWith ? s.endsWith(x)
                                      : s.contains(x));
    } else if (n == M::equals && args.size() == 1) {
        *r = Value(args.at(0).isString() && args.at(0).string() == s);
    } else if (n == M::equalsIgnoreCase && args.size() == 1) {
        *r = Value(args.at(0).isString() &&
                   args.at(0).string().compare(s, Qt::CaseInsensitive) == 0);
    } else if (n == M::compareTo && argTypes(args, {S})) {
        *r = Value(qint64(s.compare(args.at(0).string())));
    } else if (n == M::concat && argTypes(args, {S})) {
        *r = Value(s + args.at(0).string());
    } else if (n == M::replace && argTypes(args, {S, S})) {
        QString out = s;
        *r = Value(out.replace(args.at(0).string(), args.at(1).string()));
    } else if ((n == M::replaceAll || n == M::replaceFirst) && argTypes(args, {S, S})) {
        const QRegularExpression &re = regexFor(acc, args.at(0).string(), false);
        if (!re.isValid()) {
            *error = u"java.util.regex.PatternSyntaxException: " + re.errorString();
            return true;
        }
        const QString out = javaReplace(s, re, args.at(1).string(), n == M::replaceAll, error);
        if (error->isEmpty())
            *r = Value(out);
    } else if (n == M::matches && argTypes(args, {S})) {
        const QRegularExpression &re = regexFor(acc, args.at(0).string(), true);
        if (!re.isValid()) {
            *error = u"java.util.regex.PatternSyntaxException: " + re.errorString();
            return true;
        }
        *r = Value(re.match(s).hasMatch());
    } else if (n == M::split && (argTypes(args, {S}) || argTypes(args, {S, I}))) {
        const QRegularExpression &re = regexFor(acc, args.at(0).string(), false);
        if (!re.isValid()) {
            *error = u"java.util.regex.PatternSyntaxException: " + re.errorString();
            return true;
        }
        *r = Value::newList(javaSplit(s, re, args.size() > 1 ? args.at(1).toInt() : 0));
    } else {
        return false;
    }
    return true;
}

bool listIndex(const ValueList &l, const Value &index, qint64 *out, QString *error)
{
    const qint64 i = index.toInt();
    if (i < 0 || i >= l.size()) {
        *error = u"java.lang.IndexOutOfBoundsException: Index " + QString::number(i) +
                 u" out of bounds for length " + QString::number(l.size());
        return false;
    }
    *out = i;
    return true;
}

bool listMethod(const ListPtr &lp, M n, const ArgList &args, Value *r, QString *error)
{
    ValueList &l = *lp;
    qint64 i = 0;
    if (n == M::size && args.isEmpty()) {
        *r = Value(qint64(l.size()));
    } else if (n == M::isEmpty && args.isEmpty()) {
        *r = Value(l.isEmpty());
    } else if (n == M::toString && args.isEmpty()) {
        *r = Value(Value(lp).toString());
    } else if (n == M::get && argTypes(args, {I})) {
        if (listIndex(l, args.at(0), &i, error))
            *r = l.at(i);
    } else if (n == M::contains && args.size() == 1) {
        bool found = false;
        for (const Value &v : l)
            found = found || v.equals(args.at(0));
        *r = Value(found);
    } else if ((n == M::indexOf || n == M::lastIndexOf) && args.size() == 1) {
        qint64 found = -1;
        for (qsizetype k = 0; k < l.size(); ++k) {
            if (l.at(k).equals(args.at(0))) {
                found = k;
                if (n == M::indexOf)
                    break;
            }
        }
        *r = Value(found);
    } else if (n == M::add && args.size() == 1) {
        l.append(args.at(0));
        *r = Value(true);
    } else if (n == M::add && args.size() == 2 && args.at(0).isInt()) {
        const qint64 at = args.at(0).toInt();
        if (at < 0 || at > l.size()) {
            *error = u"java.lang.IndexOutOfBoundsException: Index: " + QString::number(at) +
                     u", Size: " + QString::number(l.size());
            return true;
        }
        l.insert(at, args.at(1));
        *r = Value(QString()); // void: Velocity 1.7 renders ""
    } else if (n == M::addAll && args.size() == 1 && args.at(0).isList()) {
        const ValueList other = *args.at(0).list();
        l.append(other);
        *r = Value(!other.isEmpty());
    } else if (n == M::set && args.size() == 2 && args.at(0).isInt()) {
        if (listIndex(l, args.at(0), &i, error)) {
            *r = l.at(i);
            l[i] = args.at(1);
        }
    } else if (n == M::remove && argTypes(args, {I})) {
        if (listIndex(l, args.at(0), &i, error))
            *r = l.takeAt(i);
    } else if (n == M::remove && args.size() == 1) {
        bool removed = false;
        for (qsizetype k = 0; k < l.size(); ++k) {
            if (l.at(k).equals(args.at(0))) {
                l.removeAt(k);
                removed = true;
                break;
            }
        }
        *r = Value(removed);
    } else if (n == M::clear && args.isEmpty()) {
        l.clear();
        *r = Value(QString());
    } else if (n == M::subList && argTypes(args, {I, I})) {
        const qint64 a = args.at(0).toInt(), b = args.at(1).toInt();
        if (a < 0 || b > l.size() || a > b) {
            *error = u"java.lang.IndexOutOfBoundsException: fromIndex " + QString::number(a) +
                     u", toIndex " + QString::number(b) + u", size " + QString::number(l.size());
            return true;
        }
        *r = Value::newList(l.mid(a, b - a));
    } else if (n == M::equals && args.size() == 1) {
        *r = Value(Value(lp).equals(args.at(0)));
    } else {
        return false;
    }
    return true;
}

bool mapMethod(const MapPtr &mp, M n, const ArgList &args, Value *r)
{
    ValueMap &m = *mp;
    if (n == M::get && args.size() == 1) {
        *r = args.at(0).isNull() ? Value() : m.value(args.at(0).toString());
    } else if (n == M::put && args.size() == 2) {
        *r = m.insert(args.at(0).toString(), args.at(1));
    } else if (n == M::size && args.isEmpty()) {
        *r = Value(qint64(m.size()));
    } else if (n == M::isEmpty && args.isEmpty()) {
        *r = Value(m.isEmpty());
    } else if (n == M::containsKey && args.size() == 1) {
        *r = Value(m.contains(args.at(0).toString()));
    } else if (n == M::containsValue && args.size() == 1) {
        bool found = false;
        for (const auto &entry : m.entries())
            found = found || entry.second.equals(args.at(0));
        *r = Value(found);
    } else if (n == M::keySet && args.isEmpty()) {
        ValueList keys;
        for (const auto &entry : m.entries())
            keys.append(Value(entry.first));
        *r = Value::newList(keys);
    } else if (n == M::values && args.isEmpty()) {
        *r = Value::newList(m.values());
    } else if (n == M::entrySet && args.isEmpty()) {
        ValueList entries;
        for (const auto &[k, v] : m.entries())
            entries.append(Value(HostPtr(std::make_shared<MapEntry>(k, v))));
        *r = Value::newList(entries);
    } else if (n == M::remove && args.size() == 1) {
        *r = m.remove(args.at(0).toString());
    } else if (n == M::putAll && args.size() == 1 && args.at(0).isMap()) {
        const ValueMap other = *args.at(0).map();
        for (const auto &[k, v] : other.entries())
            m.insert(k, v);
        *r = Value(QString());
    } else if (n == M::clear && args.isEmpty()) {
        m = ValueMap();
        *r = Value(QString());
    } else if (n == M::toString && args.isEmpty()) {
        *r = Value(Value(mp).toString());
    } else if (n == M::equals && args.size() == 1) {
        *r = Value(Value(mp).equals(args.at(0)));
    } else {
        return false;
    }
    return true;
}

} // namespace

QString javaReplace(const QString &subject, const QRegularExpression &re,
                    const QString &replacement, bool all, QString *error)
{
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(subject);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(subject).mid(last, m.capturedStart() - last);
        for (qsizetype i = 0; i < replacement.size(); ++i) {
            const QChar c = replacement[i];
            if (c == u'\\') {
                if (++i >= replacement.size()) {
                    *error = QStringLiteral(
                        "java.lang.IllegalArgumentException: character to be escaped is missing");
                    return {};
                }
                out += replacement[i];
            } else if (c == u'$') {
                if (i + 1 < replacement.size() && replacement[i + 1] == u'{') {
                    const qsizetype close = replacement.indexOf(u'}', i + 2);
                    const QString name =
                        close < 0 ? QString() : replacement.mid(i + 2, close - i - 2);
                    if (close < 0 || !re.namedCaptureGroups().contains(name)) {
                        *error = u"java.lang.IllegalArgumentException: No group with name {" +
                                 name + u'}';
                        return {};
                    }
                    out += m.captured(name);
                    i = close;
                    continue;
                }
                if (i + 1 >= replacement.size() || !replacement[i + 1].isDigit()) {
                    *error = QStringLiteral(
                        "java.lang.IllegalArgumentException: Illegal group reference");
                    return {};
                }
                // Java takes as many digits as still name an existing group.
                int group = replacement[++i].digitValue();
                if (group > re.captureCount()) {
                    *error =
                        u"java.lang.IndexOutOfBoundsException: No group " + QString::number(group);
                    return {};
                }
                while (i + 1 < replacement.size() && replacement[i + 1].isDigit()) {
                    const int next = group * 10 + replacement[i + 1].digitValue();
                    if (next > re.captureCount())
                        break;
                    group = next;
                    ++i;
                }
                out += m.captured(group);
            } else {
                out += c;
            }
        }
        last = m.capturedEnd();
        if (!all)
            break;
    }
    out += QStringView(subject).mid(last);
    return out;
}

bool builtinProperty(const Value &target, const QString &name, Value *result)
{
    if (target.isMap()) {
        *result = target.map()->value(name);
        return true;
    }
    if (nameIs(name, u"empty")) {
        if (target.isString())
            *result = Value(target.string().isEmpty());
        else if (target.isList())
            *result = Value(target.list()->isEmpty());
        else
            return false;
        return true;
    }
    *result = Value();
    return false;
}

int builtinMethodId(const QString &name)
{
    const auto it = methodIds().constFind(name);
    return it == methodIds().constEnd() ? -1 : int(it.value());
}

bool callBuiltinMethod(const Value &target, const Accessor &acc, const ArgList &args, Value *result,
                       QString *error)
{
    *result = Value();
    if (acc.builtin < 0)
        return false;
    const M id = M(acc.builtin);
    switch (target.type()) {
    case Value::Type::String:
        return stringMethod(target.string(), acc, args, result, error);
    case Value::Type::List:
        return listMethod(target.list(), id, args, result, error);
    case Value::Type::Map:
        return mapMethod(target.map(), id, args, result);
    case Value::Type::Int:
    case Value::Type::Double:
    case Value::Type::Bool:
        if (id == M::toString && args.isEmpty()) {
            *result = Value(target.toString());
        } else if (id == M::equals && args.size() == 1) {
            *result = Value(target.type() == args.at(0).type() && target.equals(args.at(0)));
        } else if (target.isNumber() && (id == M::intValue || id == M::longValue) &&
                   args.isEmpty()) {
            *result = Value(target.isInt() ? target.toInt() : qint64(target.toDouble()));
        } else if (target.isNumber() && id == M::doubleValue && args.isEmpty()) {
            *result = Value(target.toDouble());
        } else if (target.isBool() && id == M::booleanValue && args.isEmpty()) {
            *result = target;
        } else {
            return false;
        }
        return true;
    default:
        return false;
    }
}

} // namespace Gatehouse::Vtl
