#include <ui/mocks/templateeditor.h>
#include <ui/routes/templatefield.h>

#include <ui/qsci.h>

#include <QVBoxLayout>

namespace Gatehouse::Ui {

TemplateField::TemplateField(QWidget *parent)
    : QWidget(parent)
    , m_edit(new TemplateEditor(this))
{
    m_edit->setObjectName(QStringLiteral("templateText"));
    setFocusProxy(m_edit);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    connect(m_edit, &TemplateEditor::textEdited, this, &TemplateField::textEdited);
}

void TemplateField::setLanguage(Language language)
{
    switch (language) {
    case Language::Json: m_edit->setLanguage(TemplateEditor::Language::Json); break;
    case Language::Vtl: m_edit->setLanguage(TemplateEditor::Language::Vtl); break;
    case Language::JavaScript: m_edit->setLanguage(TemplateEditor::Language::JavaScript); break;
    }
}

void TemplateField::setText(const QString &text)
{
    if (text != m_edit->text())
        m_edit->setText(text);
}

QString TemplateField::text() const
{
    return m_edit->text();
}

void TemplateField::setStageVariableNames(const QStringList &names)
{
    m_edit->setStageVariableNames(names);
}

QWidget *TemplateField::typingTarget() const
{
    return m_edit->editor();
}

} // namespace Gatehouse::Ui
