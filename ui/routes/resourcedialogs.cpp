#include <ui/routes/resourcedialogs.h>
#include <ui/routes/routeedits.h>
#include <ui/theme.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

PathPartDialog::PathPartDialog(const Gateway::RestApi &api, const QString &parentPath, const QString &renamedPath,
                               QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_parentPath(parentPath)
    , m_renamedPath(renamedPath)
    , m_edit(new QLineEdit)
    , m_message(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("pathPartDialog"));
    setWindowTitle(renamedPath.isEmpty() ? tr("Create resource") : tr("Rename resource"));
    m_edit->setObjectName(QStringLiteral("pathPart"));
    m_edit->setPlaceholderText(tr("books, {isbn} or {proxy+}"));
    if (!renamedPath.isEmpty())
        m_edit->setText(renamedPath.section(u'/', -1));
    m_message->setObjectName(QStringLiteral("pathPartMessage"));
    m_message->setWordWrap(true);
    m_message->setMinimumWidth(420);
    auto *hint = new QLabel(tr("Letters, digits and <tt>._-</tt>; <tt>{name}</tt> matches one path segment, "
                               "<tt>{proxy+}</tt> the rest of the path (and has no children)."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto *form = new QFormLayout;
    form->addRow(tr("Parent:"), new QLabel(QStringLiteral("<tt>%1</tt>").arg(parentPath.toHtmlEscaped())));
    form->addRow(tr("Path part:"), m_edit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QLineEdit::textChanged, this, &PathPartDialog::check);
    check();
}

QString PathPartDialog::pathPart() const
{
    return m_edit->text().trimmed();
}

void PathPartDialog::check()
{
    const QString part = pathPart();
    Status s = Status::ok();
    if (m_renamedPath.isEmpty()) {
        s = RouteEdits::checkChildPart(m_api, m_parentPath, part);
    } else if (part != m_renamedPath.section(u'/', -1)) {
        auto renamed = RouteEdits::renameResource(m_api, m_renamedPath, part);
        s = renamed.status();
    }
    m_acceptable = s.isOk() && !part.isEmpty();
    if (part.isEmpty()) {
        m_message->setText(tr("Type the path part."));
        m_message->setStyleSheet(QString());
    } else if (m_acceptable) {
        m_message->setText(tr("Resource path: <b><tt>%1</tt></b>").arg(RouteEdits::childPath(m_parentPath, part).toHtmlEscaped()));
        m_message->setStyleSheet(QString());
    } else {
        m_message->setText(s.message().toHtmlEscaped());
        m_message->setStyleSheet(QStringLiteral("color: %1").arg(statusColor(500).name()));
    }
    m_edit->setStyleSheet(m_acceptable || part.isEmpty() ? QString()
                                                         : QStringLiteral("border: 1px solid %1").arg(statusColor(500).name()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_acceptable);
}

AddMethodDialog::AddMethodDialog(const Gateway::Resource &resource, QWidget *parent)
    : QDialog(parent)
    , m_method(new QComboBox)
    , m_type(new QComboBox)
{
    setObjectName(QStringLiteral("addMethodDialog"));
    setWindowTitle(tr("Create method on %1").arg(resource.path));
    for (const QString &method : RouteEdits::httpMethods()) {
        if (!resource.methods.contains(method))
            m_method->addItem(method);
    }
    const int get = m_method->findText(QStringLiteral("GET"));
    if (get >= 0)
        m_method->setCurrentIndex(get);
    for (const char *type : {"MOCK", "HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY"})
        m_type->addItem(QString::fromLatin1(type));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setEnabled(m_method->count() > 0);
    auto *form = new QFormLayout(this);
    form->addRow(tr("HTTP method:"), m_method);
    form->addRow(tr("Integration type:"), m_type);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString AddMethodDialog::httpMethod() const
{
    return m_method->currentText();
}

QString AddMethodDialog::integrationType() const
{
    return m_type->currentText();
}

} // namespace Gatehouse::Ui
