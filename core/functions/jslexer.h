// Thread affinity: any thread (pure functions).
// The tokenizer under the transpiler (transpile.h): internal to core/functions.
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <utility>

namespace Gatehouse::Functions {

// One token of JavaScript source, as a view into it. Punctuators are single characters except
// `...`, `=>` and `?.`; brackets know their partner and every token its innermost open bracket.
struct Token
{
    enum Kind { Ident, Number, String, Template, Regex, Punct } kind;
    int start;
    int end;
    QStringView text;
    int match = -1; // the matching bracket's token index, for ( [ {
    bool newlineBefore = false;
    int parent = -1; // the innermost open bracket around this token
};

// The tokens of `source` (comments and whitespace skipped; strings, templates with their ${}
// parts, and regular expressions as single tokens), brackets matched.
QList<Token> lexJavaScript(const QString &source);

// The ${} parts of a template literal's text (a Template token's): each part's source as its
// [start, end) in the text, in order.
QList<std::pair<int, int>> templateParts(const QString &text);

} // namespace Gatehouse::Functions
