#include "transpile.h"

#include "jsclasses.h"
#include "jsmodules.h"
#include "jsprivate.h"
#include "jstokens.h"

#include <QList>
#include <QStringList>

#include <algorithm>
#include <utility>

namespace Gatehouse::Functions {

namespace {

QString transpileFragment(const QString &source, bool inAsync, bool asyncGenerator);

class Rewriter : private TokenQueries
{
public:
    Rewriter(const QString &s, QList<Token> tokens, bool asyncGenerator = false)
        : TokenQueries(std::move(tokens)), m_s(s), m_asyncGenerator(asyncGenerator)
    {}

    QString run(bool inAsync, bool topLevel)
    {
        // From the first character: comments before the first token keep their lines.
        QString out = rewrite(0, int(m_t.size()), inAsync, topLevel, 0);
        if (topLevel && m_esModule && m_awaitOutside) {
            // An ES module with top-level await: its body runs in an async function, which the
            // runtime waits for before the handler is called (runtimescript.cpp, load).
            Rewriter again(m_s, m_t);
            const QString body = again.rewrite(0, int(m_t.size()), true, true, 0);
            return QStringLiteral("Object.defineProperty(exports, '__gatehouseTopLevelAwait', { value: "
                                  "__awaiter(this, [], function* () {") +
                   body + again.exportsEpilogue() + QStringLiteral("\n}) });");
        }
        if (topLevel && m_esModule) {
            // An ES module's body in a block: Node gives such a module no __dirname or
            // __filename, and it commonly declares its own (`const __dirname = ...`), which the
            // CommonJS wrapper's parameters of those names would otherwise refuse.
            return u'{' + out + exportsEpilogue() + QStringLiteral("\n}");
        }
        return out + exportsEpilogue();
    }

    // The module's exports, after its body: export declarations and lists, and the mark that
    // makes import treat it as a namespace.
    QString exportsEpilogue() const
    {
        QString out;
        if (!m_exports.isEmpty() || !m_exportAliases.isEmpty() || m_esModule) {
            out += u'\n';
            for (const QString &name : std::as_const(m_exports))
                out += QStringLiteral(";exports.%1 = %1;").arg(name);
            for (const auto &[exported, local] : std::as_const(m_exportAliases))
                out += u';' + exportTarget(exported) + QStringLiteral(" = ") + local + u';';
            // What import and import() make of it: a namespace, not a CommonJS module.
            out += QStringLiteral(";__markModule(exports);");
        }
        return out;
    }

private:
    // Source text from the start of token `from` up to the start of token `to` (or the end).
    int startOf(int i) const { return i < m_t.size() ? m_t[i].start : int(m_s.size()); }

    // exports.name, or exports['a-b'] for a name exported as a string.
    static QString exportTarget(const QString &name)
    {
        return name.startsWith(u'"') || name.startsWith(u'\'') ? QStringLiteral("exports[%1]").arg(name)
                                                               : QStringLiteral("exports.") + name;
    }

    // An import, or an export of a list or a module (see jsmodules.h), as CommonJS on one line:
    //   import X, { a, b as c } from 'm'  ->  const __im1 = __importNamespace(require('m')),
    //                                         X = __im1.default, { a, b: c } = __im1;
    //   export { a, b as c } from 'm'     ->  const __im2 = ...; exports.a = __im2.a; ...
    //   export * from 'm'                 ->  __exportStar(exports, require('m'));
    //   export { a, b as c }              ->  at the end: exports.a = a; exports.c = b;
    QString moduleStatement(const ModuleStatement &st)
    {
        const QString module = QStringLiteral("__importNamespace(require(%1))").arg(st.source);
        QStringList pattern;
        for (const auto &[name, bound] : st.names)
            pattern << (name == bound ? bound : name + QStringLiteral(": ") + bound);
        switch (st.kind) {
        case ModuleStatement::Import: {
            if (st.defaultName.isEmpty() && st.namespaceName.isEmpty() && st.names.isEmpty())
                return QStringLiteral("require(%1);").arg(st.source);
            if (st.defaultName.isEmpty() && st.namespaceName.isEmpty())
                return QStringLiteral("const { %1 } = %2;").arg(pattern.join(QStringLiteral(", ")), module);
            const QString tmp = QStringLiteral("__im%1").arg(++m_imports);
            QStringList declarations{tmp + QStringLiteral(" = ") + module};
            if (!st.defaultName.isEmpty())
                declarations << st.defaultName + QStringLiteral(" = ") + tmp + QStringLiteral(".default");
            if (!st.namespaceName.isEmpty())
                declarations << st.namespaceName + QStringLiteral(" = ") + tmp;
            if (!pattern.isEmpty())
                declarations << QStringLiteral("{ %1 } = %2").arg(pattern.join(QStringLiteral(", ")), tmp);
            return QStringLiteral("const ") + declarations.join(QStringLiteral(", ")) + u';';
        }
        case ModuleStatement::ExportAll:
            if (!st.namespaceName.isEmpty())
                return exportTarget(st.namespaceName) + QStringLiteral(" = ") + module + u';';
            return QStringLiteral("__exportStar(exports, require(%1));").arg(st.source);
        case ModuleStatement::ExportList:
            if (st.source.isEmpty()) {
                for (const auto &[local, exported] : st.names)
                    m_exportAliases.append({exported, local});
                return QString();
            }
            const QString tmp = QStringLiteral("__im%1").arg(++m_imports);
            QString out = QStringLiteral("const %1 = %2;").arg(tmp, module);
            for (const auto &[name, exported] : st.names) {
                const bool quoted = name.startsWith(u'"') || name.startsWith(u'\'');
                const QString from = quoted ? QString(tmp + u'[' + name + u']') : QString(tmp + u'.' + name);
                out += u' ' + exportTarget(exported) + QStringLiteral(" = ") + from + u';';
            }
            return out;
        }
        return QString();
    }

    QString asyncBody(int open)
    {
        return rewrite(open + 1, m_t[open].match, true, false, m_t[open].end);
    }

    // The body of an async function or method, from its `{`: run by __awaiter, or by
    // __asyncGenerator for an async generator.
    // In a method (`method`), `super` in the body, which the generator function cannot see, is
    // read through an arrow function made in the method: super.m(a) -> __superGet("m").call(this, a).
    QString asyncFunctionBody(int open, bool generator, bool method = false)
    {
        bool usesSuper = false;
        for (int k = open + 1; method && k < m_t[open].match && !usesSuper; ++k)
            usesSuper = is(k, "super") && (is(k + 1, ".") || is(k + 1, "["));
        const bool outerGenerator = std::exchange(m_asyncGenerator, generator);
        const bool outerSuper = std::exchange(m_superThroughGetter, usesSuper);
        const int outerBody = std::exchange(m_generatorBody, generator ? open : -1);
        QString body = asyncBody(open);
        m_asyncGenerator = outerGenerator;
        m_superThroughGetter = outerSuper;
        m_generatorBody = outerBody;
        return (usesSuper ? QStringLiteral("{ const __superGet = (k) => super[k]; return ") : QStringLiteral("{ return ")) +
               QLatin1String(generator ? "__asyncGenerator(this, arguments, function* () {"
                                       : "__awaiter(this, arguments, function* () {") +
               body + QStringLiteral("}); }");
    }

    QStringView gap(int a, int b) const // the text between tokens a and b
    {
        return QStringView(m_s).mid(m_t[a].end, startOf(b) - m_t[a].end);
    }

    // {a: 1, ...b, c} -> Object.assign({}, {a: 1}, b, {c}): the same properties in the same
    // order, each expression evaluated once and in order.
    QString objectSpread(int open, bool inAsync)
    {
        QString out = QStringLiteral("Object.assign({}");
        bool chunk = false;
        for (const auto &[s, c] : entries(open)) {
            const QStringView sep = gap(s - 1, s);
            if (s == c) {
                out += sep;
            } else if (is(s, "...")) {
                if (chunk)
                    out += u'}';
                chunk = false;
                out += u',' + sep.toString() + rewrite(s + 1, c, inAsync, false);
            } else {
                out += chunk ? QStringLiteral(",") : QStringLiteral(", {");
                chunk = true;
                out += sep + rewrite(s, c, inAsync, false);
            }
        }
        if (chunk)
            out += u'}';
        return out + u')';
    }

    // {a, [k]: b, ...rest} -> {a, [__restKey(k)]: b, [__rest(["a"], 1)]: rest}: the runtime's
    // __rest returns a symbol whose getter on Object.prototype builds the rest of the object
    // being destructured, so the pattern stays where it is (parameters, declarations, loops).
    QString objectRest(int open, bool inAsync)
    {
        QString out = QStringLiteral("{");
        QStringList keys;
        int computed = 0;
        bool first = true;
        for (const auto &[s, c] : entries(open)) {
            const QStringView sep = gap(s - 1, s);
            if (s == c) {
                out += sep;
                continue;
            }
            if (!first)
                out += u',';
            first = false;
            out += sep;
            if (is(s, "...")) {
                out += QStringLiteral("[__rest([%1], %2)]: ").arg(keys.join(QLatin1String(", ")))
                           .arg(computed) +
                       rewrite(s + 1, c, inAsync, false);
            } else if (is(s, "[") && m_t[s].match > s && m_t[s].match < c) {
                ++computed;
                out += QStringLiteral("[__restKey(") + rewrite(s + 1, m_t[s].match, inAsync, false) +
                       QStringLiteral(")]") + rewrite(m_t[s].match + 1, c, inAsync, false);
            } else {
                const Token &key = m_t[s];
                keys << (key.kind == Token::Ident ? u'"' + key.text.toString() + u'"'
                                                  : key.text.toString());
                out += rewrite(s, c, inAsync, false);
            }
        }
        return out + u'}';
    }

    // `${...}` parts of a template literal, rewritten like any other expression.
    QString templateLiteral(int i, bool inAsync) const
    {
        const QString text = m_t[i].text.toString();
        QString out;
        int cursor = 0;
        for (const auto &[start, end] : templateParts(text)) {
            out += QStringView(text).mid(cursor, start - cursor);
            out += transpileFragment(text.mid(start, end - start), inAsync, m_asyncGenerator);
            cursor = end;
        }
        return out + QStringView(text).mid(cursor);
    }

    // A class with fields or static blocks (see transpile.h), from its `class` keyword to its
    // closing brace; `declaration` when it stands as a statement.
    QString classWithFields(int at, const ClassShape &c, bool declaration)
    {
        const QString ref = c.name >= 0 ? m_t[c.name].text.toString()
                                        : QStringLiteral("__ghClass%1").arg(++m_classes);
        // Each field and static block becomes a static method: __gh_fN for an instance field
        // (the constructor calls it on the new object), __gh_sN for the static ones (called
        // once the class is defined, in order).
        QStringList names;    // per element, the method's name or nothing
        QStringList instance; // the constructor's calls
        QStringList statics;  // quoted names
        for (const ClassElement &e : c.elements) {
            const bool init = e.kind == ClassElement::Field || e.kind == ClassElement::StaticBlock;
            names << (init ? QStringLiteral("__gh_%1%2").arg(QLatin1String(e.isStatic ? "s" : "f")).arg(names.size())
                           : QString());
            if (init && e.isStatic)
                statics << u'"' + names.last() + u'"';
            else if (init)
                instance << ref + u'.' + names.last() + QStringLiteral(".call(this)");
        }
        const QString initCalls = instance.join(QStringLiteral(", "));

        QString out;
        if (!statics.isEmpty() && !declaration)
            out += QStringLiteral("__classStatics(");
        out += QStringLiteral("class");
        if (c.name < 0)
            out += u' ' + ref;
        out += rewrite(at + 1, c.open, false, false, m_t[at].end) + u'{';
        if (c.constructor < 0 && !instance.isEmpty()) {
            out += c.derived ? QStringLiteral(" constructor(...args) { super(...args); %1; }").arg(initCalls)
                             : QStringLiteral(" constructor() { %1; }").arg(initCalls);
        }
        out += gap(c.open, c.open + 1);
        for (int k = 0; k < c.elements.size(); ++k) {
            const ClassElement &e = c.elements[k];
            if (e.kind == ClassElement::StaticBlock) {
                out += QStringLiteral("static ") + names[k] + QStringLiteral("() ") +
                       rewrite(e.key, e.end, false, false);
            } else if (e.kind == ClassElement::Field) {
                const Token &key = m_t[e.key];
                const bool hidden = key.kind == Token::Ident && isRenamedPrivateName(key.text);
                QString keyText;
                if (key.text == u"[")
                    keyText = rewriteTokens(e.key + 1, e.keyEnd - 1, false);
                else if (key.kind == Token::Ident)
                    keyText = u'"' + key.text.toString() + u'"';
                else
                    keyText = key.text.toString();
                const QString value = e.init >= 0 ? u'(' + rewriteTokens(e.init, e.initEnd, false) + u')'
                                                  : QStringLiteral("undefined");
                out += QStringLiteral("static %1() { __field(this, %2, %3%4); }")
                           .arg(names[k], keyText, value, hidden ? QStringLiteral(", true") : QString()) +
                       gap(e.end - 1, e.end);
            } else if (k != c.constructor || instance.isEmpty()) {
                out += rewrite(e.start, e.end, false, false);
            } else if (c.derived) {
                // super(...) -> (super(...), C.__gh_f0.call(this), ..., this)
                const int paren = c.superCall + 1;
                const int parenClose = m_t[paren].match;
                out += rewrite(e.start, c.superCall, false, false) + QStringLiteral("(super") +
                       rewriteTokens(paren, parenClose + 1, false) + QStringLiteral(", ") + initCalls +
                       QStringLiteral(", this)") +
                       rewrite(parenClose + 1, e.end, false, false, m_t[parenClose].end);
            } else {
                out += rewrite(e.start, e.bodyOpen + 1, false, false) + initCalls + QStringLiteral("; ") +
                       rewrite(e.bodyOpen + 1, e.end, false, false);
            }
        }
        out += u'}';
        if (!statics.isEmpty()) {
            out += declaration ? QStringLiteral(";__classStatics(%1, [%2]);").arg(ref, statics.join(u','))
                               : QStringLiteral(", [%1])").arg(statics.join(u','));
        }
        return out;
    }

    // Rewrites tokens [from, to), keeping the text between them.
    // `textStart`: where the text begins when not at token `from` (a body's first line break).
    // rewrite() of tokens [from, to) without the text that follows the last one (the spaces
    // and comments before token `to`, which the caller writes after its own closing text).
    QString rewriteTokens(int from, int to, bool inAsync)
    {
        QString text = rewrite(from, to, inAsync, false);
        const QStringView gap = QStringView(m_s).mid(m_t[to - 1].end, startOf(to) - m_t[to - 1].end);
        if (text.endsWith(gap))
            text.chop(gap.size());
        return text;
    }

    QString rewrite(int from, int to, bool inAsync, bool topLevel, int textStart = -1)
    {
        QString out;
        int cursor = textStart >= 0 ? textStart : startOf(from);
        auto flush = [&](int upTo) {
            out += QStringView(m_s).mid(cursor, upTo - cursor);
        };
        for (int i = from; i < to; ++i) {
            const Token &t = m_t[i];
            // { a, __proto__: P } sets the object's prototype, which Qt 6.4's engine ignores:
            // __withProto({ a }, P).
            if (t.kind == Token::Punct && t.text == u"{" && t.match > i && t.match < to && !isPattern(i)) {
                const QList<std::pair<int, int>> list = entries(i);
                const auto proto = std::find_if(list.cbegin(), list.cend(), [this](const std::pair<int, int> &e) {
                    const QStringView key = m_t[e.first].text;
                    return e.second > e.first + 2 && is(e.first + 1, ":") &&
                           (key == u"__proto__" || key == u"'__proto__'" || key == u"\"__proto__\"");
                });
                if (proto != list.cend()) {
                    const int close = t.match;
                    const auto [first, end] = *proto;
                    flush(t.start);
                    out += QStringLiteral("__withProto(") + rewrite(i, first, inAsync, false) +
                           (end < close ? rewriteTokens(end + 1, close + 1, inAsync) : QStringLiteral("}")) +
                           QStringLiteral(", (") + rewriteTokens(first + 2, end, inAsync) + QStringLiteral("))");
                    cursor = m_t[close].end;
                    i = close;
                    continue;
                }
            }
            if (t.kind == Token::Punct && t.text == u"{" && t.match > i && t.match < to &&
                hasOwnSpread(i)) {
                flush(t.start);
                out += isPattern(i) ? objectRest(i, inAsync) : objectSpread(i, inAsync);
                cursor = m_t[t.match].end;
                i = t.match;
                continue;
            }
            if (t.kind == Token::Template && t.text.contains(QLatin1String("${"))) {
                flush(t.start);
                out += templateLiteral(i, inAsync);
                cursor = t.end;
                continue;
            }
            if (t.kind == Token::Number && isBigIntLiteral(t.text)) {
                // 10n: the engine has no BigInt; the module loads, and the runtime says so if
                // such a value is ever made.
                flush(t.start);
                out += QStringLiteral("__bigInt(\"") + t.text.chopped(1).toString().remove(u'_') +
                       QStringLiteral("\")");
                cursor = t.end;
                continue;
            }
            if (t.kind == Token::Number && t.text.contains(u'_')) { // 1_000 (ES2021)
                flush(t.start);
                out += t.text.toString().remove(u'_');
                cursor = t.end;
                continue;
            }
            if (t.kind == Token::Punct && logicalAssignment(i) && cursor <= m_t[i].start) {
                const int left = assignmentTarget(i);
                if (left >= 0 && m_t[left].start >= cursor) {
                    flush(m_t[left].start);
                    const QString target =
                        QStringView(m_s).mid(m_t[left].start, m_t[i - 1].end - m_t[left].start).toString();
                    const int end = statementEnd(i + 3, to);
                    const QString op = t.text == u"?" ? QStringLiteral(" ?? ") : t.text + t.text;
                    out += target + (op.startsWith(u' ') ? op : u' ' + op + u' ') + u'(' + target +
                           QStringLiteral(" = ") + rewrite(i + 3, end, inAsync, false).trimmed() + u')';
                    const QString tail = QStringView(m_s).mid(m_t[end - 1].end, startOf(end) - m_t[end - 1].end).toString();
                    out += tail;
                    cursor = startOf(end);
                    i = end - 1;
                    continue;
                }
            }
            // Qt 6.4's engine loses the store of an assignment whose value strict code returns
            // straight from a call (`return o.p = f()`, `(k) => cache[k] = f(k)`): it compiles
            // the call as a tail call. Returned through an array the value is the same and the
            // call is not in tail position.
            // Writes tokens [i + 1, end) as `[(...)][0]` when they hold an assignment.
            auto throughArray = [&](int end) {
                if (end <= i + 1 || !hasTopLevelAssignment(i + 1, end))
                    return false;
                flush(m_t[i + 1].start);
                out += QStringLiteral("[(") + rewriteTokens(i + 1, end, inAsync) + QStringLiteral(")][0]");
                cursor = m_t[end - 1].end;
                i = end - 1;
                return true;
            };
            if (t.kind == Token::Punct && t.text == u"=>" && i + 1 < to && !is(i + 1, "{") &&
                cursor <= m_t[i + 1].start && throughArray(statementEnd(i + 1, to)))
                continue;
            if (t.kind != Token::Ident)
                continue;
            const bool member = i > 0 && (is(i - 1, ".") || is(i - 1, "?."));
            if (member)
                continue;
            if (t.text == u"class" && !is(i + 1, ":") && !is(i + 1, "(") && cursor <= t.start) {
                if (const std::optional<ClassShape> shape = Functions::classWithFields(m_t, i, to)) {
                    const bool declaration = i == 0 || is(i - 1, ";") || is(i - 1, "{") || is(i - 1, "}") ||
                                             is(i - 1, "export") || startsStatementAfterExpression(i) ||
                                             // export default class NAME stays a declaration
                                             (is(i - 1, "default") && is(i - 2, "export") && shape->name >= 0);
                    flush(t.start);
                    out += classWithFields(i, *shape, declaration);
                    cursor = m_t[shape->close].end;
                    i = shape->close;
                    continue;
                }
            }
            if (t.text == u"return" && i + 1 < to && !m_t[i + 1].newlineBefore && !is(i + 1, ";") &&
                !is(i + 1, "}") && !is(i + 1, ":") && cursor <= m_t[i + 1].start &&
                throughArray(statementEnd(i + 1, to)))
                continue;
            if (topLevel && (t.text == u"import" || (t.text == u"export" && (is(i + 1, "{") || is(i + 1, "*"))))) {
                if (const std::optional<ModuleStatement> st = readModuleStatement(m_t, i, to)) {
                    flush(t.start);
                    out += moduleStatement(*st);
                    // The statement's line breaks stay, so the lines after it keep their numbers.
                    const int last = m_t[st->end - 1].end;
                    out += QString(QStringView(m_s).mid(t.start, last - t.start).count(u'\n'), u'\n');
                    cursor = last;
                    i = st->end - 1;
                    m_esModule = true;
                    continue;
                }
            }
            // export default function NAME / class NAME: the declaration stays (its name is used
            // in the module) and NAME is the default export; other defaults are expressions.
            if (topLevel && t.text == u"export" && is(i + 1, "default")) {
                m_esModule = true;
                int k = i + 2;
                if (is(k, "async") && is(k + 1, "function"))
                    ++k;
                int nameAt = is(k, "function") && is(k + 1, "*") ? k + 2 : k + 1;
                flush(t.start);
                if ((is(k, "function") || is(k, "class")) && isIdent(nameAt) && !is(nameAt, "extends")) {
                    m_exportAliases.append({QStringLiteral("default"), m_t[nameAt].text.toString()});
                    cursor = m_t[i + 2].start;
                } else {
                    out += QStringLiteral("module.exports.default =");
                    cursor = m_t[i + 1].end;
                }
                ++i;
                continue;
            }
            // export const|let|var|function|class ...: the declaration, and its names exported
            // at the end. (A method or key called export is none of these.)
            if (topLevel && t.text == u"export") {
                int k = i + 1;
                if (is(k, "async"))
                    ++k;
                if (is(k, "const") || is(k, "let") || is(k, "var")) {
                    m_exports << declaredNames(k + 1, to);
                } else if (is(k, "function") || is(k, "class")) {
                    const int nameAt = is(k + 1, "*") ? k + 2 : k + 1;
                    if (isIdent(nameAt))
                        m_exports << m_t[nameAt].text.toString();
                } else {
                    continue;
                }
                m_esModule = true;
                flush(t.start);
                cursor = m_t[i + 1].start;
                continue;
            }
            if (t.text == u"import" && is(i + 1, ".") && is(i + 2, "meta")) { // the module's own file
                flush(t.start);
                out += QStringLiteral("__importMeta(module)");
                cursor = m_t[i + 2].end;
                i += 2;
                continue;
            }
            if (t.text == u"import" && is(i + 1, "(") && m_t[i + 1].match > i + 1 &&
                !is(m_t[i + 1].match + 1, "{")) { // import(x), not a method named import
                flush(t.start);
                out += QStringLiteral("__import(require, ");
                cursor = m_t[i + 1].end;
                ++i;
                continue;
            }
            if (t.text == u"catch" && is(i + 1, "{")) { // ES2019's optional catch binding
                flush(t.end);
                out += QStringLiteral(" (__unusedCatchBinding)");
                cursor = t.end;
                continue;
            }
            // for await (DECL of EXPR) BODY in an async body, BODY a block or an expression
            // statement (another statement as the body, or a loop outside an async body, is left
            // as written):
            //   { var __aiN = __asyncIterator(EXPR), __arN, __abN = false;
            //     try { for (; !(__abN = false, __arN = (yield __aiN.next())).done; )
            //           { __abN = true; DECL = __arN.value; BODY } }
            //     finally { if (__abN && __aiN.return) (yield __aiN.return()); } }
            // __abN is set while BODY runs: leaving it by break, return or throw closes the
            // iterator, as the language does (a failing next() does not). A label moves to the
            // inner loop, for `continue label`.
            if (t.text == u"for" && inAsync && is(i + 1, "await") && is(i + 2, "(") && m_t[i + 2].match > 0 &&
                m_t[i + 2].match + 1 < to && forAwaitBodyEnd(m_t[i + 2].match + 1, to) > 0) {
                const int open = i + 2;
                const int close = m_t[open].match;
                int of = -1;
                for (int j = open + 1; j < close; ++j) {
                    if (m_t[j].match > j) {
                        j = m_t[j].match;
                        continue;
                    }
                    if (isIdent(j) && m_t[j].text == u"of" && m_t[j].parent == open) {
                        of = j;
                        break;
                    }
                }
                if (of > open + 1 && of + 1 < close) {
                    const bool labelled = is(i - 1, ":") && isIdent(i - 2) && i - 2 >= from &&
                                          cursor <= m_t[i - 2].start && !is(i - 3, "case") &&
                                          (i - 3 < 0 || is(i - 3, ";") || is(i - 3, "{") || is(i - 3, "}") ||
                                           m_t[i - 2].newlineBefore);
                    const int body = close + 1;
                    const int bodyEnd = forAwaitBodyEnd(body, to); // exclusive
                    const QString n = QString::number(++m_loops);
                    const QString it = QStringLiteral("__ai") + n;
                    const QString step = QStringLiteral("__ar") + n;
                    const QString inBody = QStringLiteral("__ab") + n;
                    auto awaited = [this](const QString &x) {
                        return m_asyncGenerator ? QStringLiteral("(yield __await(%1))").arg(x)
                                                : QStringLiteral("(yield %1)").arg(x);
                    };
                    flush(labelled ? m_t[i - 2].start : t.start);
                    out += QStringLiteral("{ var %1 = __asyncIterator(").arg(it) +
                           rewrite(of + 1, close, true, false).trimmed() +
                           QStringLiteral("), %1, %2 = false; try { ").arg(step, inBody) +
                           (labelled ? m_t[i - 2].text + QStringLiteral(": ") : QString()) +
                           QStringLiteral("for (; !(%1 = false, %2 = %3).done; ) { %1 = true; ")
                               .arg(inBody, step, awaited(it + QStringLiteral(".next()"))) +
                           rewrite(open + 1, of, true, false).trimmed() +
                           QStringLiteral(" = %1.value;").arg(step) +
                           (is(body, "{") ? asyncBody(body) : u' ' + rewriteTokens(body, bodyEnd, true)) +
                           QStringLiteral("} } finally { if (%1 && %2.return) %3; } }")
                               .arg(inBody, it, awaited(it + QStringLiteral(".return()")));
                    cursor = m_t[bodyEnd - 1].end;
                    i = bodyEnd - 1;
                    continue;
                }
            }
            if (t.text == u"super" && m_superThroughGetter && (is(i + 1, ".") || is(i + 1, "["))) {
                // super.name / super[key], and a call of it with `this` kept
                int after;
                QString key;
                if (is(i + 1, ".") && isIdent(i + 2)) {
                    key = u'"' + m_t[i + 2].text.toString() + u'"';
                    after = i + 3;
                } else if (is(i + 1, "[") && m_t[i + 1].match > i + 1) {
                    key = rewriteTokens(i + 2, m_t[i + 1].match, inAsync);
                    after = m_t[i + 1].match + 1;
                } else {
                    continue;
                }
                flush(t.start);
                out += QStringLiteral("__superGet(") + key + u')';
                if (is(after, "(") && m_t[after].match > after && m_t[after].match < to) {
                    const int close = m_t[after].match;
                    out += QStringLiteral(".call(this");
                    if (close > after + 1)
                        out += QStringLiteral(", ") + rewriteTokens(after + 1, close, inAsync);
                    out += u')';
                    after = close + 1;
                }
                cursor = m_t[after - 1].end;
                i = after - 1;
                continue;
            }
            // yield* in an async generator (not in a function inside it) delegates to an async
            // iterable: __asyncDelegate turns its steps into awaits and values.
            if (t.text == u"yield" && is(i + 1, "*") && m_asyncGenerator && innermostFunctionBody(i) == m_generatorBody) {
                const int end = expressionEnd(i + 2, to);
                if (end > i + 2) {
                    flush(t.start);
                    out += QStringLiteral("yield* __asyncDelegate(") + rewriteTokens(i + 2, end, inAsync) + u')';
                    cursor = m_t[end - 1].end;
                    i = end - 1;
                    continue;
                }
            }
            if (t.text == u"await" && is(i + 1, ":"))
                continue; // a key called await
            if (t.text == u"await" && !inAsync)
                m_awaitOutside = true; // top-level await, in an ES module
            if (t.text == u"await" && inAsync && !is(i - 1, "for")) {
                const int end = unaryEnd(i + 1, to);
                if (end <= i + 1)
                    continue;
                flush(t.start);
                // Closed right after the operand: the line break after it may end the statement.
                const QString operand = rewriteTokens(i + 1, end, true);
                if (startsStatementAfterExpression(i))
                    out += u';'; // else `f()\n(yield x)` would call f's result
                out += m_asyncGenerator ? QStringLiteral("(yield __await(") + operand + QStringLiteral("))")
                                        : QStringLiteral("(yield ") + operand + QStringLiteral(")");
                cursor = m_t[end - 1].end;
                i = end - 1;
                continue;
            }
            if (t.text != u"async" || i + 1 >= to)
                continue;
            const Token &next = m_t[i + 1];
            // async function [name](params) { body }, and async function* (an async generator:
            // `yield` gives values, `await x` becomes `yield __await(x)`)
            if (next.text == u"function") {
                const bool generator = is(i + 2, "*");
                int p = generator ? i + 3 : i + 2;
                if (isIdent(p))
                    ++p;
                if (!is(p, "(") || m_t[p].match < 0 || !is(m_t[p].match + 1, "{"))
                    continue;
                const int open = m_t[p].match + 1;
                const int close = m_t[open].match;
                if (close < 0 || close >= to)
                    continue;
                flush(t.start);
                out += QStringLiteral("function");
                if (p > (generator ? i + 3 : i + 2))
                    out += u' ' + m_t[p - 1].text.toString();
                out += rewrite(p, open, false, false, m_t[p - 1].end);
                out += asyncFunctionBody(open, generator);
                cursor = m_t[close].end;
                i = close;
                continue;
            }
            // async (params) => body, async x => body
            int arrow = -1;
            int paramsEnd = -1;
            if (next.text == u"(" && next.match > 0 && is(next.match + 1, "=>")) {
                arrow = next.match + 1;
                paramsEnd = next.match + 1;
            } else if (next.kind == Token::Ident && is(i + 2, "=>")) {
                arrow = i + 2;
                paramsEnd = i + 2;
            }
            if (arrow > 0 && arrow + 1 < to) {
                flush(t.start);
                const bool parenthesised = next.text == u"(";
                out += parenthesised ? rewrite(i + 1, paramsEnd, false, false)
                                     : u'(' + next.text.toString() + u')';
                out += QStringLiteral(" => ");
                const int body = arrow + 1;
                if (is(body, "{") && m_t[body].match > body) {
                    const bool outer = std::exchange(m_asyncGenerator, false);
                    out += QStringLiteral("__awaiter(this, arguments, function* () {") +
                           asyncBody(body) + QStringLiteral("})");
                    m_asyncGenerator = outer;
                    cursor = m_t[m_t[body].match].end;
                    i = m_t[body].match;
                } else {
                    const int end = expressionEnd(body, to);
                    const bool outer = std::exchange(m_asyncGenerator, false);
                    out += QStringLiteral("__awaiter(this, arguments, function* () { return (") +
                           rewrite(body, end, true, false) + QStringLiteral("); })");
                    m_asyncGenerator = outer;
                    cursor = startOf(end);
                    i = end - 1;
                }
                continue;
            }
            // async name(params) { body }, async *name(params) { body }: a method of an object
            // literal or a class (a name, string, number or [computed])
            const bool generator = next.text == u"*";
            const int key = generator ? i + 2 : i + 1;
            int keyEnd = -1;
            if (is(key, "[") && m_t[key].match > key)
                keyEnd = m_t[key].match + 1;
            else if (key < to && (m_t[key].kind == Token::Ident || m_t[key].kind == Token::String ||
                                  m_t[key].kind == Token::Number))
                keyEnd = key + 1;
            if (keyEnd > 0 && is(keyEnd, "(") && m_t[keyEnd].match > keyEnd && is(m_t[keyEnd].match + 1, "{") &&
                !m_t[i + 1].newlineBefore) {
                const int open = m_t[keyEnd].match + 1;
                const int close = m_t[open].match;
                if (close < 0 || close >= to)
                    continue;
                flush(t.start);
                out += rewrite(key, open, false, false) + asyncFunctionBody(open, generator, true);
                cursor = m_t[close].end;
                i = close;
                continue;
            }
        }
        flush(startOf(to));
        return out;
    }

    const QString &m_s;
    QStringList m_exports;
    int m_loops = 0;   // for await loops rewritten, for their variables' names
    int m_classes = 0; // anonymous classes named, for their names
    int m_imports = 0; // namespaces of imported modules, for their names
    bool m_esModule = false; // the file has import or export statements
    bool m_awaitOutside = false; // an await outside any async function
    QList<std::pair<QString, QString>> m_exportAliases; // export { local as exported }
    bool m_asyncGenerator = false; // rewriting an async generator's body
    int m_generatorBody = -1;      // that body's `{`
    bool m_superThroughGetter = false; // rewriting an async method's body that uses super
};

QString transpileFragment(const QString &source, bool inAsync, bool asyncGenerator)
{
    Rewriter rewriter(source, lexJavaScript(source), asyncGenerator);
    return rewriter.run(inAsync, false);
}

} // namespace

QString transpileForEngine(const QString &text)
{
    // A script's `#!` line, which Node skips, as a comment; private names as properties.
    const QString source =
        renamePrivateNames(text.startsWith(QLatin1String("#!")) ? QStringLiteral("//") + text.mid(2) : text);
    static const char *const triggers[] = {"async", "export", "...", "catch", "${", "?\?=", "||=", "&&=",
                                           "use strict", "for await", "class", "import", "__proto__"};
    bool needed = false;
    for (const char *word : triggers)
        needed = needed || source.contains(QLatin1String(word));
    for (qsizetype i = 1; !needed && i + 1 < source.size(); ++i)
        needed = (source[i] == u'_' && source[i - 1].isDigit() && source[i + 1].isDigit()) ||
                 (source[i] == u'n' && source[i - 1].isDigit() && !source[i + 1].isLetterOrNumber());
    if (!needed)
        return source;
    Rewriter rewriter(source, lexJavaScript(source));
    return rewriter.run(false, true);
}

} // namespace Gatehouse::Functions
