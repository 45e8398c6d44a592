// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QPushButton;
class QTableWidget;

namespace Gatehouse::Ui {

class ApiWorkspace;
class RowTable;

// An API's stages: what each serves (the live API, or a deployment snapshot), its stage
// variables, and "Deploy", which snapshots the API as it is now for the selected stage. Every
// change is an undoable edit of the API, served at once.
class StagesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StagesPanel(ApiWorkspace *workspace, QWidget *parent = nullptr);

    void setApi(const QString &apiId);
    QString apiId() const { return m_apiId; }
    QString selectedStage() const;
    void selectStage(const QString &name);
    QTableWidget *stages() const { return m_stages; }
    RowTable *variables() const { return m_variables; }
    QTableWidget *deployments() const { return m_deployments; }

public Q_SLOTS:
    void refresh();
    // Snapshots the API for the selected stage. An empty description asks for one.
    void deploy(const QString &description = {});
    void serveLive();
    void addStage(const QString &name = {});
    void removeStage();

Q_SIGNALS:
    void stageSelected(const QString &name);

private:
    ApiWorkspace *m_workspace;
    QString m_apiId;
    QTableWidget *m_stages;
    RowTable *m_variables;
    QTableWidget *m_deployments;
    QPushButton *m_deploy;
    QPushButton *m_live;
    QPushButton *m_remove;
    bool m_loading = false;
};

} // namespace Gatehouse::Ui
