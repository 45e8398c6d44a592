// Thread affinity: GUI thread.
#pragma once

#include <gateway/model.h>

#include <QObject>

#include <memory>

class QWidget;

namespace Gatehouse::Ui {

// The route editor's seam to ui/mocks' mock authoring view (status, headers, several
// responses, try-it), shown beside the integration responses of MOCK methods. page() is null
// while no such view is built in.
class MockPageHost : public QObject
{
    Q_OBJECT
public:
    explicit MockPageHost(QObject *parent = nullptr);
    ~MockPageHost() override;

    QWidget *page() const { return m_page; }
    void setMethod(std::shared_ptr<const Gateway::RestApi> api, const QString &path, const QString &httpMethod);

Q_SIGNALS:
    void methodEdited(const Gatehouse::Gateway::Method &edited, const QString &undoText);

private:
    QWidget *m_page = nullptr;
};

} // namespace Gatehouse::Ui
