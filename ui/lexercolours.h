// Thread affinity: GUI thread.
#pragma once

#include <QColor>

class QsciLexer;

namespace Gatehouse::Ui {

// QScintilla's stock lexers pick colours for a white page. On a dark page this keeps each
// style's hue and mirrors its lightness into the readable range; greys become `text`.
void liftLexerForDarkPaper(QsciLexer *lexer, const QColor &text);

} // namespace Gatehouse::Ui
