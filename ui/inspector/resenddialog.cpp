#include <ui/inspector/resenddialog.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

ResendDialog::ResendDialog(const ReplayRequest &request, QWidget *parent)
    : QDialog(parent)
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_body(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("resendDialog"));
    setWindowTitle(tr("Edit and Resend"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
                        QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
    m_method->setCurrentText(QString::fromLatin1(request.method));
    m_url->setText(request.url.toString(QUrl::FullyEncoded));

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QString headers;
    for (const auto &h : request.headers)
        headers += QString::fromLatin1(h.first) + QStringLiteral(": ") + QString::fromUtf8(h.second) + u'\n';
    m_headers->setPlainText(headers);
    m_headers->setFont(mono);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setPlainText(QString::fromUtf8(request.body));
    m_body->setFont(mono);
    m_body->setPlaceholderText(request.bodyComplete ? tr("(no body)")
                                                    : tr("The recorded body was cut: paste the full body here."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Method"), m_method);
    form->addRow(tr("&URL"), m_url);
    form->addRow(tr("&Headers"), m_headers);
    form->addRow(tr("&Body"), m_body);

    QPalette warn = m_problem->palette();
    warn.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_problem->setPalette(warn);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Send"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    resize(640, 520);

    connect(m_method, &QComboBox::currentTextChanged, this, &ResendDialog::validate);
    connect(m_url, &QLineEdit::textChanged, this, &ResendDialog::validate);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &ResendDialog::validate);
    validate();
}

ReplayRequest ResendDialog::request(QString *error) const
{
    ReplayRequest out;
    auto problem = [error](const QString &message) {
        if (error)
            *error = message;
    };
    out.method = m_method->currentText().trimmed().toUpper().toLatin1();
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    if (!token.match(QString::fromLatin1(out.method)).hasMatch())
        problem(tr("The method is not an HTTP token."));
    out.url = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    if (!out.url.isValid() || out.url.host().isEmpty()
        || (out.url.scheme() != QLatin1String("http") && out.url.scheme() != QLatin1String("https")))
        problem(tr("The URL must be an http:// or https:// URL."));
    const QStringList lines = m_headers->toPlainText().split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        const QString name = line.left(colon).trimmed();
        if (colon <= 0 || !token.match(name).hasMatch()) {
            problem(tr("Header line %1 is not \"Name: value\".").arg(i + 1));
            continue;
        }
        out.headers.append({name.toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    out.body = m_body->toPlainText().toUtf8();
    return out;
}

void ResendDialog::validate()
{
    QString error;
    request(&error);
    m_problem->setText(error);
    m_problem->setVisible(!error.isEmpty());
    if (m_ok)
        m_ok->setEnabled(error.isEmpty());
}

} // namespace Gatehouse::Ui
