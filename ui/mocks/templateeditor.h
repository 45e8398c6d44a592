// Thread affinity: GUI thread.
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QsciLexer;
class QsciScintilla;

namespace Gatehouse::Ui {

class VtlLexer;

// A code editor for mapping templates, mock bodies and function sources: QScintilla with
// highlighting for JSON, VTL (directives, references and comments over JSON) and JavaScript,
// folding, brace matching, completion of $input/$util/$context/$stageVariables members in
// VTL, and an error mark (a squiggle at the line and column plus the message under the line)
// fed by parser positions such as Vtl::VtlError's.
class TemplateEditor : public QWidget
{
    Q_OBJECT
public:
    enum class Language { Json, Vtl, JavaScript };

    explicit TemplateEditor(QWidget *parent = nullptr);
    ~TemplateEditor() override;

    void setLanguage(Language language);
    Language language() const { return m_language; }

    // Replaces the text without emitting textEdited() (and keeps the error mark cleared).
    void setText(const QString &text);
    QString text() const;
    void setReadOnly(bool readOnly);
    bool isReadOnly() const;
    // Inserts at the cursor (replacing a selection), as typing would: emits textEdited().
    void insertAtCursor(const QString &text);

    // 1-based line and column (characters). Underlines the token there and shows `message`
    // in a box under the line and as the tooltip of the underline.
    void setError(int line, int column, const QString &message);
    void clearError();
    bool hasError() const { return m_errorLine > 0; }
    int errorLine() const { return m_errorLine; }
    int errorColumn() const { return m_errorColumn; }
    QString errorMessage() const { return m_errorMessage; }
    // Whether the error underline covers the character at 1-based line and column.
    bool isUnderlined(int line, int column) const;

    // Names offered after "$stageVariables." (the API's stage variables).
    void setStageVariableNames(const QStringList &names) { m_stageVariables = names; }
    // The completions for the cursor's position as the popup would list them (VTL only; empty
    // elsewhere or when the cursor is not in a reference).
    QStringList completionsAtCursor() const;
    // Opens the completion popup for the cursor's position (also Ctrl+Space).
    void showCompletions();
    bool isCompletionShown() const;

    QsciScintilla *editor() const { return m_editor; }
    // The style Scintilla gave the byte at `position` (tests, diagnostics).
    int styleAt(int position) const;

Q_SIGNALS:
    // The user changed the text (typing, paste, undo, insertAtCursor); not for setText().
    void textEdited();

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyColours();
    void charAdded(int ch);
    void completionChosen(const char *selection, int position);

    QsciScintilla *m_editor;
    VtlLexer *m_vtlLexer;
    QsciLexer *m_jsonLexer;
    QsciLexer *m_jsLexer;
    Language m_language = Language::Json;
    QStringList m_stageVariables;
    QString m_completionPath;
    int m_errorIndicator = -1;
    int m_errorStyle = -1;
    int m_errorLine = 0;
    int m_errorColumn = 0;
    int m_errorFrom = -1;
    int m_errorTo = -1;
    QString m_errorMessage;
    bool m_settingText = false;
};

} // namespace Gatehouse::Ui
