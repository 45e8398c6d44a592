#include <ui/mocks/templateeditor.h>
#include <ui/mocks/vtlcompletion.h>
#include <ui/mocks/vtllexer.h>
#include <ui/qsci.h>

#include <Qsci/qscistyle.h>
#include <ui/lexercolours.h>
#include <ui/theme.h>

#include <QEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QToolTip>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

// Above every style the three lexers use (the C++ family reaches 64 + 27 for inactive code).
constexpr int ErrorAnnotationStyle = 120;

} // namespace

TemplateEditor::TemplateEditor(QWidget *parent)
    : QWidget(parent), m_editor(new QsciScintilla(this)), m_vtlLexer(new VtlLexer(this)),
      m_jsonLexer(new QsciLexerJSON(this)), m_jsLexer(new QsciLexerJavaScript(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    setFocusProxy(m_editor);

    m_editor->setUtf8(true);
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginWidth(0, QStringLiteral("000"));
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setFolding(QsciScintilla::BoxedTreeFoldStyle);
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_editor->setAutoIndent(true);
    m_editor->setIndentationGuides(true);
    m_editor->setIndentationsUseTabs(false);
    m_editor->setTabWidth(2);
    m_editor->setWrapMode(QsciScintilla::WrapNone);
    m_editor->setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETIGNORECASE, 1);
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSETORDER,
                            QsciScintillaBase::SC_ORDER_PERFORMSORT);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETMOUSEDWELLTIME, 400);
    // A horizontal scroll bar only when a line is wider than the view.
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTH, 1);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTHTRACKING, 1);
    m_errorIndicator = m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator);
    m_editor->setIndicatorForegroundColor(QColor(0xe0, 0x30, 0x30), m_errorIndicator);
    m_editor->installEventFilter(this);

    connect(m_editor, &QsciScintilla::textChanged, this, [this] {
        if (!m_settingText)
            Q_EMIT textEdited();
    });
    connect(m_editor, &QsciScintillaBase::SCN_CHARADDED, this, &TemplateEditor::charAdded);
    connect(m_editor,
            qOverload<const char *, int, int, int>(&QsciScintillaBase::SCN_AUTOCCOMPLETED), this,
            [this](const char *selection, int position, int, int) {
                completionChosen(selection, position);
            });
    connect(m_editor, &QsciScintillaBase::SCN_DWELLSTART, this, [this](int position, int x, int y) {
        if (m_errorFrom >= 0 && position >= m_errorFrom && position < m_errorTo)
            QToolTip::showText(m_editor->viewport()->mapToGlobal(QPoint(x, y)), m_errorMessage,
                               m_editor);
    });
    connect(m_editor, &QsciScintillaBase::SCN_DWELLEND, this, [] { QToolTip::hideText(); });
    setLanguage(Language::Json);
}

TemplateEditor::~TemplateEditor() = default;

void TemplateEditor::setLanguage(Language language)
{
    m_language = language;
    QsciLexer *lexer = language == Language::Vtl ? static_cast<QsciLexer *>(m_vtlLexer)
                       : language == Language::Json ? m_jsonLexer
                                                    : m_jsLexer;
    if (m_editor->lexer() != lexer) {
        m_editor->setLexer(lexer);
        applyColours();
    }
}

void TemplateEditor::setText(const QString &text)
{
    m_settingText = true;
    m_editor->setText(text);
    m_settingText = false;
    clearError();
}

QString TemplateEditor::text() const
{
    return m_editor->text();
}

void TemplateEditor::setReadOnly(bool readOnly)
{
    m_editor->setReadOnly(readOnly);
    m_editor->setCaretWidth(readOnly ? 0 : 1);
    m_editor->setBraceMatching(readOnly ? QsciScintilla::NoBraceMatch
                                        : QsciScintilla::SloppyBraceMatch);
}

bool TemplateEditor::isReadOnly() const
{
    return m_editor->isReadOnly();
}

void TemplateEditor::insertAtCursor(const QString &text)
{
    if (m_editor->hasSelectedText())
        m_editor->removeSelectedText();
    int line = 0;
    int index = 0;
    m_editor->getCursorPosition(&line, &index);
    m_editor->insertAt(text, line, index);
    // Leave the cursor after the inserted text, as typing would.
    const int position = int(m_editor->positionFromLineIndex(line, index)) +
                         int(text.toUtf8().size());
    int endLine = 0;
    int endIndex = 0;
    m_editor->lineIndexFromPosition(position, &endLine, &endIndex);
    m_editor->setCursorPosition(endLine, endIndex);
    m_editor->setFocus();
}

void TemplateEditor::setError(int line, int column, const QString &message)
{
    clearError();
    if (message.isEmpty())
        return;
    const int lineCount = m_editor->lines();
    const int l = qBound(0, line - 1, qMax(0, lineCount - 1));
    QString lineText = m_editor->text(l);
    while (lineText.endsWith(u'\n') || lineText.endsWith(u'\r'))
        lineText.chop(1);
    const int length = int(lineText.size());
    const int from = qBound(0, column - 1, qMax(0, length - 1));
    // Underline to the end of the token (at least one character).
    int to = from + 1;
    while (to < length && !lineText.at(to).isSpace() && !QStringLiteral(",)}]").contains(lineText.at(to)))
        ++to;
    m_errorFrom = int(m_editor->positionFromLineIndex(l, from));
    m_errorTo = length == 0 ? m_errorFrom : int(m_editor->positionFromLineIndex(l, to));
    if (m_errorTo > m_errorFrom)
        m_editor->fillIndicatorRange(l, from, l, to, m_errorIndicator);
    m_errorLine = l + 1;
    m_errorColumn = from + 1;
    m_errorMessage = message;

    const QPalette p = palette();
    const bool dark = isDark(p);
    QFont font = m_editor->font();
    font.setPointSizeF(font.pointSizeF() * 0.95);
    const QsciStyle style(ErrorAnnotationStyle, QStringLiteral("error"),
                          dark ? QColor(0xff, 0xb4, 0xab) : QColor(0x9a, 0x1c, 0x1c),
                          dark ? QColor(0x4a, 0x1f, 0x1f) : QColor(0xfd, 0xec, 0xec), font);
    m_editor->annotate(l, QStringLiteral("\u26a0 ") + message, style);
}

void TemplateEditor::clearError()
{
    if (m_errorLine == 0)
        return;
    m_editor->clearIndicatorRange(0, 0, m_editor->lines(), 0, m_errorIndicator);
    m_editor->clearAnnotations();
    m_errorLine = 0;
    m_errorColumn = 0;
    m_errorFrom = -1;
    m_errorTo = -1;
    m_errorMessage.clear();
}

bool TemplateEditor::isUnderlined(int line, int column) const
{
    const int position = int(m_editor->positionFromLineIndex(line - 1, column - 1));
    return m_editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT, m_errorIndicator,
                                   position) != 0;
}

int TemplateEditor::styleAt(int position) const
{
    return int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSTYLEAT, position));
}

QStringList TemplateEditor::completionsAtCursor() const
{
    if (m_language != Language::Vtl)
        return {};
    int line = 0;
    int index = 0;
    m_editor->getCursorPosition(&line, &index);
    const QString before = m_editor->text(line).left(index);
    const VtlCompletion::Request request = VtlCompletion::at(
        before, VtlCompletion::declaredVariables(text()), m_stageVariables);
    if (!request.valid)
        return {};
    return request.members;
}

void TemplateEditor::showCompletions()
{
    if (m_language != Language::Vtl)
        return;
    int line = 0;
    int index = 0;
    m_editor->getCursorPosition(&line, &index);
    const QString before = m_editor->text(line).left(index);
    const VtlCompletion::Request request = VtlCompletion::at(
        before, VtlCompletion::declaredVariables(text()), m_stageVariables);
    if (!request.valid)
        return;
    QStringList members = request.members;
    members.sort(Qt::CaseInsensitive);
    m_completionPath = request.path;
    const QByteArray list = members.join(u' ').toUtf8();
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSHOW,
                            request.prefix.toUtf8().size(), list.constData());
}

bool TemplateEditor::isCompletionShown() const
{
    return m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE) != 0;
}

void TemplateEditor::charAdded(int ch)
{
    if (m_language != Language::Vtl)
        return;
    if (ch == '$' || ch == '.' || ch == '{' || ch == '!') {
        showCompletions();
    } else if (!isCompletionShown() && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
        // Typing a member name after "$context." reopens the list if it was closed.
        int line = 0;
        int index = 0;
        m_editor->getCursorPosition(&line, &index);
        const QString before = m_editor->text(line).left(index);
        if (VtlCompletion::at(before).valid && before.size() >= 2 &&
            before.at(before.size() - 2) != u' ')
            showCompletions();
    }
}

void TemplateEditor::completionChosen(const char *selection, int position)
{
    const QString member = QString::fromUtf8(selection);
    const QString suffix = VtlCompletion::callSuffix(m_completionPath, member);
    if (suffix.isEmpty())
        return;
    const int end = position + int(QByteArray(selection).size());
    int line = 0;
    int index = 0;
    m_editor->lineIndexFromPosition(end, &line, &index);
    if (m_editor->text(line).mid(index).startsWith(u'('))
        return;
    m_editor->insertAt(suffix, line, index);
    // Inside the parentheses of json('$') / path('$'), ready for the JSONPath.
    const int inside = suffix.size() > 2 ? int(suffix.size()) - 2 : 1;
    m_editor->setCursorPosition(line, index + inside);
}

bool TemplateEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Space && (key->modifiers() & Qt::ControlModifier)) {
            showCompletions();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TemplateEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyColours();
    QWidget::changeEvent(event);
}

void TemplateEditor::applyColours()
{
    const QPalette p = palette();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QColor paper = p.color(QPalette::Base);
    const QColor textColour = p.color(QPalette::Text);
    QsciLexer *lexer = m_editor->lexer();
    if (lexer == m_vtlLexer) {
        m_vtlLexer->applyPalette(p, mono);
    } else if (lexer) {
        lexer->setDefaultFont(mono);
        lexer->setFont(mono);
        lexer->setDefaultPaper(paper);
        lexer->setPaper(paper);
        if (auto *json = qobject_cast<QsciLexerJSON *>(lexer))
            json->setHighlightEscapeSequences(true);
        if (isDark(p))
            liftLexerForDarkPaper(lexer, textColour);
    }
    m_editor->setFont(mono);
    m_editor->setPaper(paper);
    m_editor->setColor(textColour);
    m_editor->setMarginsFont(mono);
    m_editor->setMarginsBackgroundColor(p.color(QPalette::Window));
    m_editor->setMarginsForegroundColor(p.color(QPalette::PlaceholderText));
    m_editor->setFoldMarginColors(p.color(QPalette::Window), p.color(QPalette::Window));
    m_editor->setCaretForegroundColor(textColour);
    m_editor->setMatchedBraceBackgroundColor(
        p.color(QPalette::Highlight).lighter(isDark(p) ? 80 : 170));
    m_editor->setMatchedBraceForegroundColor(textColour);
    m_editor->setIndentationGuidesBackgroundColor(paper);
    m_editor->setIndentationGuidesForegroundColor(p.color(QPalette::Mid));
    m_editor->setSelectionBackgroundColor(p.color(QPalette::Highlight));
    m_editor->setSelectionForegroundColor(p.color(QPalette::HighlightedText));
    if (hasError()) {
        // The annotation's colours follow the palette too.
        const int line = m_errorLine;
        const int column = m_errorColumn;
        const QString message = m_errorMessage;
        setError(line, column, message);
    }
}

} // namespace Gatehouse::Ui
