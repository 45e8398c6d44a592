#include <ui/inspector/requestfilter.h>

#include <QRegularExpression>

#include <optional>

namespace Gatehouse::Ui {

namespace {

enum class Field { Status, Latency, Size, RequestSize, Method, Path, Operation, Table, Api, Stage,
                   Resource, Listener, Id, Error, Console, Body, Peer };
enum class Op { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Matches, Contains };

struct FieldInfo
{
    const char *name;
    Field field;
    bool numeric;
    const char *help;
};

// One table for parsing and for the tooltip, so the two never disagree.
const FieldInfo Fields[] = {
    {"status", Field::Status, true, "HTTP status; <code>5xx</code> matches a class"},
    {"latency", Field::Latency, true, "total time; units µs/us, ms (default), s"},
    {"size", Field::Size, true, "response body size; units B (default), KB, MB"},
    {"reqsize", Field::RequestSize, true, "request body size"},
    {"method", Field::Method, false, "GET, POST, ..."},
    {"path", Field::Path, false, "request target (path and query)"},
    {"op", Field::Operation, false, "DynamoDB operation (PutItem, Query, ...)"},
    {"table", Field::Table, false, "DynamoDB table name"},
    {"api", Field::Api, false, "gateway API name"},
    {"stage", Field::Stage, false, "gateway stage"},
    {"resource", Field::Resource, false, "gateway resource path (/pets/{id})"},
    {"listener", Field::Listener, false, "\"gateway\" or \"tables\""},
    {"id", Field::Id, false, "request id"},
    {"error", Field::Error, false, "error type noted by the engine"},
    {"console", Field::Console, false, "function console output"},
    {"body", Field::Body, false, "request and response bodies"},
    {"peer", Field::Peer, false, "client address"},
};

const FieldInfo *findField(const QString &name)
{
    for (const FieldInfo &info : Fields) {
        if (name.compare(QLatin1String(info.name), Qt::CaseInsensitive) == 0)
            return &info;
    }
    return nullptr;
}

struct Token
{
    enum Kind { End, Word, String, Operator, LParen, RParen, And, Or, Not } kind = End;
    QString text;   // the word, the unquoted string, or the operator
    int position = 0;
    int length = 0;
};

QString noteText(const Observe::RequestRecord &r, const char *key)
{
    const QVariant v = r.notes.value(QLatin1String(key));
    if (v.typeId() == QMetaType::QStringList)
        return v.toStringList().join(u'\n');
    return v.toString();
}

QString fieldText(Field field, const Observe::RequestRecord &r)
{
    switch (field) {
    case Field::Status: return QString::number(r.status);
    case Field::Latency: return QString::number(r.totalUs);
    case Field::Size: return QString::number(r.responseBodySize);
    case Field::RequestSize: return QString::number(r.requestBodySize);
    case Field::Method: return QString::fromLatin1(r.method);
    case Field::Path: return QString::fromUtf8(r.target);
    case Field::Operation: return recordOperation(r);
    case Field::Table: return noteText(r, "table");
    case Field::Api: return noteText(r, "api");
    case Field::Stage: return noteText(r, "stage");
    case Field::Resource: return noteText(r, "resourcePath");
    case Field::Listener: return r.listener;
    case Field::Id: return QString::fromLatin1(r.requestId);
    case Field::Error: return noteText(r, "error");
    case Field::Console: return noteText(r, "console");
    case Field::Body: return QString::fromUtf8(r.requestBody) + u'\n' + QString::fromUtf8(r.responseBody);
    case Field::Peer: return r.peerAddress;
    }
    return {};
}

// Fields held as bytes: an ASCII needle is searched in them without decoding (UTF-8 never
// hides an ASCII byte inside a multi-byte sequence), which keeps a re-filter of 100k rows fast.
bool rawFields(Field field, const Observe::RequestRecord &r, QByteArrayView *first, QByteArrayView *second)
{
    switch (field) {
    case Field::Method: *first = r.method; return true;
    case Field::Path: *first = r.target; return true;
    case Field::Id: *first = r.requestId; return true;
    case Field::Body:
        *first = r.requestBody;
        *second = r.responseBody;
        return true;
    default: return false;
    }
}

QLatin1String latin1(QByteArrayView bytes)
{
    return QLatin1String(bytes.data(), bytes.size());
}

qint64 fieldNumber(Field field, const Observe::RequestRecord &r)
{
    switch (field) {
    case Field::Status: return r.status;
    case Field::Latency: return r.totalUs;
    case Field::Size: return r.responseBodySize;
    case Field::RequestSize: return r.requestBodySize;
    default: return 0;
    }
}

} // namespace

struct RequestFilter::Node
{
    enum Kind { And, Or, Not, Compare, Exists } kind = Compare;
    std::shared_ptr<const Node> left;
    std::shared_ptr<const Node> right;
    Field field = Field::Status;
    bool numeric = false;
    Op op = Op::Equal;
    qint64 number = 0;
    int statusClass = -1;   // "4xx" -> 4
    QString text;
    QByteArray asciiText;   // `text` when it is ASCII: compared against raw fields directly
    QRegularExpression regex;

    bool eval(const Observe::RequestRecord &r) const
    {
        switch (kind) {
        case And: return left->eval(r) && right->eval(r);
        case Or: return left->eval(r) || right->eval(r);
        case Not: return !left->eval(r);
        case Exists: return numeric ? fieldNumber(field, r) != 0 : !fieldText(field, r).isEmpty();
        case Compare: break;
        }
        if (op == Op::Matches)
            return regex.match(fieldText(field, r)).hasMatch();
        QByteArrayView first;
        QByteArrayView second;
        const bool raw = !asciiText.isNull() && rawFields(field, r, &first, &second);
        if (op == Op::Contains) {
            if (raw)
                return latin1(first).contains(latin1(asciiText), Qt::CaseInsensitive)
                       || latin1(second).contains(latin1(asciiText), Qt::CaseInsensitive);
            return fieldText(field, r).contains(text, Qt::CaseInsensitive);
        }
        if (!numeric) {
            const bool equal = raw && field != Field::Body
                                   ? latin1(first).compare(latin1(asciiText), Qt::CaseInsensitive) == 0
                                   : fieldText(field, r).compare(text, Qt::CaseInsensitive) == 0;
            return op == Op::Equal ? equal : !equal;
        }
        const qint64 value = fieldNumber(field, r);
        if (statusClass >= 0) {
            const bool inClass = value / 100 == statusClass;
            return op == Op::Equal ? inClass : !inClass;
        }
        switch (op) {
        case Op::Equal: return value == number;
        case Op::NotEqual: return value != number;
        case Op::Less: return value < number;
        case Op::LessEqual: return value <= number;
        case Op::Greater: return value > number;
        case Op::GreaterEqual: return value >= number;
        default: return false;
        }
    }
};

namespace {

using NodePtr = std::shared_ptr<const RequestFilter::Node>;

class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text) { advance(); }

    NodePtr parseAll()
    {
        if (m_token.kind == Token::End)
            return {};
        NodePtr root = parseOr();
        if (!m_error.message.isEmpty())
            return {};
        if (m_token.kind != Token::End) {
            if (m_token.kind == Token::RParen)
                fail(m_token, QStringLiteral("')' without a matching '('"));
            else
                fail(m_token, QStringLiteral("expected 'and' or 'or' before '%1'").arg(m_token.text));
            return {};
        }
        return root;
    }

    FilterError error() const { return m_error; }

private:
    bool failed() const { return !m_error.message.isEmpty(); }

    void fail(const Token &at, const QString &message)
    {
        if (failed())
            return;   // the first error is the one to show
        m_error.position = at.position;
        m_error.length = qMax(1, at.length);
        m_error.message = message;
    }

    static bool isWordChar(QChar c)
    {
        return !c.isSpace() && !QStringView(u"()!=<>~\"'&|").contains(c);
    }

    void advance()
    {
        int i = m_pos;
        while (i < m_text.size() && m_text.at(i).isSpace())
            ++i;
        Token t;
        t.position = i;
        if (i >= m_text.size()) {
            t.kind = Token::End;
            m_pos = i;
            m_token = t;
            return;
        }
        const QChar c = m_text.at(i);
        auto two = [&](QStringView s) { return QStringView(m_text).mid(i, 2) == s; };
        if (c == u'(' || c == u')') {
            t.kind = c == u'(' ? Token::LParen : Token::RParen;
            t.text = c;
            t.length = 1;
        } else if (two(u"&&") || two(u"||")) {
            t.kind = c == u'&' ? Token::And : Token::Or;
            t.text = m_text.mid(i, 2);
            t.length = 2;
        } else if (two(u"==") || two(u"!=") || two(u"<=") || two(u">=")) {
            t.kind = Token::Operator;
            t.text = m_text.mid(i, 2);
            t.length = 2;
        } else if (c == u'!') {
            t.kind = Token::Not;
            t.text = c;
            t.length = 1;
        } else if (c == u'<' || c == u'>' || c == u'~' || c == u'=') {
            t.kind = Token::Operator;
            t.text = c == u'=' ? QStringLiteral("==") : QString(c);
            t.length = 1;
        } else if (c == u'&' || c == u'|') {
            t.kind = Token::Word;   // a lone & or |: reported by the parser as unexpected
            t.text = c;
            t.length = 1;
        } else if (c == u'"' || c == u'\'') {
            t.kind = Token::String;
            int j = i + 1;
            bool closed = false;
            while (j < m_text.size()) {
                const QChar d = m_text.at(j);
                if (d == u'\\' && j + 1 < m_text.size()) {
                    t.text += m_text.at(j + 1);
                    j += 2;
                    continue;
                }
                if (d == c) {
                    closed = true;
                    ++j;
                    break;
                }
                t.text += d;
                ++j;
            }
            t.length = j - i;
            if (!closed) {
                Token at = t;
                at.length = 1;
                fail(at, QStringLiteral("unterminated string"));
            }
        } else {
            int j = i;
            while (j < m_text.size() && isWordChar(m_text.at(j)))
                ++j;
            t.text = m_text.mid(i, j - i);
            t.length = j - i;
            const QString lower = t.text.toLower();
            if (lower == QLatin1String("and"))
                t.kind = Token::And;
            else if (lower == QLatin1String("or"))
                t.kind = Token::Or;
            else if (lower == QLatin1String("not"))
                t.kind = Token::Not;
            else
                t.kind = Token::Word;
        }
        m_pos = t.position + t.length;
        m_token = t;
    }

    NodePtr combine(RequestFilter::Node::Kind kind, NodePtr left, NodePtr right)
    {
        auto node = std::make_shared<RequestFilter::Node>();
        node->kind = kind;
        node->left = std::move(left);
        node->right = std::move(right);
        return node;
    }

    NodePtr parseOr()
    {
        NodePtr left = parseAnd();
        while (!failed() && m_token.kind == Token::Or) {
            advance();
            NodePtr right = parseAnd();
            left = combine(RequestFilter::Node::Or, left, right);
        }
        return left;
    }

    NodePtr parseAnd()
    {
        NodePtr left = parseUnary();
        while (!failed() && m_token.kind == Token::And) {
            advance();
            NodePtr right = parseUnary();
            left = combine(RequestFilter::Node::And, left, right);
        }
        return left;
    }

    NodePtr parseUnary()
    {
        if (failed())
            return {};
        if (m_token.kind == Token::Not) {
            advance();
            return combine(RequestFilter::Node::Not, parseUnary(), {});
        }
        if (m_token.kind == Token::LParen) {
            const Token open = m_token;
            advance();
            NodePtr inner = parseOr();
            if (failed())
                return {};
            if (m_token.kind != Token::RParen) {
                fail(m_token.kind == Token::End ? open : m_token,
                     m_token.kind == Token::End ? QStringLiteral("'(' is never closed")
                                                : QStringLiteral("expected ')' before '%1'").arg(m_token.text));
                return {};
            }
            advance();
            return inner;
        }
        return parseComparison();
    }

    NodePtr parseComparison()
    {
        if (m_token.kind == Token::End) {
            fail(m_token, QStringLiteral("expected a field name at the end"));
            return {};
        }
        if (m_token.kind != Token::Word) {
            fail(m_token, QStringLiteral("expected a field name before '%1'").arg(m_token.text));
            return {};
        }
        const Token fieldToken = m_token;
        const FieldInfo *info = findField(fieldToken.text);
        if (!info) {
            fail(fieldToken, QStringLiteral("unknown field '%1'").arg(fieldToken.text));
            return {};
        }
        advance();
        auto node = std::make_shared<RequestFilter::Node>();
        node->field = info->field;
        node->numeric = info->numeric;

        std::optional<Op> op;
        const Token opToken = m_token;
        if (m_token.kind == Token::Operator) {
            const QString &s = m_token.text;
            op = s == QLatin1String("==") ? Op::Equal
               : s == QLatin1String("!=") ? Op::NotEqual
               : s == QLatin1String("<") ? Op::Less
               : s == QLatin1String("<=") ? Op::LessEqual
               : s == QLatin1String(">") ? Op::Greater
               : s == QLatin1String(">=") ? Op::GreaterEqual
               : Op::Matches;
        } else if (m_token.kind == Token::Word
                   && m_token.text.compare(QLatin1String("contains"), Qt::CaseInsensitive) == 0) {
            op = Op::Contains;
        } else if (m_token.kind == Token::Word
                   && m_token.text.compare(QLatin1String("matches"), Qt::CaseInsensitive) == 0) {
            op = Op::Matches;
        }
        if (!op) {
            if (m_token.kind == Token::Word || m_token.kind == Token::String) {
                fail(m_token, QStringLiteral("expected an operator (==, !=, <, <=, >, >=, ~, contains) before '%1'")
                                  .arg(m_token.text));
                return {};
            }
            node->kind = RequestFilter::Node::Exists;   // a bare field: present / non-zero
            return node;
        }
        advance();
        node->op = *op;
        if (m_token.kind != Token::Word && m_token.kind != Token::String) {
            fail(m_token.kind == Token::End ? opToken : m_token,
                 QStringLiteral("expected a value after '%1'").arg(opToken.text));
            return {};
        }
        const Token value = m_token;
        advance();
        node->text = value.text;

        bool ascii = true;
        for (const QChar c : value.text)
            ascii &= c.unicode() < 0x80;
        if (ascii)
            node->asciiText = value.text.toLatin1();
        // A pattern without regular-expression syntax is a substring search, done faster.
        static const QRegularExpression syntax(QStringLiteral("[\\\\^$.|?*+()\\[\\]{}]"));
        if (*op == Op::Matches && !value.text.contains(syntax))
            op = Op::Contains;
        node->op = *op;
        const bool ordering = *op == Op::Less || *op == Op::LessEqual || *op == Op::Greater
                              || *op == Op::GreaterEqual;
        if (*op == Op::Matches) {
            node->regex = QRegularExpression(value.text, QRegularExpression::CaseInsensitiveOption);
            if (!node->regex.isValid()) {
                Token at = value;
                if (value.kind == Token::String) {   // point inside the quotes
                    at.position += 1 + node->regex.patternErrorOffset();
                    at.length = 1;
                }
                fail(at, QStringLiteral("invalid regular expression: %1").arg(node->regex.errorString()));
                return {};
            }
            return node;
        }
        if (*op == Op::Contains)
            return node;
        if (!node->numeric) {
            if (ordering) {
                fail(opToken, QStringLiteral("'%1' compares numbers, and %2 is text")
                                  .arg(opToken.text, QLatin1String(info->name)));
                return {};
            }
            return node;
        }
        if (!parseNumber(*info, value, ordering, node.get()))
            return {};
        return node;
    }

    bool parseNumber(const FieldInfo &info, const Token &value, bool ordering, RequestFilter::Node *node)
    {
        static const QRegularExpression statusClass(QStringLiteral("^([1-5])[xX][xX]$"));
        static const QRegularExpression number(QStringLiteral("^([0-9]+(?:\\.[0-9]+)?)([a-zA-Zµ]*)$"));
        if (info.field == Field::Status) {
            const auto cls = statusClass.match(value.text);
            if (cls.hasMatch()) {
                if (ordering) {
                    fail(value, QStringLiteral("a status class works with == and != only"));
                    return false;
                }
                node->statusClass = cls.captured(1).toInt();
                return true;
            }
        }
        const auto m = number.match(value.text);
        if (!m.hasMatch()) {
            fail(value, QStringLiteral("%1 needs a number, not '%2'").arg(QLatin1String(info.name), value.text));
            return false;
        }
        const double amount = m.captured(1).toDouble();
        const QString unit = m.captured(2).toLower();
        double scale = 1;
        if (info.field == Field::Latency) {
            if (unit.isEmpty() || unit == QLatin1String("ms"))
                scale = 1000;
            else if (unit == QLatin1String("us") || unit == QStringLiteral("µs"))
                scale = 1;
            else if (unit == QLatin1String("s"))
                scale = 1000000;
            else
                return failUnit(info, value, unit, QStringLiteral("µs, ms or s"));
        } else if (info.field == Field::Size || info.field == Field::RequestSize) {
            if (unit.isEmpty() || unit == QLatin1String("b"))
                scale = 1;
            else if (unit == QLatin1String("kb") || unit == QLatin1String("k"))
                scale = 1024;
            else if (unit == QLatin1String("mb") || unit == QLatin1String("m"))
                scale = 1024 * 1024;
            else
                return failUnit(info, value, unit, QStringLiteral("B, KB or MB"));
        } else if (!unit.isEmpty()) {
            return failUnit(info, value, unit, QStringLiteral("no unit"));
        }
        node->number = qint64(amount * scale + 0.5);
        return true;
    }

    bool failUnit(const FieldInfo &info, const Token &value, const QString &unit, const QString &allowed)
    {
        Token at = value;
        at.position = value.position + int(value.text.size() - unit.size());
        at.length = int(unit.size());
        fail(at, QStringLiteral("unknown unit '%1' for %2 (%3)").arg(unit, QLatin1String(info.name), allowed));
        return false;
    }

    const QString &m_text;
    int m_pos = 0;
    Token m_token;
    FilterError m_error;
};

} // namespace

RequestFilter RequestFilter::parse(const QString &text)
{
    RequestFilter filter;
    filter.m_text = text;
    Parser parser(text);
    NodePtr root = parser.parseAll();
    filter.m_error = parser.error();
    if (filter.m_error.message.isEmpty())
        filter.m_root = std::move(root);
    return filter;
}

bool RequestFilter::matches(const Observe::RequestRecord &record) const
{
    return !m_root || m_root->eval(record);
}

QString RequestFilter::helpText()
{
    QString rows;
    for (const FieldInfo &info : Fields)
        rows += QStringLiteral("<tr><td><code>%1</code></td><td>%2</td></tr>")
                    .arg(QLatin1String(info.name), QString::fromUtf8(info.help));
    return QStringLiteral(
               "<p><b>Display filter</b><br>"
               "<code>status &gt;= 400 and path ~ \"/pets\"</code><br>"
               "<code>op == PutItem</code> &nbsp; <code>latency &gt; 5ms</code><br>"
               "<code>api == \"bookstore\" or not method == GET</code></p>"
               "<table>%1</table>"
               "<p>Operators: <code>== != &lt; &lt;= &gt; &gt;=</code>, <code>~</code> or "
               "<code>matches</code> (regular expression), <code>contains</code>; "
               "<code>and or not</code> (also <code>&amp;&amp; || !</code>) and parentheses. "
               "Text compares ignore case. A field alone tests that it is present, e.g. "
               "<code>error</code>.</p>")
        .arg(rows);
}

QString recordOperation(const Observe::RequestRecord &r)
{
    QString operation = r.notes.value(QStringLiteral("operation")).toString();
    if (operation.isEmpty() && r.listener == QLatin1String("tables")) {
        // Before the endpoint names the operation: DynamoDB's X-Amz-Target is
        // "DynamoDB_20120810.<Operation>".
        for (const auto &h : r.requestHeaders) {
            if (h.first.compare("x-amz-target", Qt::CaseInsensitive) == 0) {
                const QByteArray &v = h.second;
                operation = QString::fromLatin1(v.mid(v.lastIndexOf('.') + 1));
                break;
            }
        }
    }
    return operation;
}

} // namespace Gatehouse::Ui
