// Thread affinity: any thread for values a thread owns; lists and maps are shared by reference
// (as in Java), so a value graph must not be mutated from two threads at once.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <variant>

namespace Gatehouse::Vtl {

class Value;
class HostObject;

using ValueList = QList<Value>;
using ListPtr = std::shared_ptr<ValueList>;

class ValueMap;
using MapPtr = std::shared_ptr<ValueMap>;
using HostPtr = std::shared_ptr<HostObject>;

// A VTL value: null, boolean, 64-bit integer, double, string, list, map or a host object
// ($input, $util, ...). Lists and maps have reference semantics like Java's collections.
class Value
{
public:
    enum class Type { Null, Bool, Int, Double, String, List, Map, Host };

    Value() = default;
    Value(bool b) : m_data(b) {}
    Value(int i) : m_data(qint64(i)) {}
    Value(qint64 i) : m_data(i) {}
    Value(double d) : m_data(d) {}
    Value(QString s) : m_data(std::move(s)) {}
    Value(const char *) = delete;
    Value(ListPtr l) : m_data(std::move(l)) {}
    Value(MapPtr m) : m_data(std::move(m)) {}
    Value(HostPtr h) : m_data(std::move(h)) {}

    static Value fromString(const QString &s) { return Value(s); }
    static Value newList(ValueList items = {});
    static Value newMap();

    Type type() const { return Type(m_data.index()); }
    bool isNull() const { return m_data.index() == 0; }
    bool isBool() const { return type() == Type::Bool; }
    bool isInt() const { return type() == Type::Int; }
    bool isDouble() const { return type() == Type::Double; }
    bool isNumber() const { return isInt() || isDouble(); }
    bool isString() const { return type() == Type::String; }
    bool isList() const { return type() == Type::List; }
    bool isMap() const { return type() == Type::Map; }
    bool isHost() const { return type() == Type::Host; }

    bool toBool() const { return isBool() && std::get<bool>(m_data); }
    qint64 toInt() const;
    double toDouble() const;
    const QString &string() const; // REQUIRES: isString()
    const ListPtr &list() const { return std::get<ListPtr>(m_data); }
    const MapPtr &map() const { return std::get<MapPtr>(m_data); }
    const HostPtr &host() const { return std::get<HostPtr>(m_data); }

    // Java's toString(): "[1, two]", "{a=1}", "3.5", "1.0E21", "true".
    QString toString() const;
    // Java's equals() for same kinds, numeric equality across Int and Double.
    bool equals(const Value &other) const;

private:
    std::variant<std::monostate, bool, qint64, double, QString, ListPtr, MapPtr, HostPtr> m_data;
};

} // namespace Gatehouse::Vtl

// Values move between list slots with memcpy (a variant of QString and shared pointers).
Q_DECLARE_TYPEINFO(Gatehouse::Vtl::Value, Q_RELOCATABLE_TYPE);

namespace Gatehouse::Vtl {

// An insertion-ordered string-keyed map: Velocity's map literals and API Gateway's parsed JSON
// are LinkedHashMaps, and templates rely on their iteration order. Small maps (the common case:
// JSON objects of a few members) are a flat list searched in place; larger ones add an index.
class ValueMap
{
public:
    using Entry = std::pair<QString, Value>;

    ValueMap() = default;
    // REQUIRES: distinct keys. A map built whole, without a lookup per member.
    explicit ValueMap(QList<Entry> entries);
    ValueMap(const ValueMap &other);
    ~ValueMap();
    ValueMap &operator=(const ValueMap &other);

    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }
    bool contains(const QString &key) const { return indexOf(key) >= 0; }
    const Value *find(QStringView key) const;
    // find() that tries *hint first and leaves the found position there: a template reads the
    // same member of many objects of the same shape (an inline cache at the call site).
    const Value *find(QStringView key, int *hint) const;
    Value value(const QString &key) const;
    // Returns the previous value (null when the key was new).
    Value insert(const QString &key, Value value);
    Value remove(const QString &key);
    const QList<Entry> &entries() const { return m_entries; }
    void reserve(qsizetype n);
    QStringList keys() const;
    ValueList values() const;

private:
    qsizetype indexOf(QStringView key) const;

    QList<Entry> m_entries;
    std::unique_ptr<QHash<QString, qsizetype>> m_index; // only past kIndexThreshold entries
};

// s == literal without a call into QtCore: method and property names are compared often.
template <size_t N> inline bool nameIs(const QString &s, const char16_t (&literal)[N])
{
    return s.size() == qsizetype(N - 1) &&
           std::char_traits<char16_t>::compare(reinterpret_cast<const char16_t *>(s.constData()),
                                               literal, N - 1) == 0;
}

// Java's Double.toString() formatting.
QString javaDoubleString(double d);
// The same into buf (48 chars at least); returns the length.
int formatJavaDouble(double d, char *buf);

// The arguments of a method call: a view over values the caller owns (usually on its stack).
class ArgList
{
public:
    ArgList() = default;
    ArgList(const Value *data, qsizetype size) : m_data(data), m_size(size) {}
    ArgList(const ValueList &list) : m_data(list.constData()), m_size(list.size()) {}
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    const Value &at(qsizetype i) const { return m_data[i]; }
    const Value *begin() const { return m_data; }
    const Value *end() const { return m_data + m_size; }

private:
    const Value *m_data = nullptr;
    qsizetype m_size = 0;
};

// An object implemented in C++ whose properties and methods templates can use
// ($input.json('$.a'), $util.urlEncode($x), ...).
class HostObject
{
public:
    virtual ~HostObject() = default;
    // $obj.name: a getter. Return false when there is no such property.
    virtual bool property(const QString &name, Value *result) const;
    // $obj.name(args). Return false when there is no such method (the reference then renders
    // literally); set *error for a failed call (Velocity's MethodInvocationException).
    virtual bool call(const QString &name, const ArgList &args, Value *result,
                      QString *error) const;
    // #set($obj.name = value). Return false when not settable.
    virtual bool setProperty(const QString &name, const Value &value);
    virtual QString toString() const;
    // Internal to the renderer: a stand-in for a macro argument that was null.
    virtual bool isPlaceholder() const { return false; }
};

} // namespace Gatehouse::Vtl
