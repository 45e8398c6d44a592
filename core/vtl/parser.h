// Thread affinity: any thread (pure function).
#pragma once

#include "ast.h"
#include "template.h"

namespace Gatehouse::Vtl {

// Parses a whole template. Returns null and fills *error on a syntax error.
std::shared_ptr<Ast::TemplateData> parseTemplate(const QString &source, VtlError *error);

// Java's regular expression syntax as QRegularExpression understands it (PCRE is close: this
// covers the differences templates meet, such as possessive quantifiers staying as they are and
// \p{javaLowerCase}-style classes being rare enough to leave alone).
QRegularExpression compileJavaRegex(const QString &pattern, bool anchored);

} // namespace Gatehouse::Vtl
