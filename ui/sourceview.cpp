#include <ui/sourceview.h>
#include <ui/lexercolours.h>
#include <ui/theme.h>

#include <ui/qsci.h>

#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

SourceView::SourceView(const QString &filePath, QWidget *parent)
    : QWidget(parent)
    , m_path(filePath)
    , m_editor(new QsciScintilla(this))
{
    setObjectName(QStringLiteral("source:") + QFileInfo(filePath).fileName());
    const QString suffix = QFileInfo(filePath).suffix().toLower();
    QsciLexer *lexer = nullptr;
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        lexer = new QsciLexerYAML(m_editor);
    else if (suffix == QLatin1String("json"))
        lexer = new QsciLexerJSON(m_editor);
    else if (suffix == QLatin1String("js") || suffix == QLatin1String("mjs"))
        lexer = new QsciLexerJavaScript(m_editor);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (lexer) {
        lexer->setDefaultFont(mono);
        lexer->setFont(mono);
        m_editor->setLexer(lexer);
    }
    m_editor->setFont(mono);
    m_editor->setUtf8(true);
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginWidth(0, QStringLiteral("00000"));
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setFolding(QsciScintilla::BoxedTreeFoldStyle);
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_editor->setIndentationGuides(true);
    m_editor->setTabWidth(2);
    m_editor->setWrapMode(QsciScintilla::WrapNone);

    QFile file(filePath);
    if (file.open(QIODevice::ReadOnly)) {
        m_editor->setText(QString::fromUtf8(file.readAll()));
        m_loaded = true;
    } else {
        m_editor->setText(tr("Cannot read %1: %2").arg(filePath, file.errorString()));
    }
    m_editor->setReadOnly(true);
    applyColours();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
}

void SourceView::applyColours()
{
    const QPalette p = palette();
    const QColor paper = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::Text);
    m_editor->setPaper(paper);
    m_editor->setColor(text);
    m_editor->setMarginsBackgroundColor(p.color(QPalette::Window));
    m_editor->setMarginsForegroundColor(p.color(QPalette::PlaceholderText));
    m_editor->setFoldMarginColors(p.color(QPalette::Window), p.color(QPalette::Window));
    m_editor->setCaretForegroundColor(text);
    if (QsciLexer *lexer = m_editor->lexer()) {
        lexer->setDefaultPaper(paper);
        lexer->setPaper(paper);
        if (isDark(p)) {
            liftLexerForDarkPaper(lexer, text);
        }
    }
}

} // namespace Gatehouse::Ui
