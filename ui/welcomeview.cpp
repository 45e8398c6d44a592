#include <ui/theme.h>
#include <ui/welcomeview.h>

#include <project/project.h>

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

QString esc(const QString &s) { return s.toHtmlEscaped(); }

QString counted(qsizetype n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString codeBlock(const QStringList &lines)
{
    return QStringLiteral("<pre style=\"margin-left:12px\">") + esc(lines.join(u'\n')) + QStringLiteral("</pre>");
}

} // namespace

WelcomeView::WelcomeView(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_browser(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("welcome"));
    m_name->setObjectName(QStringLiteral("projectName"));
    m_name->setPlaceholderText(tr("Project name"));
    connect(m_name, &QLineEdit::editingFinished, this, &WelcomeView::commitName);

    m_browser->setObjectName(QStringLiteral("welcomeBrowser"));
    m_browser->setOpenExternalLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    m_browser->document()->setDocumentMargin(16);

    auto *form = new QFormLayout;
    form->setContentsMargins(16, 12, 16, 4);
    form->addRow(tr("Project name:"), m_name);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_browser, 1);
}

void WelcomeView::setProject(Project::Project *project)
{
    m_project = project;
    refresh();
}

void WelcomeView::setListenerUrls(const QString &gatewayUrl, const QString &tablesUrl)
{
    m_gatewayUrl = gatewayUrl;
    m_tablesUrl = tablesUrl;
    refresh();
}

void WelcomeView::setStage(const QString &stage)
{
    m_stage = stage;
    refresh();
}

void WelcomeView::commitName()
{
    if (!m_project || m_name->text().trimmed().isEmpty() || m_name->text() == m_project->name())
        return;
    m_project->setName(m_name->text().trimmed());
    refresh();
    Q_EMIT projectEdited();
}

QString WelcomeView::html() const
{
    return m_browser->toHtml();
}

void WelcomeView::refresh()
{
    m_name->setEnabled(m_project != nullptr);
    if (!m_project) {
        m_name->clear();
        m_browser->setHtml(tr("<h2>No project is open</h2><p>Use File ▸ Open project.</p>"));
        return;
    }
    if (!m_name->hasFocus())
        m_name->setText(m_project->name());

    const QString muted = palette().color(QPalette::PlaceholderText).name();
    const QString warn = statusColor(404).name();
    int operations = 0;
    for (const auto &api : m_project->apis())
        operations += api.operations.size();

    QString h;
    h += QStringLiteral("<h1>%1</h1>").arg(esc(m_project->name()));
    if (!m_project->description().isEmpty())
        h += QStringLiteral("<p>%1</p>").arg(esc(m_project->description()));
    h += QStringLiteral("<p style=\"color:%1\">%2 · version %3</p>")
             .arg(muted, esc(m_project->directory()), esc(m_project->version()));

    h += tr("<h3>Contents</h3><ul>");
    h += tr("<li>%1 with %2</li>")
             .arg(counted(m_project->apis().size(), tr("API document"), tr("API documents")),
                  counted(operations, tr("operation"), tr("operations")));
    h += tr("<li>%1</li>").arg(counted(m_project->functionFiles().size(), tr("function"), tr("functions")));
    h += tr("<li>Table data in <code>%1</code></li>").arg(esc(QStringLiteral("data/tables.sqlite")));
    for (const Status &problem : m_project->problems())
        h += QStringLiteral("<li style=\"color:%1\">%2</li>").arg(warn, esc(problem.message()));
    h += QStringLiteral("</ul>");

    const QString gateway = m_gatewayUrl.isEmpty() ? QStringLiteral("http://127.0.0.1:3000") : m_gatewayUrl;
    const QString tables = m_tablesUrl.isEmpty() ? QStringLiteral("http://127.0.0.1:8000") : m_tablesUrl;
    h += tr("<h3>Listeners</h3><table cellspacing=\"4\">"
            "<tr><td><b>API gateway</b></td><td><code>%1</code></td><td style=\"color:%3\">"
            "answers like Amazon API Gateway</td></tr>"
            "<tr><td><b>Tables</b></td><td><code>%2</code></td><td style=\"color:%3\">"
            "speaks the DynamoDB JSON API</td></tr></table>")
             .arg(esc(gateway), esc(tables), muted);

    h += tr("<h3>Try the table engine</h3><p>Any credentials work; the AWS CLI and SDKs only need "
            "some to sign with:</p>");
    h += codeBlock({QStringLiteral("export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1"),
                    QStringLiteral("aws dynamodb list-tables --endpoint-url %1").arg(tables),
                    QStringLiteral("aws dynamodb scan --table-name Books --endpoint-url %1").arg(tables),
                    QStringLiteral("aws dynamodb get-item --table-name Books --key '{\"isbn\":{\"S\":\"9780132350884\"}}' --endpoint-url %1").arg(tables)});
    h += tr("<p>From Python:</p>");
    h += codeBlock({QStringLiteral("import boto3"),
                    QStringLiteral("db = boto3.client('dynamodb', endpoint_url='%1', region_name='us-east-1',").arg(tables),
                    QStringLiteral("                  aws_access_key_id='local', aws_secret_access_key='local')"),
                    QStringLiteral("print(db.list_tables()['TableNames'])")});

    h += tr("<h3>Try the gateway</h3>");
    h += codeBlock({QStringLiteral("curl -i %1/%2/health").arg(gateway, m_stage),
                    QStringLiteral("curl -i %1/%2/books").arg(gateway, m_stage)});
    h += tr("<p style=\"color:%1\">No APIs are deployed yet: until API serving arrives with the gateway, "
            "every path answers <code>403 {\"message\":\"Missing Authentication Token\"}</code>, "
            "as API Gateway answers a route it does not know.</p>")
             .arg(muted);
    m_browser->setHtml(h);
}

} // namespace Gatehouse::Ui
