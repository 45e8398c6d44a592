#include <ui/routes/apiworkspace.h>
#include <ui/routes/formwidgets.h>
#include <ui/routes/stagespanel.h>

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

QTableWidget *makeTable(const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    return table;
}

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

StagesPanel::StagesPanel(ApiWorkspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_stages(makeTable({tr("Stage"), tr("Serves"), tr("Variables")}))
    , m_variables(new RowTable({{tr("Variable")}, {tr("Value")}}))
    , m_deployments(makeTable({tr("Deployment"), tr("Created"), tr("Description")}))
    , m_deploy(new QPushButton(tr("Deploy…")))
    , m_live(new QPushButton(tr("Serve live")))
    , m_remove(new QPushButton(tr("Delete stage")))
{
    setObjectName(QStringLiteral("stagesPanel"));
    m_stages->setObjectName(QStringLiteral("stages"));
    m_variables->setObjectName(QStringLiteral("stageVariables"));
    m_deployments->setObjectName(QStringLiteral("deployments"));
    m_stages->horizontalHeader()->setStretchLastSection(false);
    m_stages->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_stages->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_stages->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_deployments->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_deployments->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_deploy->setToolTip(tr("Snapshot the API as it is now and serve the snapshot on the selected stage: later edits "
                            "do not reach that stage until the next deployment"));
    m_live->setToolTip(tr("Serve the API as edited, every edit on the next request"));

    auto *add = new QPushButton(tr("Add stage…"));
    auto *stageButtons = new QHBoxLayout;
    stageButtons->addWidget(add);
    stageButtons->addWidget(m_remove);
    stageButtons->addStretch();
    stageButtons->addWidget(m_live);
    stageButtons->addWidget(m_deploy);

    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(formGroup(tr("Stage variables ($stageVariables)"), m_variables));
    right->addWidget(formGroup(tr("Deployments"), m_deployments));
    auto *splitter = new QSplitter;
    splitter->addWidget(formGroup(tr("Stages"), m_stages, stageButtons));
    splitter->addWidget(right);
    splitter->setSizes({520, 420});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(workspace, &ApiWorkspace::apiChanged, this, [this](const QString &id) {
        if (id == m_apiId)
            refresh();
    });
    connect(m_stages, &QTableWidget::itemSelectionChanged, this, [this] {
        if (m_loading)
            return;
        refresh();
        Q_EMIT stageSelected(selectedStage());
    });
    connect(add, &QPushButton::clicked, this, [this] { addStage(); });
    connect(m_remove, &QPushButton::clicked, this, &StagesPanel::removeStage);
    connect(m_deploy, &QPushButton::clicked, this, [this] { deploy(); });
    connect(m_live, &QPushButton::clicked, this, &StagesPanel::serveLive);
    connect(m_variables, &RowTable::rowsEdited, this, [this] {
        const auto api = m_workspace->api(m_apiId);
        const QString stage = selectedStage();
        if (!api || !api->stages.contains(stage))
            return;
        Gateway::RestApi edited = *api;
        edited.stages[stage].variables = stringMapOf(m_variables->rows());
        if (edited.stages.value(stage) != api->stages.value(stage))
            m_workspace->edit(m_apiId, edited, tr("Edit stage variables of %1").arg(stage));
    });
}

void StagesPanel::setApi(const QString &apiId)
{
    m_apiId = apiId;
    refresh();
}

QString StagesPanel::selectedStage() const
{
    const int row = m_stages->currentRow();
    return row >= 0 && m_stages->item(row, 0) ? m_stages->item(row, 0)->text() : QString();
}

void StagesPanel::selectStage(const QString &name)
{
    const auto found = m_stages->findItems(name, Qt::MatchExactly);
    for (QTableWidgetItem *item : found) {
        if (item->column() == 0)
            m_stages->setCurrentCell(item->row(), 0);
    }
}

void StagesPanel::refresh()
{
    const auto api = m_workspace->api(m_apiId);
    QString current = selectedStage();
    m_loading = true;
    m_stages->setRowCount(0);
    m_deployments->setRowCount(0);
    if (api) {
        for (const Gateway::Stage &stage : api->stages) {
            const int row = m_stages->rowCount();
            m_stages->insertRow(row);
            m_stages->setItem(row, 0, new QTableWidgetItem(stage.name));
            QString serves = tr("live — every edit at once");
            if (!stage.deploymentId.isEmpty()) {
                const Gateway::Deployment d = api->deployments.value(stage.deploymentId);
                serves = tr("deployment %1 (%2)").arg(stage.deploymentId, d.createdDateMs ? when(d.createdDateMs) : tr("missing"));
            }
            m_stages->setItem(row, 1, new QTableWidgetItem(serves));
            m_stages->setItem(row, 2, new QTableWidgetItem(QString::number(stage.variables.size())));
        }
        QList<Gateway::Deployment> deployments = api->deployments.values();
        std::sort(deployments.begin(), deployments.end(),
                  [](const Gateway::Deployment &a, const Gateway::Deployment &b) { return a.createdDateMs > b.createdDateMs; });
        for (const Gateway::Deployment &d : std::as_const(deployments)) {
            const int row = m_deployments->rowCount();
            m_deployments->insertRow(row);
            m_deployments->setItem(row, 0, new QTableWidgetItem(d.id));
            m_deployments->setItem(row, 1, new QTableWidgetItem(when(d.createdDateMs)));
            m_deployments->setItem(row, 2, new QTableWidgetItem(d.description));
        }
        if (current.isEmpty() || !api->stages.contains(current))
            current = api->stages.isEmpty() ? QString() : api->stages.firstKey();
    }
    selectStage(current);
    m_loading = false;
    const bool stage = api && api->stages.contains(current);
    m_variables->setEnabled(stage);
    m_variables->setRows(stage ? rowsOf(api->stages.value(current).variables) : QList<QStringList>());
    m_deploy->setEnabled(stage);
    m_remove->setEnabled(stage);
    m_live->setEnabled(stage && !api->stages.value(current).deploymentId.isEmpty());
}

void StagesPanel::deploy(const QString &description)
{
    const auto api = m_workspace->api(m_apiId);
    const QString stage = selectedStage();
    if (!api || stage.isEmpty())
        return;
    QString text = description;
    if (text.isEmpty()) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Deploy to %1").arg(stage), tr("Deployment description:"), QLineEdit::Normal,
                                     tr("Deployed from the console"), &ok);
        if (!ok)
            return;
    }
    QString id;
    do {
        id = Gateway::IdGenerator::random()().left(6);
    } while (api->deployments.contains(id));
    Gateway::RestApi edited = *api;
    edited.deployments.insert(id, api->deploy(id, text, QDateTime::currentMSecsSinceEpoch()));
    edited.stages[stage].deploymentId = id;
    m_workspace->edit(m_apiId, edited, tr("Deploy %1 to stage %2").arg(api->name, stage));
}

void StagesPanel::serveLive()
{
    const auto api = m_workspace->api(m_apiId);
    const QString stage = selectedStage();
    if (!api || stage.isEmpty() || api->stages.value(stage).deploymentId.isEmpty())
        return;
    Gateway::RestApi edited = *api;
    edited.stages[stage].deploymentId.clear();
    m_workspace->edit(m_apiId, edited, tr("Serve %1 live").arg(stage));
}

void StagesPanel::addStage(const QString &name)
{
    const auto api = m_workspace->api(m_apiId);
    if (!api)
        return;
    QString stage = name;
    if (stage.isEmpty()) {
        bool ok = false;
        stage = QInputDialog::getText(this, tr("Add stage"), tr("Stage name (letters, digits, - and _):"),
                                      QLineEdit::Normal, QStringLiteral("prod"), &ok).trimmed();
        if (!ok)
            return;
    }
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9_-]{1,128}$"));
    if (!valid.match(stage).hasMatch() || api->stages.contains(stage))
        return;
    Gateway::RestApi edited = *api;
    Gateway::Stage s;
    s.name = stage;
    edited.stages.insert(stage, s);
    m_workspace->edit(m_apiId, edited, tr("Add stage %1").arg(stage));
    selectStage(stage);
}

void StagesPanel::removeStage()
{
    const auto api = m_workspace->api(m_apiId);
    const QString stage = selectedStage();
    if (!api || stage.isEmpty())
        return;
    Gateway::RestApi edited = *api;
    edited.stages.remove(stage);
    m_workspace->edit(m_apiId, edited, tr("Delete stage %1").arg(stage));
}

} // namespace Gatehouse::Ui
