#include <ui/tables/jsoneditor.h>
#include <ui/lexercolours.h>
#include <ui/theme.h>

#include <QFontDatabase>

namespace Gatehouse::Ui {

JsonEditor::JsonEditor(QWidget *parent)
    : QsciScintilla(parent)
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *lexer = new QsciLexerJSON(this);
    lexer->setDefaultFont(mono);
    lexer->setFont(mono);
    lexer->setHighlightEscapeSequences(true);
    setLexer(lexer);
    setFont(mono);
    setUtf8(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginWidth(0, QStringLiteral("0000"));
    setMarginLineNumbers(0, true);
    setFolding(QsciScintilla::BoxedTreeFoldStyle);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setAutoIndent(true);
    setIndentationGuides(true);
    setIndentationsUseTabs(false);
    setTabWidth(2);
    setWrapMode(QsciScintilla::WrapNone);
    m_errorIndicator = indicatorDefine(QsciScintilla::SquiggleIndicator);
    setIndicatorForegroundColor(QColor(0xd0, 0x20, 0x20), m_errorIndicator);
    applyColours();
    connect(this, &QsciScintilla::textChanged, this, &JsonEditor::clearError);
}

void JsonEditor::showError(int line, int column)
{
    clearError();
    if (line <= 0)
        return;
    const int l = line - 1;
    const int lineLength = int(text(l).size());
    const int from = qBound(0, column - 1, qMax(0, lineLength - 1));
    // Underline from the error to the end of its token (at least one character).
    int to = from + 1;
    const QString lineText = text(l);
    while (to < lineLength && !lineText[to].isSpace() && lineText[to] != u',' && lineText[to] != u'}'
           && lineText[to] != u']')
        ++to;
    fillIndicatorRange(l, from, l, qMax(to, from + 1), m_errorIndicator);
    m_errorLine = line;
    setCursorPosition(l, from);
    ensureLineVisible(l);
}

void JsonEditor::clearError()
{
    if (m_errorLine == 0)
        return;
    clearIndicatorRange(0, 0, lines(), 0, m_errorIndicator);
    m_errorLine = 0;
}

void JsonEditor::applyColours()
{
    const QPalette p = palette();
    const QColor paper = p.color(QPalette::Base);
    const QColor textColour = p.color(QPalette::Text);
    setPaper(paper);
    setColor(textColour);
    setMarginsBackgroundColor(p.color(QPalette::Window));
    setMarginsForegroundColor(p.color(QPalette::PlaceholderText));
    setFoldMarginColors(p.color(QPalette::Window), p.color(QPalette::Window));
    setCaretForegroundColor(textColour);
    setMatchedBraceBackgroundColor(p.color(QPalette::Highlight).lighter(isDark(p) ? 80 : 170));
    QsciLexer *l = lexer();
    l->setDefaultPaper(paper);
    l->setPaper(paper);
    if (isDark(p)) {
        liftLexerForDarkPaper(l, textColour);
    }
}

} // namespace Gatehouse::Ui
