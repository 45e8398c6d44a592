// Thread affinity: any thread (pure functions).
// Questions the transpiler's rewrites ask about a token list (transpile.h): internal to
// core/functions.
#pragma once

#include "jslexer.h"

#include <QStringList>

#include <utility>

namespace Gatehouse::Functions {

class TokenQueries
{
public:
    explicit TokenQueries(QList<Token> tokens) : m_t(std::move(tokens)) {}

    bool is(int i, const char *text) const
    {
        return i >= 0 && i < m_t.size() && m_t[i].text == QLatin1String(text);
    }
    bool isIdent(int i) const { return i >= 0 && i < m_t.size() && m_t[i].kind == Token::Ident; }

    // The end (exclusive token index) of the expression starting at token `i`: the first `,`,
    // `;`, closing bracket or unmatched `:` outside brackets, or `limit`.
    int expressionEnd(int i, int limit) const;
    // Like expressionEnd(), and also at a line break that ends the statement (a name, literal or
    // closing bracket before it; a name, literal or private name `#x` after it).
    int statementEnd(int i, int limit) const;
    // `??=`, `||=` or `&&=` (ES2021) starting at token `i`: three adjacent punctuators.
    bool logicalAssignment(int i) const;
    // The first token of a simple assignment target ending just before `i` (a name, a.b,
    // a[k] with no call inside), or -1: evaluating it twice must be harmless.
    int assignmentTarget(int i) const;
    // Whether tokens [from, to) hold an assignment (`=`, `+=`, `<<=` ...) outside braces (so
    // not in a function body or an object literal, but in parentheses and brackets). Comparisons
    // (`==`, `!=`, `<=`, `>=`) and `=>` are not; a doubtful case counts as one (the caller's
    // rewrite does not change what the expression means).
    bool hasTopLevelAssignment(int from, int to) const;
    // The end (exclusive) of a for await loop's body starting at `i`: a block, an expression
    // statement, return, throw, break or continue, with its semicolon; 0 for another statement.
    int forAwaitBodyEnd(int i, int limit) const;
    // The end of the unary expression after `await` at `i`.
    int unaryEnd(int i, int limit) const;
    // The entries of the object literal or pattern opened at `open`: [first, end) token ranges
    // split at its own commas; a trailing comma leaves an empty last entry.
    QList<std::pair<int, int>> entries(int open) const;
    bool hasOwnSpread(int open) const;
    // Whether the `{` or `[` at `open` is a destructuring pattern rather than a literal: the
    // target of `=`, a declaration, a parameter, or an element of an enclosing pattern.
    bool isPattern(int open) const;
    // Whether token `i` begins a statement on a new line right after one that ended with an
    // expression (a name, literal or closing bracket), where code starting with `(` or `[`
    // would continue that expression instead. Not after the head of an if, while, for or with
    // (the token is then the statement's body) or a keyword that takes what follows.
    bool startsStatementAfterExpression(int i) const;
    // The names a const/let/var declaration starting at token `k` (after the keyword) binds:
    // every declarator's name, or the names inside its destructuring pattern.
    QStringList declaredNames(int k, int to) const;
    // Adds the names bound by the binding at `k` (a name, or an object or array pattern) and
    // returns the token after it; -1 when it is none of those.
    int bindingNames(int k, int to, QStringList &names) const;
    // The `{` of the body of the innermost function (declaration, expression, method or arrow)
    // around token `i`; -1 at the top level.
    int innermostFunctionBody(int i) const;
    // 10n, 0xffn, 1_000n: an integer with the suffix n (a letter n ends no other number).
    static bool isBigIntLiteral(QStringView number);

protected:
    QList<Token> m_t;
};

} // namespace Gatehouse::Functions
