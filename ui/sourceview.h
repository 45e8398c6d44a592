// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QsciScintilla;
class QLabel;

namespace Gatehouse::Ui {

// A project file (OpenAPI document, function) in a QScintilla editor with highlighting,
// folding and line numbers. Read-only for now: editing with undo and live reload arrives with
// the route editor and mock authoring of the console issue.
class SourceView : public QWidget
{
    Q_OBJECT
public:
    explicit SourceView(const QString &filePath, QWidget *parent = nullptr);

    QString filePath() const { return m_path; }
    QsciScintilla *editor() const { return m_editor; }
    bool isLoaded() const { return m_loaded; }

private:
    void applyColours();

    QString m_path;
    QsciScintilla *m_editor;
    bool m_loaded = false;
};

} // namespace Gatehouse::Ui
