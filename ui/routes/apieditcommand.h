// Thread affinity: GUI thread.
#pragma once

#include <ui/routes/apiworkspace.h>

#include <QUndoCommand>

namespace Gatehouse::Ui {

// One edit of one API: both versions are kept whole (they share their unchanged parts), so
// undo and redo are exact and each republishes the version it restores.
class ApiEditCommand : public QUndoCommand
{
public:
    ApiEditCommand(ApiWorkspace *workspace, std::shared_ptr<const Gateway::RestApi> before,
                   std::shared_ptr<const Gateway::RestApi> after, const QString &text,
                   const RouteSelection &selection, const QString &mergeKey);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    ApiWorkspace *m_workspace;
    std::shared_ptr<const Gateway::RestApi> m_before;
    std::shared_ptr<const Gateway::RestApi> m_after;
    RouteSelection m_selection;
    QString m_mergeKey;
};

// Adding an imported API (undo removes it from the editor and the gateway).
class AddApiCommand : public QUndoCommand
{
public:
    AddApiCommand(ApiWorkspace *workspace, const ApiWorkspace::Entry &entry, const QString &text);
    void undo() override;
    void redo() override;

private:
    ApiWorkspace *m_workspace;
    ApiWorkspace::Entry m_entry;
};

} // namespace Gatehouse::Ui
