// Thread affinity: GUI thread (run() is a pure function, callable from any thread).
#pragma once

#include <gateway/model.h>
#include <gateway/pipeline.h>
#include <observe/requestrecord.h>

#include <QVariantMap>
#include <QWidget>

#include <memory>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTimer;
class QToolButton;

namespace Gatehouse::Ui {

class TemplateEditor;

// What the pipeline answered a sample request, in process.
struct TryItResult
{
    bool ran = false;
    int status = 0;
    Http::HeaderList headers;
    QByteArray body;
    QVariantMap notes;               // the pipeline's record notes (error, integrationStatus, ...)
    QList<Observe::StageTiming> stages;
    qint64 totalUs = 0;
    // A template failure the pipeline reported: "request" or "response", with its place.
    QString errorTemplate;
    int errorLine = 0;
    int errorColumn = 0;
    QString errorMessage;
};

// The try-it panel of mock authoring: a sample request (method, path parameters, query,
// headers, body), composed here or taken from a request the inspector captured, run through
// the gateway pipeline against the API as edited (compiled in process, no socket), and the
// response it gets. Re-runs 150 ms after the last change to the request or the API.
class TryItPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int DebounceMs = 150;

    explicit TryItPanel(QWidget *parent = nullptr);

    // The method the sample request goes to; resets the request (path parameters get sample
    // values, the method's declared query parameters and headers are listed empty).
    void setMethod(const QString &resourcePath, const QString &httpMethod);
    // The API to run against (the edited one). Runs after the debounce.
    void setApi(std::shared_ptr<const Gateway::RestApi> api);

    // A request captured by the inspector; "Use captured request" fills the fields from it.
    void setCapturedRecord(const Observe::RecordPtr &record);
    bool useCapturedRecord();

    void setPathParameter(const QString &name, const QString &value);
    QString pathParameter(const QString &name) const;
    void setHttpMethod(const QString &method);
    void setQuery(const QString &query);
    void setHeaders(const QString &headerLines);
    void setBody(const QString &body);
    QString query() const;

    Gateway::InvocationRequest sampleRequest() const;
    const TryItResult &lastResult() const { return m_result; }
    QString responseBodyText() const;      // as shown (JSON indented)
    TemplateEditor *requestBodyEditor() const { return m_body; }
    // Runs at once (tests, the first show).
    void runNow();

    static TryItResult run(std::shared_ptr<const Gateway::RestApi> api,
                           const Gateway::InvocationRequest &request);

Q_SIGNALS:
    void ran(const Gatehouse::Ui::TryItResult &result);

private:
    void schedule();
    void showResult();
    void rebuildPathFields();
    QString requestLine() const;

    std::shared_ptr<const Gateway::RestApi> m_api;
    QString m_resourcePath;
    QString m_httpMethod;
    Observe::RecordPtr m_captured;
    TryItResult m_result;
    QTimer *m_timer;
    QToolButton *m_useCaptured;
    QComboBox *m_method;
    QFormLayout *m_form;
    QList<QPair<QString, QLineEdit *>> m_pathFields;
    QLineEdit *m_query;
    QPlainTextEdit *m_headers;
    TemplateEditor *m_body;
    QLabel *m_requestLine;
    QLabel *m_status;
    QLabel *m_summary;
    QPlainTextEdit *m_responseHeaders;
    TemplateEditor *m_responseBody;
    QLabel *m_error;
};

} // namespace Gatehouse::Ui

Q_DECLARE_METATYPE(Gatehouse::Ui::TryItResult)
