// Thread affinity: GUI thread.
#pragma once

#include <ui/mocks/mockdesign.h>

#include <gateway/model.h>
#include <observe/requestrecord.h>

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTimer;
class QToolButton;

namespace Gatehouse::Ui {

class TemplateEditor;
class TryItPanel;
struct TryItResult;

// Mock response authoring for one method: its responses (status code, headers, content type,
// body template), the rules that choose between them ("when path parameter id equals 0 ->
// 404"), turned into the request template, selection patterns and method responses AWS needs,
// and a try-it panel that runs a sample request through the gateway pipeline as you type.
//
// The view never publishes or keeps an undo stack: each edit is offered through
// methodEdited() (after a short pause in typing), and the owner turns it into an undo command
// and republishes the API. Calling setMethod() again with the API that carries the emitted
// method keeps the view as it is (the cursor stays where the user types).
class MockAuthoringView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int EditDelayMs = 300;

    explicit MockAuthoringView(QWidget *parent = nullptr);
    ~MockAuthoringView() override;

    void setMethod(std::shared_ptr<const Gateway::RestApi> api, const QString &resourcePath,
                   const QString &httpMethod);

    // The method as edited now, and the API carrying it.
    Gateway::Method editedMethod() const;
    std::shared_ptr<const Gateway::RestApi> editedApi() const;
    const MockDesign &design() const { return m_design; }

    // The responses as listed (rules in evaluation order, the default last).
    int responseCount() const;
    int currentResponse() const { return m_current; }
    void selectResponse(int index);
    // Adds a response answering `statusCode` when the condition holds; returns its index.
    int addResponse(const QString &statusCode, const MockCondition &condition);
    void removeResponse(int index);
    // Switches to writing the request template by hand (keeping the generated one as a
    // start), or back to rules when the template reads as rules.
    void setHandWritten(bool handWritten);

    // The editors and fields, for the owner's layout and for tests driving the view.
    QComboBox *statusEdit() const { return m_status; }
    QCheckBox *defaultCheck() const { return m_default; }
    QComboBox *sourceEdit() const { return m_source; }
    QComboBox *nameEdit() const { return m_name; }
    QComboBox *operatorEdit() const { return m_op; }
    QLineEdit *valueEdit() const { return m_value; }
    QLineEdit *patternEdit() const { return m_pattern; }
    QComboBox *contentTypeEdit() const { return m_contentType; }
    QTableWidget *headersTable() const { return m_headers; }
    TemplateEditor *bodyEditor() const { return m_body; }
    TemplateEditor *requestTemplateEditor() const { return m_requestTemplate; }
    QListWidget *responseList() const { return m_list; }
    QLabel *problemsLabel() const { return m_problems; }
    TryItPanel *tryIt() const { return m_tryIt; }

    // Inserts a sample value (SampleData::Kind as int) at the body editor's cursor.
    void insertSample(int kind, int count = 3);

    // Emits a pending methodEdited() now instead of after the typing pause.
    void flushEdits();

public Q_SLOTS:
    // A request the inspector captured, offered to the try-it panel.
    void setCapturedRecord(const Gatehouse::Observe::RecordPtr &record);

Q_SIGNALS:
    void methodEdited(const Gatehouse::Gateway::Method &edited, const QString &undoText);

private:
    void buildUi();
    void showDesign();
    void showResponse();
    void updateList();
    void updateConditionWidgets();
    void readResponse();
    void edited(const QString &undoText);
    void checkTemplates();
    void tryItRan(const TryItResult &result);
    int responseForStatus(int status) const;
    void addHeaderRow(const QString &name, const QString &value);
    void moveResponse(int delta);
    QWidget *buildResponseEditor();

    std::shared_ptr<const Gateway::RestApi> m_api;
    QString m_resourcePath;
    QString m_httpMethod;
    Gateway::Method m_original;
    Gateway::Method m_lastEmitted;
    MockDesign m_design;
    int m_current = -1;
    bool m_loading = false;
    QString m_pendingUndo;
    QTimer *m_emitTimer;

    QLabel *m_title;
    QLabel *m_mode;
    QLabel *m_problems;
    QListWidget *m_list;
    QToolButton *m_addButton;
    QToolButton *m_removeButton;
    QToolButton *m_upButton;
    QToolButton *m_downButton;
    QTabWidget *m_tabs;
    QComboBox *m_status;
    QCheckBox *m_default;
    QWidget *m_conditionRow;
    QComboBox *m_source;
    QComboBox *m_name;
    QComboBox *m_op;
    QLineEdit *m_value;
    QLineEdit *m_pattern;
    QLabel *m_whenLabel;
    QLabel *m_patternLabel;
    QComboBox *m_contentType;
    QTableWidget *m_headers;
    QToolButton *m_sample;
    TemplateEditor *m_body;
    TemplateEditor *m_requestTemplate;
    QLabel *m_requestNote;
    QPushButton *m_modeButton;
    TryItPanel *m_tryIt;
};

} // namespace Gatehouse::Ui
