#include <ui/routes/invokeurlbar.h>
#include <ui/theme.h>

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QUrl>

namespace Gatehouse::Ui {

namespace {

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

InvokeUrlBar::InvokeUrlBar(QWidget *parent)
    : QWidget(parent)
    , m_method(new QLabel)
    , m_label(new QLabel)
    , m_copy(new QPushButton(tr("Copy as curl")))
    , m_open(new QPushButton(tr("Open in browser")))
{
    setObjectName(QStringLiteral("invokeUrlBar"));
    m_label->setObjectName(QStringLiteral("invokeUrl"));
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_copy->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_open->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    auto *caption = new QLabel(tr("Invoke URL:"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(caption);
    layout->addWidget(m_method);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_copy);
    layout->addWidget(m_open);
    connect(m_copy, &QPushButton::clicked, this, &InvokeUrlBar::copyCurl);
    connect(m_open, &QPushButton::clicked, this, &InvokeUrlBar::openInBrowser);
    clear();
}

void InvokeUrlBar::setTarget(const QString &gatewayUrl, const QString &stage, const QString &path,
                             const QString &httpMethod)
{
    if (gatewayUrl.isEmpty() || stage.isEmpty()) {
        clear();
        m_label->setText(tr("not served (no stage or the gateway is stopped)"));
        return;
    }
    m_url = gatewayUrl + u'/' + stage + (path == QLatin1String("/") ? QString() : path);
    m_httpMethod = httpMethod;
    m_label->setText(QStringLiteral("<tt>%1</tt>").arg(m_url.toHtmlEscaped()));
    m_label->setToolTip(m_url);
    const bool method = !httpMethod.isEmpty();
    m_method->setVisible(method);
    if (method) {
        m_method->setText(QStringLiteral(" %1 ").arg(httpMethod));
        m_method->setStyleSheet(QStringLiteral("background: %1; color: white; font-weight: bold; border-radius: 3px; padding: 1px 4px;")
                                    .arg(methodColor(httpMethod).name()));
    }
    m_copy->setEnabled(method);
    m_open->setEnabled(method && (httpMethod == QLatin1String("GET") || httpMethod == QLatin1String("ANY")));
}

void InvokeUrlBar::clear()
{
    m_url.clear();
    m_httpMethod.clear();
    m_label->setText(tr("Select a method"));
    m_method->hide();
    m_copy->setEnabled(false);
    m_open->setEnabled(false);
}

QString InvokeUrlBar::curlCommand() const
{
    if (m_url.isEmpty())
        return {};
    QStringList parts{QStringLiteral("curl -i")};
    // curl reads {a,b} as a glob: a path with {param} left in needs --globoff.
    if (m_url.contains(u'{'))
        parts << QStringLiteral("--globoff");
    const QString method = m_httpMethod == QLatin1String("ANY") ? QStringLiteral("GET") : m_httpMethod;
    if (method != QLatin1String("GET"))
        parts << QStringLiteral("-X ") + method;
    parts << shellQuote(m_url);
    if (method == QLatin1String("POST") || method == QLatin1String("PUT") || method == QLatin1String("PATCH"))
        parts << QStringLiteral("-H 'Content-Type: application/json'") << QStringLiteral("-d '{}'");
    return parts.join(u' ');
}

void InvokeUrlBar::copyCurl()
{
    const QString command = curlCommand();
    if (command.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(command);
    Q_EMIT message(tr("Copied: %1").arg(command));
}

void InvokeUrlBar::openInBrowser()
{
    if (!m_url.isEmpty())
        QDesktopServices::openUrl(QUrl(m_url));
}

} // namespace Gatehouse::Ui
