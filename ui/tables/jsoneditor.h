// Thread affinity: GUI thread.
#pragma once

#include <ui/qsci.h>

namespace Gatehouse::Ui {

// An editable QScintilla editor for JSON: highlighting, folding, brace matching, line numbers,
// colours from the application palette, and an error squiggle placed from a parser's position.
// (SourceView is the read-only sibling for project files.)
class JsonEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit JsonEditor(QWidget *parent = nullptr);

    // 1-based line and column, as TableJson::ParseError gives them.
    void showError(int line, int column);
    void clearError();
    bool hasErrorMark() const { return m_errorLine > 0; }
    int errorLine() const { return m_errorLine; }

private:
    void applyColours();

    int m_errorIndicator = -1;
    int m_errorLine = 0;
};

} // namespace Gatehouse::Ui
