// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QPlainTextEdit;

namespace Gatehouse::Ui {

// The route editor's seam for mapping-template editing: the forms only know this class, so
// the editor behind it can be swapped (a plain text editor until ui/mocks' TemplateEditor,
// with its VTL lexer and completion, is available).
class TemplateField : public QWidget
{
    Q_OBJECT
public:
    enum class Language { Json, Vtl, JavaScript };

    explicit TemplateField(QWidget *parent = nullptr);

    void setLanguage(Language language);
    // Replaces the text without emitting textEdited; keeps the cursor when nothing changes.
    void setText(const QString &text);
    QString text() const;
    void setPlaceholderText(const QString &text);

Q_SIGNALS:
    // Only for the user's edits, never for setText().
    void textEdited();

private:
    QPlainTextEdit *m_edit;
    bool m_setting = false;
};

} // namespace Gatehouse::Ui
