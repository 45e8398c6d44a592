// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

namespace Gatehouse::Ui {

class TemplateEditor;

// The route editor's seam for mapping-template editing: the forms only know this class, so
// the editor behind it can change without touching them. It is ui/mocks' TemplateEditor
// (QScintilla, VTL highlighting, $input/$util/$context completion).
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
    // The names $stageVariables. completes to.
    void setStageVariableNames(const QStringList &names);
    TemplateEditor *editor() const { return m_edit; }
    // The widget that takes the keys (tests type into it).
    QWidget *typingTarget() const;

Q_SIGNALS:
    // Only for the user's edits, never for setText().
    void textEdited();

private:
    TemplateEditor *m_edit;
};

} // namespace Gatehouse::Ui
