// Thread affinity: GUI thread.
#pragma once

#include <common/status.h>
#include <gateway/model.h>

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QUndoStack;

namespace Gatehouse::Gateway {
class ApiRegistry;
}

namespace Gatehouse::Ui {

class ApiPublisher;

// Where the route editor points after an edit (and after its undo): an API, a resource path
// and optionally a method. Empty parts select less.
struct RouteSelection
{
    QString apiId;
    QString path;
    QString httpMethod;
};

// The project's REST APIs as the console edits them, with one undo stack for every edit.
// Each edit replaces an API by its next immutable version (QUndoCommand holding both), is
// published to the running gateway at once (live stages serve it on the next request) and
// is written back to the API's OpenAPI document on save().
class ApiWorkspace : public QObject
{
    Q_OBJECT
public:
    struct Entry
    {
        std::shared_ptr<const Gateway::RestApi> api;
        QString filePath;   // the OpenAPI document save() writes; empty: not saved
    };

    explicit ApiWorkspace(QObject *parent = nullptr);
    ~ApiWorkspace() override;

    // Replaces every API (a project was opened) and clears the undo history. The APIs are
    // what the registry serves already: nothing is published here.
    void reset(const QList<Entry> &entries);
    void setRegistry(Gateway::ApiRegistry *registry);
    ApiPublisher *publisher() const { return m_publisher; }
    QUndoStack *undoStack() const { return m_undo; }
    // The stage a newly imported API is served under.
    void setServingStage(const QString &stage) { m_stage = stage; }
    QString servingStage() const { return m_stage; }
    // Where imported APIs are saved (the project's apis/ folder); empty: not saved.
    void setApisDirectory(const QString &directory) { m_apisDirectory = directory; }

    QStringList apiIds() const;   // in serving order
    std::shared_ptr<const Gateway::RestApi> api(const QString &apiId) const;
    QString filePath(const QString &apiId) const;
    // The problems the registry reported when it last served the API (template errors, ...).
    QStringList problems(const QString &apiId) const { return m_problems.value(apiId); }

    // Pushes an undoable edit replacing the API by `edited`. Consecutive edits with the same
    // non-empty `mergeKey` (typing into one template) merge into one undo step.
    void edit(const QString &apiId, const Gateway::RestApi &edited, const QString &text,
              const RouteSelection &selection = {}, const QString &mergeKey = {});
    // Imports an OpenAPI document (JSON or YAML) as a new API, served under servingStage();
    // undoable. Returns the importer's warnings, or why the document cannot be an API.
    Result<QStringList> importDocument(const QByteArray &document, const QString &sourceName);
    QByteArray exportDocument(const QString &apiId, const QString &fileName) const;

    bool isModified() const;
    // Writes every API edited since the last save to its document (OpenAPI 3 with API
    // Gateway's extensions; YAML or JSON by the file's suffix).
    Status save();
    // Writes every API to its document, edited or not (the project moved).
    Status writeAll();

    // Used by the undo commands.
    void setApi(const QString &apiId, std::shared_ptr<const Gateway::RestApi> api,
                const RouteSelection &selection);
    void insertApi(const Entry &entry, int index, const RouteSelection &selection);
    void removeApi(const QString &apiId);

Q_SIGNALS:
    void apiChanged(const QString &apiId);
    void apisReset();   // APIs added, removed or replaced wholesale
    // After an edit is applied, undone or redone: what the editor should show.
    void selectionRequested(const Gatehouse::Ui::RouteSelection &selection);
    void problemsChanged(const QString &apiId);

private:
    int indexOf(const QString &apiId) const;

    QList<Entry> m_entries;
    QHash<QString, std::shared_ptr<const Gateway::RestApi>> m_saved;   // as last written
    QHash<QString, QStringList> m_problems;
    QUndoStack *m_undo;
    ApiPublisher *m_publisher;
    QString m_stage = QStringLiteral("dev");
    QString m_apisDirectory;
};

} // namespace Gatehouse::Ui

Q_DECLARE_METATYPE(Gatehouse::Ui::RouteSelection)
