#include <ui/routes/templatefield.h>

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

TemplateField::TemplateField(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QPlainTextEdit(this))
{
    m_edit->setObjectName(QStringLiteral("templateText"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setTabChangesFocus(false);
    setFocusProxy(m_edit);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_setting)
            Q_EMIT textEdited();
    });
}

void TemplateField::setLanguage(Language)
{
}

void TemplateField::setText(const QString &text)
{
    if (text == m_edit->toPlainText())
        return;
    m_setting = true;
    m_edit->setPlainText(text);
    m_setting = false;
}

QString TemplateField::text() const
{
    return m_edit->toPlainText();
}

void TemplateField::setPlaceholderText(const QString &text)
{
    m_edit->setPlaceholderText(text);
}

} // namespace Gatehouse::Ui
