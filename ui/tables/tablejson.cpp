#include <ui/tables/tablejson.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace Gatehouse::Ui::TableJson {

namespace {

const QString kS = QStringLiteral("S");
const QString kN = QStringLiteral("N");
const QString kB = QStringLiteral("B");
const QString kSS = QStringLiteral("SS");
const QString kNS = QStringLiteral("NS");
const QString kBS = QStringLiteral("BS");
const QString kM = QStringLiteral("M");
const QString kL = QStringLiteral("L");
const QString kBOOL = QStringLiteral("BOOL");
const QString kNULL = QStringLiteral("NULL");

class Parser
{
public:
    explicit Parser(QStringView text) : m_text(text) {}

    bool value(Node *out, int depth)
    {
        skipSpace();
        if (depth > 64)
            return fail(QStringLiteral("nesting deeper than 64 levels"));
        if (atEnd())
            return fail(QStringLiteral("unexpected end of text, a value was expected"));
        const QChar c = m_text[m_pos];
        if (c == u'{')
            return object(out, depth);
        if (c == u'[')
            return array(out, depth);
        if (c == u'"') {
            out->kind = Node::String;
            return string(&out->text);
        }
        if (c == u'-' || (c >= u'0' && c <= u'9'))
            return number(out);
        if (literal(u"true")) {
            out->kind = Node::Bool;
            out->boolean = true;
            return true;
        }
        if (literal(u"false")) {
            out->kind = Node::Bool;
            out->boolean = false;
            return true;
        }
        if (literal(u"null")) {
            out->kind = Node::Null;
            return true;
        }
        return fail(QStringLiteral("unexpected character '%1'").arg(c));
    }

    void skipSpace()
    {
        while (!atEnd()) {
            const QChar c = m_text[m_pos];
            if (c != u' ' && c != u'\t' && c != u'\n' && c != u'\r')
                break;
            ++m_pos;
        }
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    int pos() const { return m_pos; }

    bool fail(const QString &message)
    {
        if (m_error.message.isEmpty()) {
            m_error.message = message;
            m_error.offset = m_pos;
            m_error.line = 1;
            int lineStart = 0;
            for (int i = 0; i < m_pos && i < m_text.size(); ++i) {
                if (m_text[i] == u'\n') {
                    ++m_error.line;
                    lineStart = i + 1;
                }
            }
            m_error.column = m_pos - lineStart + 1;
        }
        return false;
    }
    const ParseError &error() const { return m_error; }

private:
    bool literal(const char16_t *word)
    {
        const QStringView w(word);
        if (m_text.mid(m_pos).startsWith(w)) {
            m_pos += int(w.size());
            return true;
        }
        return false;
    }

    bool object(Node *out, int depth)
    {
        out->kind = Node::Object;
        ++m_pos;
        skipSpace();
        if (!atEnd() && m_text[m_pos] == u'}') {
            ++m_pos;
            return true;
        }
        QSet<QString> seen;
        for (;;) {
            skipSpace();
            if (atEnd() || m_text[m_pos] != u'"')
                return fail(QStringLiteral("a member name in double quotes was expected"));
            const int namePos = m_pos;
            QString name;
            if (!string(&name))
                return false;
            if (seen.contains(name)) {
                m_pos = namePos;
                return fail(QStringLiteral("duplicate member \"%1\"").arg(name));
            }
            seen.insert(name);
            skipSpace();
            if (atEnd() || m_text[m_pos] != u':')
                return fail(QStringLiteral("':' was expected after the member name"));
            ++m_pos;
            Node child;
            if (!value(&child, depth + 1))
                return false;
            out->members.append({name, std::move(child)});
            skipSpace();
            if (atEnd())
                return fail(QStringLiteral("unexpected end of text, '}' was expected"));
            if (m_text[m_pos] == u',') {
                ++m_pos;
                continue;
            }
            if (m_text[m_pos] == u'}') {
                ++m_pos;
                return true;
            }
            return fail(QStringLiteral("',' or '}' was expected"));
        }
    }

    bool array(Node *out, int depth)
    {
        out->kind = Node::Array;
        ++m_pos;
        skipSpace();
        if (!atEnd() && m_text[m_pos] == u']') {
            ++m_pos;
            return true;
        }
        for (;;) {
            Node child;
            if (!value(&child, depth + 1))
                return false;
            out->items.append(std::move(child));
            skipSpace();
            if (atEnd())
                return fail(QStringLiteral("unexpected end of text, ']' was expected"));
            if (m_text[m_pos] == u',') {
                ++m_pos;
                continue;
            }
            if (m_text[m_pos] == u']') {
                ++m_pos;
                return true;
            }
            return fail(QStringLiteral("',' or ']' was expected"));
        }
    }

    bool string(QString *out)
    {
        ++m_pos;  // opening quote
        QString s;
        while (!atEnd()) {
            const QChar c = m_text[m_pos];
            if (c == u'"') {
                ++m_pos;
                *out = s;
                return true;
            }
            if (c.unicode() < 0x20)
                return fail(QStringLiteral("control character in a string (escape it)"));
            if (c != u'\\') {
                s.append(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (atEnd())
                break;
            const QChar e = m_text[m_pos++];
            switch (e.unicode()) {
            case '"': s.append(u'"'); break;
            case '\\': s.append(u'\\'); break;
            case '/': s.append(u'/'); break;
            case 'b': s.append(u'\b'); break;
            case 'f': s.append(u'\f'); break;
            case 'n': s.append(u'\n'); break;
            case 'r': s.append(u'\r'); break;
            case 't': s.append(u'\t'); break;
            case 'u': {
                if (m_pos + 4 > m_text.size())
                    return fail(QStringLiteral("\\u needs four hex digits"));
                bool ok = false;
                const ushort code = m_text.mid(m_pos, 4).toString().toUShort(&ok, 16);
                if (!ok)
                    return fail(QStringLiteral("\\u needs four hex digits"));
                m_pos += 4;
                s.append(QChar(code));
                break;
            }
            default:
                --m_pos;
                return fail(QStringLiteral("unknown escape \\%1").arg(e));
            }
        }
        return fail(QStringLiteral("unterminated string"));
    }

    bool number(Node *out)
    {
        const int start = m_pos;
        auto digits = [this] {
            const int from = m_pos;
            while (!atEnd() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'9')
                ++m_pos;
            return m_pos - from;
        };
        if (m_text[m_pos] == u'-')
            ++m_pos;
        if (!atEnd() && m_text[m_pos] == u'0') {
            ++m_pos;
        } else if (digits() == 0) {
            return fail(QStringLiteral("a digit was expected"));
        }
        if (!atEnd() && m_text[m_pos] == u'.') {
            ++m_pos;
            if (digits() == 0)
                return fail(QStringLiteral("a digit was expected after '.'"));
        }
        if (!atEnd() && (m_text[m_pos] == u'e' || m_text[m_pos] == u'E')) {
            ++m_pos;
            if (!atEnd() && (m_text[m_pos] == u'+' || m_text[m_pos] == u'-'))
                ++m_pos;
            if (digits() == 0)
                return fail(QStringLiteral("a digit was expected in the exponent"));
        }
        if (!atEnd() && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == u'.'))
            return fail(QStringLiteral("malformed number"));
        out->kind = Node::Number;
        out->text = m_text.mid(start, m_pos - start).toString();
        return true;
    }

    QStringView m_text;
    int m_pos = 0;
    ParseError m_error;
};

void writeString(QString &out, const QString &s)
{
    out += u'"';
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"': out += QLatin1String("\\\""); break;
        case '\\': out += QLatin1String("\\\\"); break;
        case '\n': out += QLatin1String("\\n"); break;
        case '\r': out += QLatin1String("\\r"); break;
        case '\t': out += QLatin1String("\\t"); break;
        case '\b': out += QLatin1String("\\b"); break;
        case '\f': out += QLatin1String("\\f"); break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'"';
}

void writeNode(QString &out, const Node &node, int indent, int level)
{
    const bool pretty = indent >= 0;
    auto newline = [&](int l) {
        if (pretty) {
            out += u'\n';
            out += QString(l * indent, u' ');
        }
    };
    switch (node.kind) {
    case Node::Null: out += QLatin1String("null"); return;
    case Node::Bool: out += node.boolean ? QLatin1String("true") : QLatin1String("false"); return;
    case Node::Number: out += node.text; return;
    case Node::String: writeString(out, node.text); return;
    case Node::Array:
        if (node.items.isEmpty()) {
            out += QLatin1String("[]");
            return;
        }
        out += u'[';
        for (int i = 0; i < node.items.size(); ++i) {
            if (i)
                out += u',';
            newline(level + 1);
            writeNode(out, node.items[i], indent, level + 1);
        }
        newline(level);
        out += u']';
        return;
    case Node::Object:
        if (node.members.isEmpty()) {
            out += QLatin1String("{}");
            return;
        }
        out += u'{';
        for (int i = 0; i < node.members.size(); ++i) {
            if (i)
                out += u',';
            newline(level + 1);
            writeString(out, node.members[i].first);
            out += pretty ? QLatin1String(": ") : QLatin1String(":");
            writeNode(out, node.members[i].second, indent, level + 1);
        }
        newline(level);
        out += u'}';
        return;
    }
}

// DynamoDB accepts number text JSON does not (".5", "5.", "+5", " 5"): make it a JSON number
// without changing its value, or leave it a string when it is not a number at all.
Node numberNode(const QString &text)
{
    static const QRegularExpression json(QStringLiteral(R"(^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$)"));
    QString t = text.trimmed();
    if (json.match(t).hasMatch())
        return Node::number(t);
    static const QRegularExpression loose(QStringLiteral(R"(^([+-]?)(\d*)(?:\.(\d*))?([eE][+-]?\d+)?$)"));
    const auto m = loose.match(t);
    if (m.hasMatch() && !(m.captured(2).isEmpty() && m.captured(3).isEmpty())) {
        QString intPart = m.captured(2);
        while (intPart.size() > 1 && intPart.startsWith(u'0'))
            intPart.remove(0, 1);
        if (intPart.isEmpty())
            intPart = QStringLiteral("0");
        QString fixed = (m.captured(1) == u"-" ? QStringLiteral("-") : QString()) + intPart;
        if (!m.captured(3).isEmpty())
            fixed += u'.' + m.captured(3);
        fixed += m.captured(4);
        if (json.match(fixed).hasMatch())
            return Node::number(fixed);
    }
    return Node::string(text);
}

QString sorted(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Status typeError(const QString &message)
{
    return Status::error(QStringLiteral("ValidationException"), message);
}

} // namespace

Node Node::string(const QString &s)
{
    Node n;
    n.kind = String;
    n.text = s;
    return n;
}

Node Node::number(const QString &literal)
{
    Node n;
    n.kind = Number;
    n.text = literal;
    return n;
}

const Node *Node::member(const QString &name) const
{
    for (const auto &m : members) {
        if (m.first == name)
            return &m.second;
    }
    return nullptr;
}

bool parse(QStringView text, Node *out, ParseError *error)
{
    Parser p(text);
    Node node;
    bool ok = p.value(&node, 0);
    if (ok) {
        p.skipSpace();
        if (!p.atEnd())
            ok = p.fail(QStringLiteral("text after the end of the JSON value"));
    }
    if (!ok) {
        if (error)
            *error = p.error();
        return false;
    }
    *out = std::move(node);
    return true;
}

bool parseSequence(QStringView text, QList<Node> *out, ParseError *error)
{
    Parser p(text);
    for (;;) {
        p.skipSpace();
        if (p.atEnd())
            return true;
        Node node;
        if (!p.value(&node, 0)) {
            if (error)
                *error = p.error();
            return false;
        }
        out->append(std::move(node));
    }
}

QString write(const Node &node, int indent)
{
    QString out;
    writeNode(out, node, indent, 0);
    return out;
}

Node fromQJson(const QJsonValue &value)
{
    Node n;
    switch (value.type()) {
    case QJsonValue::Bool:
        n.kind = Node::Bool;
        n.boolean = value.toBool();
        break;
    case QJsonValue::Double: {
        n.kind = Node::Number;
        const double d = value.toDouble();
        n.text = (d == double(qint64(d)) && qAbs(d) < 1e15) ? QString::number(qint64(d))
                                                             : QString::number(d, 'g', 17);
        break;
    }
    case QJsonValue::String:
        n = Node::string(value.toString());
        break;
    case QJsonValue::Array:
        n.kind = Node::Array;
        for (const QJsonValue &v : value.toArray())
            n.items.append(fromQJson(v));
        break;
    case QJsonValue::Object: {
        n.kind = Node::Object;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            n.members.append({it.key(), fromQJson(it.value())});
        break;
    }
    default:
        break;
    }
    return n;
}

QJsonValue toQJson(const Node &node)
{
    switch (node.kind) {
    case Node::Null: return QJsonValue::Null;
    case Node::Bool: return node.boolean;
    case Node::Number: return node.text.toDouble();
    case Node::String: return node.text;
    case Node::Array: {
        QJsonArray a;
        for (const Node &n : node.items)
            a.append(toQJson(n));
        return a;
    }
    case Node::Object: {
        QJsonObject o;
        for (const auto &m : node.members)
            o.insert(m.first, toQJson(m.second));
        return o;
    }
    }
    return QJsonValue::Null;
}

QString typeOf(const QJsonObject &attributeValue)
{
    if (attributeValue.size() != 1)
        return {};
    return attributeValue.begin().key();
}

Node plainFromValue(const QJsonObject &av)
{
    const QString type = typeOf(av);
    const QJsonValue v = av.begin() == av.end() ? QJsonValue() : av.begin().value();
    Node n;
    if (type == kS || type == kB)
        return Node::string(v.toString());
    if (type == kN)
        return numberNode(v.toString());
    if (type == kBOOL) {
        n.kind = Node::Bool;
        n.boolean = v.toBool();
        return n;
    }
    if (type == kSS || type == kBS || type == kNS) {
        n.kind = Node::Array;
        for (const QJsonValue &e : v.toArray())
            n.items.append(type == kNS ? numberNode(e.toString()) : Node::string(e.toString()));
        return n;
    }
    if (type == kL) {
        n.kind = Node::Array;
        for (const QJsonValue &e : v.toArray())
            n.items.append(plainFromValue(e.toObject()));
        return n;
    }
    if (type == kM)
        return plainFromItem(v.toObject());
    return n;  // NULL (and anything malformed)
}

Node plainFromItem(const QJsonObject &item, const QStringList &keysFirst)
{
    Node n;
    n.kind = Node::Object;
    for (const QString &k : keysFirst) {
        if (item.contains(k))
            n.members.append({k, plainFromValue(item.value(k).toObject())});
    }
    for (auto it = item.begin(); it != item.end(); ++it) {
        if (!keysFirst.contains(it.key()))
            n.members.append({it.key(), plainFromValue(it.value().toObject())});
    }
    return n;
}

Node dynamoNode(const QJsonObject &item, const QStringList &keysFirst)
{
    Node n;
    n.kind = Node::Object;
    for (const QString &k : keysFirst) {
        if (item.contains(k))
            n.members.append({k, fromQJson(item.value(k))});
    }
    for (auto it = item.begin(); it != item.end(); ++it) {
        if (!keysFirst.contains(it.key()))
            n.members.append({it.key(), fromQJson(it.value())});
    }
    return n;
}

Result<QJsonObject> valueFromPlain(const Node &plain, const QJsonObject &hint)
{
    const QString hintType = typeOf(hint);
    switch (plain.kind) {
    case Node::Null:
        return QJsonObject{{kNULL, true}};
    case Node::Bool:
        return QJsonObject{{kBOOL, plain.boolean}};
    case Node::Number:
        return QJsonObject{{kN, plain.text}};
    case Node::String:
        if (hintType == kB) {
            const auto decoded = QByteArray::fromBase64Encoding(plain.text.toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return typeError(QStringLiteral("\"%1\" was binary and is not base64 text any more").arg(plain.text.left(40)));
        }
        return QJsonObject{{hintType == kB ? kB : kS, plain.text}};
    case Node::Array: {
        if (hintType == kSS || hintType == kNS || hintType == kBS) {
            QJsonArray members;
            bool fits = true;
            for (const Node &e : plain.items) {
                if (hintType == kNS ? e.kind != Node::Number : e.kind != Node::String) {
                    fits = false;
                    break;
                }
                members.append(e.text);
            }
            if (fits)
                return QJsonObject{{hintType, members}};
        }
        const QJsonArray hintList = hintType == kL ? hint.value(kL).toArray() : QJsonArray();
        QJsonArray list;
        for (int i = 0; i < plain.items.size(); ++i) {
            auto v = valueFromPlain(plain.items[i], i < hintList.size() ? hintList[i].toObject() : QJsonObject());
            if (!v)
                return v.status();
            list.append(*v);
        }
        return QJsonObject{{kL, list}};
    }
    case Node::Object: {
        auto m = itemFromPlain(plain, hintType == kM ? hint.value(kM).toObject() : QJsonObject());
        if (!m)
            return m.status();
        return QJsonObject{{kM, *m}};
    }
    }
    return QJsonObject{{kNULL, true}};
}

Result<QJsonObject> itemFromPlain(const Node &plain, const QJsonObject &hints)
{
    if (plain.kind != Node::Object)
        return typeError(QStringLiteral("An item is a JSON object of attribute names to values"));
    QJsonObject item;
    for (const auto &m : plain.members) {
        auto v = valueFromPlain(m.second, hints.value(m.first).toObject());
        if (!v)
            return v.status();
        item.insert(m.first, *v);
    }
    return item;
}

QString cellText(const QJsonObject &av, int maxChars)
{
    const QString type = typeOf(av);
    const QJsonValue v = av.isEmpty() ? QJsonValue() : av.begin().value();
    QString text;
    if (type == kS || type == kN) {
        text = v.toString();
        text.replace(u'\n', QChar(0x21B5));
    } else if (type == kB) {
        const qsizetype bytes = QByteArray::fromBase64(v.toString().toLatin1()).size();
        text = QStringLiteral("<%1 bytes> %2").arg(bytes).arg(v.toString());
    } else if (type == kBOOL) {
        text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    } else if (type == kNULL) {
        text = QStringLiteral("null");
    } else if (type == kSS || type == kNS || type == kBS) {
        QStringList parts;
        for (const QJsonValue &e : v.toArray())
            parts << e.toString();
        text = u'{' + parts.join(QStringLiteral(", ")) + u'}';
    } else if (type == kM || type == kL) {
        text = write(plainFromValue(av), -1);
    } else {
        text = sorted(av);
    }
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

QString typeDescription(const QJsonObject &av)
{
    const QString type = typeOf(av);
    const QJsonValue v = av.isEmpty() ? QJsonValue() : av.begin().value();
    const int n = int(v.isArray() ? v.toArray().size() : v.toObject().size());
    if (type == kS) return QStringLiteral("String (S)");
    if (type == kN) return QStringLiteral("Number (N)");
    if (type == kB) return QStringLiteral("Binary (B)");
    if (type == kBOOL) return QStringLiteral("Boolean (BOOL)");
    if (type == kNULL) return QStringLiteral("Null (NULL)");
    if (type == kSS) return QStringLiteral("String set (SS), %1 members").arg(n);
    if (type == kNS) return QStringLiteral("Number set (NS), %1 members").arg(n);
    if (type == kBS) return QStringLiteral("Binary set (BS), %1 members").arg(n);
    if (type == kM) return QStringLiteral("Map (M), %1 entries").arg(n);
    if (type == kL) return QStringLiteral("List (L), %1 elements").arg(n);
    return QStringLiteral("Malformed value");
}

QString count(qint64 n, const QString &singular, const QString &plural)
{
    return QString::number(n) + u' ' + (n == 1 ? singular : plural);
}

QJsonObject keyOf(const QJsonObject &item, const QStringList &keyNames)
{
    QJsonObject key;
    for (const QString &k : keyNames) {
        if (!k.isEmpty() && item.contains(k))
            key.insert(k, item.value(k));
    }
    return key;
}

QString keyId(const QJsonObject &item, const QStringList &keyNames)
{
    return sorted(keyOf(item, keyNames));
}

} // namespace Gatehouse::Ui::TableJson
