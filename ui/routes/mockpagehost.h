// Thread affinity: GUI thread.
#pragma once

#include <gateway/model.h>

#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;

namespace Gatehouse::Ui {

class MockAuthoringView;

// The route editor's seam to ui/mocks' mock authoring view (responses chosen by rules,
// headers, try-it), shown beside the integration responses of MOCK methods. The host
// remembers which method the view shows, so an edit it reports after a pause in typing lands
// on that method even if the selection moved meanwhile.
class MockPageHost : public QObject
{
    Q_OBJECT
public:
    explicit MockPageHost(QObject *parent = nullptr);
    ~MockPageHost() override;

    QWidget *page() const;
    MockAuthoringView *view() const { return m_view; }
    void setMethod(std::shared_ptr<const Gateway::RestApi> api, const QString &path, const QString &httpMethod);
    QString apiId() const { return m_apiId; }
    QString path() const { return m_path; }

Q_SIGNALS:
    void methodEdited(const QString &apiId, const QString &path, const Gatehouse::Gateway::Method &edited,
                      const QString &undoText);

private:
    QPointer<MockAuthoringView> m_view;
    QString m_apiId;
    QString m_path;
};

} // namespace Gatehouse::Ui
