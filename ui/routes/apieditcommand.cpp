#include <ui/routes/apieditcommand.h>

namespace Gatehouse::Ui {

ApiEditCommand::ApiEditCommand(ApiWorkspace *workspace, std::shared_ptr<const Gateway::RestApi> before,
                               std::shared_ptr<const Gateway::RestApi> after, const QString &text,
                               const RouteSelection &selection, const QString &mergeKey)
    : QUndoCommand(text)
    , m_workspace(workspace)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_selection(selection)
    , m_mergeKey(mergeKey)
{
}

void ApiEditCommand::undo()
{
    m_workspace->setApi(m_before->id, m_before, m_selection);
}

void ApiEditCommand::redo()
{
    m_workspace->setApi(m_after->id, m_after, m_selection);
}

int ApiEditCommand::id() const
{
    return m_mergeKey.isEmpty() ? -1 : 0x6761;
}

bool ApiEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const ApiEditCommand *>(other);
    if (m_mergeKey.isEmpty() || next->m_mergeKey != m_mergeKey || next->m_after->id != m_after->id)
        return false;
    m_after = next->m_after;
    return true;
}

AddApiCommand::AddApiCommand(ApiWorkspace *workspace, const ApiWorkspace::Entry &entry, const QString &text)
    : QUndoCommand(text)
    , m_workspace(workspace)
    , m_entry(entry)
{
}

void AddApiCommand::undo()
{
    m_workspace->removeApi(m_entry.api->id);
}

void AddApiCommand::redo()
{
    m_workspace->insertApi(m_entry, -1, {m_entry.api->id, QStringLiteral("/"), {}});
}

} // namespace Gatehouse::Ui
