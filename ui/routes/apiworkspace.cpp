#include <ui/routes/apieditcommand.h>
#include <ui/routes/apipublisher.h>
#include <ui/routes/apiworkspace.h>

#include <gateway/openapi.h>
#include <gateway/stagefile.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUndoStack>

namespace Gatehouse::Ui {

ApiWorkspace::ApiWorkspace(QObject *parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
    , m_publisher(new ApiPublisher(this))
{
    qRegisterMetaType<RouteSelection>();
    connect(m_publisher, &ApiPublisher::published, this, [this](const QString &apiId, const QStringList &problems) {
        if (m_problems.value(apiId) == problems)
            return;
        m_problems.insert(apiId, problems);
        Q_EMIT problemsChanged(apiId);
    });
}

ApiWorkspace::~ApiWorkspace()
{
    m_publisher->waitForDone();
}

void ApiWorkspace::reset(const QList<Entry> &entries)
{
    m_publisher->waitForDone();
    m_undo->clear();
    m_entries = entries;
    m_saved.clear();
    m_problems.clear();
    for (const Entry &entry : entries)
        m_saved.insert(entry.api->id, entry.api);
    Q_EMIT apisReset();
}

void ApiWorkspace::setRegistry(Gateway::ApiRegistry *registry)
{
    m_publisher->setRegistry(registry);
}

QStringList ApiWorkspace::apiIds() const
{
    QStringList ids;
    for (const Entry &entry : m_entries)
        ids << entry.api->id;
    return ids;
}

int ApiWorkspace::indexOf(const QString &apiId) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).api->id == apiId)
            return i;
    }
    return -1;
}

std::shared_ptr<const Gateway::RestApi> ApiWorkspace::api(const QString &apiId) const
{
    const int i = indexOf(apiId);
    return i < 0 ? nullptr : m_entries.at(i).api;
}

QString ApiWorkspace::filePath(const QString &apiId) const
{
    const int i = indexOf(apiId);
    return i < 0 ? QString() : m_entries.at(i).filePath;
}

void ApiWorkspace::edit(const QString &apiId, const Gateway::RestApi &edited, const QString &text,
                        const RouteSelection &selection, const QString &mergeKey)
{
    auto before = api(apiId);
    if (!before)
        return;
    auto after = std::make_shared<const Gateway::RestApi>(edited);
    m_undo->push(new ApiEditCommand(this, std::move(before), std::move(after), text, selection, mergeKey));
}

void ApiWorkspace::setApi(const QString &apiId, std::shared_ptr<const Gateway::RestApi> api,
                          const RouteSelection &selection)
{
    const int i = indexOf(apiId);
    if (i < 0)
        return;
    m_entries[i].api = api;
    m_publisher->publish(api);
    Q_EMIT apiChanged(apiId);
    if (!selection.apiId.isEmpty())
        Q_EMIT selectionRequested(selection);
}

void ApiWorkspace::insertApi(const Entry &entry, int index, const RouteSelection &selection)
{
    if (indexOf(entry.api->id) >= 0)
        return;
    if (index < 0 || index > m_entries.size())
        index = m_entries.size();
    m_entries.insert(index, entry);
    m_publisher->publish(entry.api);
    Q_EMIT apisReset();
    Q_EMIT selectionRequested(selection);
}

void ApiWorkspace::removeApi(const QString &apiId)
{
    const int i = indexOf(apiId);
    if (i < 0)
        return;
    m_entries.removeAt(i);
    m_problems.remove(apiId);
    m_publisher->remove(apiId);
    Q_EMIT apisReset();
}

namespace {

// "https://bk7q2m1x4d.execute-api.us-east-1.amazonaws.com/{basePath}" -> "bk7q2m1x4d", so an
// imported API keeps the invoke URLs its document names (as app/apiloader does at start-up).
QString idFromServers(const Gateway::RestApi &api)
{
    static const QRegularExpression pattern(QStringLiteral("^https?://([a-z0-9]{10})\\.execute-api\\."));
    const QJsonArray servers = api.servers.toArray();
    const QString url = servers.isEmpty() ? QString() : servers.first().toObject().value(QLatin1String("url")).toString();
    const QRegularExpressionMatch match = pattern.match(url);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString fileStem(const QString &name)
{
    QString stem = name.toLower();
    stem.replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
    stem.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return stem.isEmpty() ? QStringLiteral("api") : stem;
}

} // namespace

Result<QStringList> ApiWorkspace::importDocument(const QByteArray &document, const QString &sourceName)
{
    auto imported = Gateway::importOpenApi(document);
    if (!imported)
        return imported.status();
    auto api = std::make_shared<Gateway::RestApi>(std::move(imported->api));
    if (const QString id = idFromServers(*api); !id.isEmpty())
        api->id = id;
    while (indexOf(api->id) >= 0 || !Gateway::IdGenerator::isValidId(api->id))
        api->id = Gateway::IdGenerator::random()();
    const QString base = QFileInfo(sourceName).completeBaseName();
    if (api->name.isEmpty())
        api->name = base;
    if (api->stages.isEmpty()) {
        Gateway::Stage stage;
        stage.name = m_stage;
        api->stages.insert(m_stage, stage);
    }
    QStringList warnings;
    for (const Gateway::ImportWarning &warning : imported->warnings)
        warnings << warning.toString();

    Entry entry;
    entry.api = api;
    if (!m_apisDirectory.isEmpty()) {
        const QDir dir(m_apisDirectory);
        QStringList taken;
        for (const Entry &e : std::as_const(m_entries))
            taken << QFileInfo(e.filePath).fileName();
        const QString stem = fileStem(base.isEmpty() ? api->name : base);
        QString name = stem + QStringLiteral(".yaml");
        for (int n = 2; taken.contains(name) || dir.exists(name); ++n)
            name = QStringLiteral("%1-%2.yaml").arg(stem).arg(n);
        entry.filePath = dir.filePath(name);
    }
    m_undo->push(new AddApiCommand(this, entry, tr("Import %1").arg(api->name)));
    return warnings;
}

QByteArray ApiWorkspace::exportDocument(const QString &apiId, const QString &fileName) const
{
    const auto a = api(apiId);
    if (!a)
        return {};
    const bool json = fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    return Gateway::exportOpenApi(*a, json ? Gateway::ExportFormat::OpenApi3Json : Gateway::ExportFormat::OpenApi3Yaml);
}

Status ApiWorkspace::writeAll()
{
    m_saved.clear();
    return save();
}

bool ApiWorkspace::isModified() const
{
    return !m_undo->isClean();
}

namespace {

Status writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::error(QStringLiteral("IoError"), path + u": " + file.errorString());
    file.write(content);
    if (!file.commit())
        return Status::error(QStringLiteral("IoError"), path + u": " + file.errorString());
    return Status::ok();
}

} // namespace

Status ApiWorkspace::save()
{
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.filePath.isEmpty() || m_saved.value(entry.api->id) == entry.api)
            continue;
        if (Status s = writeFile(entry.filePath, exportDocument(entry.api->id, entry.filePath)); !s)
            return s;
        // The OpenAPI document carries no stages (as AWS's export): they go beside it, and a
        // file left from before goes when only the plain live stage is left.
        const QString stagesPath = Gateway::stagesFilePath(entry.filePath);
        if (Gateway::hasStagesToKeep(*entry.api)) {
            const QByteArray json = QJsonDocument(Gateway::stagesToJson(*entry.api)).toJson(QJsonDocument::Indented);
            if (Status s = writeFile(stagesPath, json); !s)
                return s;
        } else if (QFile::exists(stagesPath) && !QFile::remove(stagesPath)) {
            return Status::error(QStringLiteral("IoError"), stagesPath + u": cannot remove");
        }
        m_saved.insert(entry.api->id, entry.api);
    }
    m_undo->setClean();
    return Status::ok();
}

} // namespace Gatehouse::Ui
