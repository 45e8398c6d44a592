#include "parser.h"
#include "parserimpl.h"
#include "renderer.h"

namespace Gatehouse::Vtl {

using namespace Ast;
using Detail::Parser;

namespace Detail {

Position Parser::positionAt(qsizetype offset) const
{
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const int lineIndex = int(it - m_lineStarts.begin()) - 1;
    const int col = int(offset - m_lineStarts[size_t(lineIndex)]);
    Position p;
    p.line = m_baseLine + lineIndex;
    p.column = lineIndex == 0 ? m_baseColumn + col : col + 1;
    return p;
}

// The token Velocity would name in "Encountered ...": a word, or one character.
QString Parser::tokenAt(qsizetype offset) const
{
    if (offset >= m_n)
        return QStringLiteral("<EOF>");
    qsizetype end = offset;
    if (m_src[offset] == u'#' || m_src[offset] == u'$')
        ++end;
    while (end < m_n && isWordPart(m_src[end]))
        ++end;
    if (end == offset || (end == offset + 1 && !isWordPart(m_src[offset])))
        end = offset + 1;
    return m_src.mid(offset, end - offset);
}

bool Parser::fail(qsizetype offset, const QString &message)
{
    if (error.isValid())
        return false;
    // At the end of input Velocity names the position of the last character.
    qsizetype at = offset;
    if (at >= m_n && m_n > 0)
        at = m_n - 1;
    const Position p = positionAt(at);
    error.line = p.line;
    error.column = p.column;
    const QString token = tokenAt(offset);
    const QString where =
        u" at line " + QString::number(p.line) + u", column " + QString::number(p.column);
    if (message.isEmpty())
        error.message = u"Encountered \"" + token + u'"' + where;
    else
        error.message = message + where;
    return false;
}

// Velocity 1.7 eats the rest of a line after a directive's closing parenthesis, #else
// and #end when only spaces or tabs remain on it.
void Parser::gobbleLineEnd()
{
    qsizetype p = m_pos;
    while (p < m_n && (m_src[p] == u' ' || m_src[p] == u'\t'))
        ++p;
    if (p < m_n && m_src[p] == u'\n') {
        m_pos = p + 1;
    } else if (p < m_n && m_src[p] == u'\r') {
        m_pos = p + 1 < m_n && m_src[p + 1] == u'\n' ? p + 2 : p + 1;
    }
}

// "#name" or "#{name}" at p: the name and the offset after the token.
bool Parser::directiveAt(qsizetype p, QString *name, qsizetype *after) const
{
    if (at(p) != u'#')
        return false;
    qsizetype q = p + 1;
    const bool braced = at(q) == u'{';
    if (braced)
        ++q;
    if (!isIdentStart(at(q)))
        return false;
    qsizetype e = q + 1;
    while (e < m_n && isWordPart(m_src[e]))
        ++e;
    if (braced) {
        if (at(e) != u'}')
            return false;
        *name = m_src.mid(q, e - q);
        *after = e + 1;
        return true;
    }
    *name = m_src.mid(q, e - q);
    *after = e;
    return true;
}

bool Parser::isSetDirectiveAt(qsizetype p) const
{
    QString name;
    qsizetype after;
    if (!directiveAt(p, &name, &after) || name != u"set")
        return false;
    while (after < m_n && m_src[after] == u' ')
        ++after;
    return at(after) == u'(';
}

bool Parser::parseBlock(Block *out, int depth, Terminator *term, ExprPtr *elseifCond)
{
    QString text;
    qsizetype tokenEnd = m_pos; // where the last non-text token ended
    auto flush = [&]() {
        if (!text.isEmpty()) {
            auto node = std::make_unique<Node>();
            node->kind = Node::Kind::Text;
            node->text = text;
            out->nodes.push_back(std::move(node));
            text.clear();
        }
    };
    while (m_pos < m_n) {
        const QChar c = m_src[m_pos];
        if (m_pos == tokenEnd && (c == u' ' || c == u'\t')) {
            // Whitespace opening a text run before #set belongs to the #set token.
            qsizetype p = m_pos;
            while (p < m_n && (m_src[p] == u' ' || m_src[p] == u'\t'))
                ++p;
            if (isSetDirectiveAt(p)) {
                m_pos = p;
                tokenEnd = p;
                continue;
            }
        }
        if (c == u'$') {
            std::unique_ptr<Reference> ref;
            if (!parseReference(&ref))
                return false;
            if (!ref) {
                text += c;
                ++m_pos;
                continue;
            }
            flush();
            const bool endsInCall = ref->literal.endsWith(u')') || ref->literal.endsWith(u']');
            auto node = std::make_unique<Node>();
            node->kind = Node::Kind::Ref;
            node->pos = ref->pos;
            node->ref = std::move(ref);
            out->nodes.push_back(std::move(node));
            if (endsInCall) {
                // 1.7's lexer reads a word glued to "$a.b()" as a token of its own, so
                // whitespace after it still counts as leading a #set.
                while (m_pos < m_n && isWordPart(m_src[m_pos]))
                    text += m_src[m_pos++];
                flush();
            }
            tokenEnd = m_pos;
            continue;
        }
        if (c == u'\\') {
            qsizetype q = m_pos;
            while (q < m_n && m_src[q] == u'\\')
                ++q;
            const int count = int(q - m_pos);
            if (at(q) == u'$') {
                const qsizetype save = m_pos;
                m_pos = q;
                std::unique_ptr<Reference> ref;
                if (!parseReference(&ref))
                    return false;
                if (ref) {
                    flush();
                    ref->backslashes = count;
                    auto node = std::make_unique<Node>();
                    node->kind = Node::Kind::Ref;
                    node->pos = positionAt(save);
                    node->ref = std::move(ref);
                    out->nodes.push_back(std::move(node));
                    tokenEnd = m_pos;
                    continue;
                }
                text += QString(count, u'\\');
                continue; // '$' becomes text on the next turn
            }
            QString name;
            qsizetype after;
            if (directiveAt(q, &name, &after) && isEscapable(name)) {
                text += QString(count / 2, u'\\');
                if (count % 2) {
                    text += m_src.mid(q, after - q);
                    m_pos = after;
                } else {
                    m_pos = q;
                }
                continue;
            }
            text += QString(count, u'\\');
            m_pos = q;
            continue;
        }
        if (c == u'#') {
            const QChar next = at(m_pos + 1);
            if (next == u'#') {
                flush();
                qsizetype p = m_pos + 2;
                while (p < m_n && m_src[p] != u'\n' && m_src[p] != u'\r')
                    ++p;
                if (p < m_n)
                    p += (m_src[p] == u'\r' && at(p + 1) == u'\n') ? 2 : 1;
                m_pos = p;
                tokenEnd = m_pos;
                continue;
            }
            if (next == u'*') {
                flush();
                const qsizetype close = m_src.indexOf(QLatin1String("*#"), m_pos + 2);
                if (close < 0)
                    return fail(m_n);
                m_pos = close + 2;
                tokenEnd = m_pos;
                continue;
            }
            if (next == u'[' && at(m_pos + 2) == u'[') {
                const qsizetype close = m_src.indexOf(QLatin1String("]]#"), m_pos + 3);
                if (close >= 0) {
                    flush();
                    text = m_src.mid(m_pos + 3, close - m_pos - 3);
                    flush();
                    m_pos = close + 3;
                    tokenEnd = m_pos;
                    continue;
                }
            }
            bool handled = false;
            Terminator t = Terminator::Eof;
            if (!parseDirective(out, depth, &handled, &t, elseifCond, [&]() { flush(); }))
                return false;
            if (t != Terminator::Eof) {
                *term = t;
                return true;
            }
            if (handled) {
                tokenEnd = m_pos;
                continue;
            }
            text += c;
            ++m_pos;
            continue;
        }
        text += c;
        ++m_pos;
    }
    flush();
    if (depth > 0)
        return fail(m_n);
    *term = Terminator::Eof;
    return true;
}

template <typename Flush>
bool Parser::parseDirective(Block *out, int depth, bool *handled, Terminator *term,
                            ExprPtr *elseifCond, Flush flush)
{
    const qsizetype start = m_pos;
    const Position pos = positionAt(start);
    if (at(m_pos + 1) == u'@') {
        // #@name(args) body #end: a macro call with a body ($bodyContent)
        const qsizetype nameStart = m_pos + 2;
        const qsizetype nameEnd = identEnd(nameStart);
        if (nameEnd == nameStart)
            return true;
        flush();
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::MacroCall;
        node->pos = pos;
        node->text = m_src.mid(nameStart, nameEnd - nameStart);
        m_pos = nameEnd;
        qsizetype p = m_pos;
        while (p < m_n && (m_src[p] == u' ' || m_src[p] == u'\t'))
            ++p;
        if (at(p) == u'(') {
            m_pos = p + 1;
            if (!parseArgs(&node->args))
                return false;
            gobbleLineEnd();
        }
        node->literal = m_src.mid(start, m_pos - start);
        node->body = std::make_unique<Block>();
        if (!parseBodyToEnd(node->body.get(), depth))
            return false;
        out->nodes.push_back(std::move(node));
        *handled = true;
        return true;
    }
    QString name;
    qsizetype after;
    if (!directiveAt(m_pos, &name, &after))
        return true;
    auto parenAfter = [&](qsizetype p) -> qsizetype {
        while (p < m_n && (m_src[p] == u' ' || m_src[p] == u'\t'))
            ++p;
        return at(p) == u'(' ? p : -1;
    };
    if (name == u"else" || name == u"end" || name == u"elseif")
        m_lastTerminatorStart = start;
    if (name == u"else" || name == u"end") {
        if (depth == 0)
            return fail(start);
        flush();
        m_pos = after;
        gobbleLineEnd();
        *term = name == u"else" ? Terminator::Else : Terminator::End;
        return true;
    }
    if (name == u"elseif") {
        if (depth == 0)
            return fail(start);
        const qsizetype paren = parenAfter(after);
        if (paren < 0)
            return fail(after);
        flush();
        m_pos = paren + 1;
        if (!parseClosedExpr(elseifCond))
            return false;
        gobbleLineEnd();
        *term = Terminator::ElseIf;
        return true;
    }
    if (name == u"break" || name == u"stop") {
        flush();
        auto node = std::make_unique<Node>();
        node->kind = name == u"break" ? Node::Kind::Break : Node::Kind::Stop;
        node->pos = pos;
        m_pos = after;
        out->nodes.push_back(std::move(node));
        *handled = true;
        return true;
    }
    if (name == u"include" || name == u"parse" || name == u"evaluate") {
        return fail(start, u"#" + name + u" is not supported in mapping templates");
    }
    const qsizetype paren = parenAfter(after);
    if (name == u"set" && paren < 0)
        return true; // "#set" without '(' is text in 1.7
    if (name == u"set" || name == u"if" || name == u"foreach" || name == u"define" ||
        name == u"macro") {
        if (paren < 0) {
            // Velocity names the first token after the blanks where '(' was expected
            qsizetype p = after;
            while (p < m_n && isSpace(m_src[p]))
                ++p;
            return fail(p);
        }
        flush();
        m_pos = paren + 1;
        auto node = std::make_unique<Node>();
        node->pos = pos;
        bool ok = false;
        if (name == u"set")
            ok = parseSet(node.get());
        else if (name == u"if")
            ok = parseIf(node.get(), depth);
        else if (name == u"foreach")
            ok = parseForeach(node.get(), depth);
        else if (name == u"define")
            ok = parseDefine(node.get(), depth);
        else
            ok = parseMacroDefinition(depth);
        if (!ok)
            return false;
        if (name != u"macro")
            out->nodes.push_back(std::move(node));
        *handled = true;
        return true;
    }
    // A macro call: with parentheses it is resolved when rendering (macros may be defined
    // further down); without, only a macro already defined above counts.
    if (paren < 0 && !m_data->macros.contains(name))
        return true;
    flush();
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::MacroCall;
    node->pos = pos;
    node->text = name;
    if (paren >= 0) {
        m_pos = paren + 1;
        if (!parseArgs(&node->args))
            return false;
        node->literal = m_src.mid(start, m_pos - start);
        gobbleLineEnd();
    } else {
        m_pos = after;
        node->literal = m_src.mid(start, m_pos - start);
    }
    out->nodes.push_back(std::move(node));
    *handled = true;
    return true;
}

bool Parser::parseBodyToEnd(Block *body, int depth)
{
    Terminator t;
    ExprPtr cond;
    if (!parseBlock(body, depth + 1, &t, &cond))
        return false;
    if (t != Terminator::End)
        return fail(m_lastTerminatorStart);
    return true;
}

// Arguments of a macro call: expressions separated by spaces or commas, up to ')'.
bool Parser::parseArgs(std::vector<ExprPtr> *args)
{
    for (;;) {
        skipSpace();
        if (at(m_pos) == u')') {
            ++m_pos;
            return true;
        }
        if (at(m_pos) == u',') {
            ++m_pos;
            continue;
        }
        if (m_pos >= m_n)
            return fail(m_pos);
        ExprPtr e;
        if (!parseParameter(&e))
            return false;
        args->push_back(std::move(e));
    }
}

// An expression followed by ')' (the opening parenthesis is consumed).
bool Parser::parseClosedExpr(ExprPtr *out)
{
    skipSpace();
    if (!parseExpr(out))
        return false;
    skipSpace();
    if (at(m_pos) != u')')
        return fail(m_pos);
    ++m_pos;
    return true;
}

bool Parser::parseSet(Node *node)
{
    node->kind = Node::Kind::Set;
    skipSpace();
    if (at(m_pos) != u'$')
        return fail(m_pos);
    std::unique_ptr<Reference> ref;
    if (!parseReference(&ref))
        return false;
    if (!ref)
        return fail(m_pos);
    // 1.7 reads #set($a.b() = 1) as setting the property b
    if (!ref->accessors.empty() && ref->accessors.back().kind == Accessor::Kind::Method) {
        ref->accessors.back().kind = Accessor::Kind::Property;
        ref->accessors.back().args.clear();
    }
    node->ref = std::move(ref);
    skipSpace();
    if (at(m_pos) != u'=')
        return fail(m_pos);
    ++m_pos;
    skipSpace();
    if (!parseClosedExpr(&node->expr))
        return false;
    gobbleLineEnd();
    return true;
}

bool Parser::parseIf(Node *node, int depth)
{
    node->kind = Node::Kind::If;
    ExprPtr cond;
    if (!parseClosedExpr(&cond))
        return false;
    gobbleLineEnd();
    for (;;) {
        IfBranch branch;
        branch.condition = std::move(cond);
        Terminator t;
        ExprPtr next;
        if (!parseBlock(&branch.body, depth + 1, &t, &next))
            return false;
        node->branches.push_back(std::move(branch));
        if (t == Terminator::End)
            return true;
        if (t == Terminator::ElseIf) {
            cond = std::move(next);
            continue;
        }
        // #else: the last branch, which must end with #end
        IfBranch elseBranch;
        if (!parseBlock(&elseBranch.body, depth + 1, &t, &next))
            return false;
        if (t != Terminator::End)
            return fail(m_lastTerminatorStart);
        node->branches.push_back(std::move(elseBranch));
        return true;
    }
}

// The variable a #foreach or #define binds: `$name` or `${name}`, after optional spaces.
bool Parser::parseBoundVariable(Node *node)
{
    skipSpace();
    if (at(m_pos) != u'$')
        return fail(m_pos);
    qsizetype p = m_pos + 1;
    const bool braced = at(p) == u'{';
    if (braced)
        ++p;
    const qsizetype e = identEnd(p);
    if (e == p)
        return fail(m_pos);
    node->text = m_src.mid(p, e - p);
    node->slot = m_data->slotOf(node->text);
    m_pos = e;
    if (braced) {
        if (at(m_pos) != u'}')
            return fail(m_pos);
        ++m_pos;
    }
    return true;
}

bool Parser::parseForeach(Node *node, int depth)
{
    node->kind = Node::Kind::Foreach;
    if (!parseBoundVariable(node))
        return false;
    skipSpace();
    if (!(at(m_pos) == u'i' && at(m_pos + 1) == u'n' && !isWordPart(at(m_pos + 2))))
        return fail(m_pos);
    m_pos += 2;
    skipSpace();
    if (!parseClosedExpr(&node->expr))
        return false;
    gobbleLineEnd();
    node->body = std::make_unique<Block>();
    return parseBodyToEnd(node->body.get(), depth);
}

bool Parser::parseDefine(Node *node, int depth)
{
    node->kind = Node::Kind::Define;
    if (!parseBoundVariable(node))
        return false;
    skipSpace();
    if (at(m_pos) != u')')
        return fail(m_pos);
    ++m_pos;
    gobbleLineEnd();
    node->body = std::make_unique<Block>();
    return parseBodyToEnd(node->body.get(), depth);
}

bool Parser::parseMacroDefinition(int depth)
{
    skipSpace();
    const qsizetype nameEnd = identEnd(m_pos);
    if (nameEnd == m_pos)
        return fail(m_pos);
    auto macro = std::make_shared<Macro>();
    macro->name = m_src.mid(m_pos, nameEnd - m_pos);
    m_pos = nameEnd;
    for (;;) {
        skipSpace();
        if (at(m_pos) == u',') {
            ++m_pos;
            continue;
        }
        if (at(m_pos) == u')') {
            ++m_pos;
            break;
        }
        if (at(m_pos) != u'$')
            return fail(m_pos);
        qsizetype p = m_pos + 1;
        const bool braced = at(p) == u'{';
        if (braced)
            ++p;
        const qsizetype e = identEnd(p);
        if (e == p)
            return fail(m_pos);
        macro->params.append(m_src.mid(p, e - p));
        macro->paramSlots.append(m_data->slotOf(macro->params.last()));
        m_pos = e;
        if (braced) {
            if (at(m_pos) != u'}')
                return fail(m_pos);
            ++m_pos;
        }
    }
    gobbleLineEnd();
    // Registered before the body is parsed so the body may call itself without parentheses.
    m_data->macros.insert(macro->name, macro);
    return parseBodyToEnd(&macro->body, depth);
}

} // namespace Detail

QRegularExpression compileJavaRegex(const QString &pattern, bool anchored)
{
    const QString p = anchored ? QRegularExpression::anchoredPattern(pattern) : pattern;
    return QRegularExpression(p);
}

std::shared_ptr<TemplateData> parseTemplate(const QString &source, VtlError *error)
{
    auto data = std::make_shared<TemplateData>();
    data->source = source;
    Parser parser(source, data.get(), 1, 1);
    if (!parser.parseAll(&data->root)) {
        if (error)
            *error = parser.error;
        return nullptr;
    }
    return data;
}

} // namespace Gatehouse::Vtl
