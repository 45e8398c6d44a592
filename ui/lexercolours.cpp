#include <ui/lexercolours.h>

#include <ui/qsci.h>

namespace Gatehouse::Ui {

void liftLexerForDarkPaper(QsciLexer *lexer, const QColor &text)
{
    for (int style = 0; style < 128; ++style) {
        QColor c = lexer->color(style);
        if (c.lightness() >= 150)
            continue;
        if (c.hslSaturation() < 40) {
            lexer->setColor(text, style);
            continue;
        }
        c.setHsl(c.hslHue(), qMin(200, c.hslSaturation()), qMax(170, 255 - c.lightness()));
        lexer->setColor(c, style);
    }
}

} // namespace Gatehouse::Ui
