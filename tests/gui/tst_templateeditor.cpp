// The template editor of mock authoring: the VTL lexer's styles at given positions (directly
// and through Scintilla), folding, completion of $input/$util/$context members, and the error
// underline at a VtlError's line and column.
#include <ui/mocks/templateeditor.h>
#include <ui/mocks/vtlcompletion.h>
#include <ui/mocks/vtllexer.h>
#include <ui/qsci.h>

#include <vtl/template.h>

#include <QtTest>

using namespace Gatehouse;
using namespace Gatehouse::Ui;

class TestTemplateEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lexerStyles_data();
    void lexerStyles();
    void editorStylesThroughScintilla();
    void foldLevels();
    void completionMembers_data();
    void completionMembers();
    void completionPopupWhileTyping();
    void completionAddsCallParentheses();
    void errorUnderline();
    void setTextDoesNotEmitEdited();
};

Q_DECLARE_METATYPE(VtlLexer::Style)

void TestTemplateEditor::lexerStyles_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("needle");  // the style is checked on every byte of it
    QTest::addColumn<int>("occurrence");  // which occurrence of needle (0-based)
    QTest::addColumn<VtlLexer::Style>("style");

    const QString t1 = QStringLiteral("#if($input.params('id') == '0')\n{\"statusCode\": 404}\n#end");
    QTest::newRow("directive") << t1 << "#if" << 0 << VtlLexer::Directive;
    QTest::newRow("reference with call") << t1 << "$input.params" << 0 << VtlLexer::Reference;
    QTest::newRow("single-quoted argument") << t1 << "'id'" << 0 << VtlLexer::String;
    QTest::newRow("comparison operator") << t1 << "==" << 0 << VtlLexer::Operator;
    QTest::newRow("json key") << t1 << "\"statusCode\"" << 0 << VtlLexer::JsonKey;
    QTest::newRow("json number") << t1 << "404" << 0 << VtlLexer::Number;
    QTest::newRow("end") << t1 << "#end" << 0 << VtlLexer::Directive;

    const QString t2 = QStringLiteral("## a line comment $x\n#* block\n $y *#\n$!name ${braced}");
    QTest::newRow("line comment") << t2 << "## a line comment $x" << 0 << VtlLexer::LineComment;
    QTest::newRow("block comment spans lines") << t2 << " $y *#" << 0 << VtlLexer::BlockComment;
    QTest::newRow("quiet reference") << t2 << "$!name" << 0 << VtlLexer::Reference;
    QTest::newRow("braced reference") << t2 << "${braced}" << 0 << VtlLexer::Reference;

    const QString t3 = QStringLiteral(
        "{\"name\": \"$input.path('$.name')\", \"ok\": true, \"tags\": [\"a\"]}\n"
        "#foreach($item in $list)$item.size()#end\n#set($n = 10)");
    QTest::newRow("reference inside json string") << t3 << "$input.path" << 0 << VtlLexer::Reference;
    QTest::newRow("jsonpath argument") << t3 << "'$.name'" << 0 << VtlLexer::String;
    QTest::newRow("json string value") << t3 << "\"a\"" << 0 << VtlLexer::String;
    QTest::newRow("json true") << t3 << "true" << 0 << VtlLexer::Keyword;
    QTest::newRow("foreach") << t3 << "#foreach" << 0 << VtlLexer::Directive;
    QTest::newRow("in keyword") << t3 << "in" << 1 << VtlLexer::Keyword;
    QTest::newRow("method after reference") << t3 << "$item.size" << 0 << VtlLexer::Reference;
    QTest::newRow("set number") << t3 << "10" << 0 << VtlLexer::Number;

    const QString t4 = QStringLiteral("Price: \\$5 #notadirective #{else}x");
    QTest::newRow("escaped reference") << t4 << "\\$5" << 0 << VtlLexer::Default;
    QTest::newRow("unknown hash word") << t4 << "#notadirective" << 0 << VtlLexer::Default;
    QTest::newRow("braced directive") << t4 << "#{else}" << 0 << VtlLexer::Directive;
}

void TestTemplateEditor::lexerStyles()
{
    QFETCH(QString, text);
    QFETCH(QString, needle);
    QFETCH(int, occurrence);
    QFETCH(VtlLexer::Style, style);
    const QByteArray bytes = text.toUtf8();
    const QByteArray styles = VtlLexer::classify(bytes);
    QCOMPARE(styles.size(), bytes.size());
    qsizetype at = -1;
    for (int i = 0; i <= occurrence; ++i) {
        at = bytes.indexOf(needle.toUtf8(), at + 1);
        QVERIFY2(at >= 0, "needle not found");
    }
    for (qsizetype i = at; i < at + needle.toUtf8().size(); ++i)
        QVERIFY2(styles[i] == char(style),
                 qPrintable(QStringLiteral("byte %1 ('%2') has style %3, expected %4")
                                .arg(i)
                                .arg(QChar(bytes[i]))
                                .arg(int(styles[i]))
                                .arg(int(style))));
}

void TestTemplateEditor::editorStylesThroughScintilla()
{
    TemplateEditor editor;
    editor.resize(500, 300);
    editor.setLanguage(TemplateEditor::Language::Vtl);
    const QString text = QStringLiteral("#set($x = \"é\")\n{\"k\": \"$x\"} ## done");
    editor.setText(text);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    // Scintilla styles lazily: ask for the whole document.
    editor.editor()->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
    const QByteArray bytes = text.toUtf8();
    const QByteArray expected = VtlLexer::classify(bytes);
    for (int i = 0; i < bytes.size(); ++i)
        QCOMPARE(editor.styleAt(i), int(uchar(expected[i])));
    QCOMPARE(editor.styleAt(0), int(VtlLexer::Directive));
    QCOMPARE(editor.styleAt(int(bytes.indexOf("## done"))), int(VtlLexer::LineComment));
}

void TestTemplateEditor::foldLevels()
{
    const QByteArray text = "#foreach($i in $list)\n  #if($i)\n    {\"a\": [\n      1\n    ]}\n"
                            "  #end\n#end\nafter";
    QList<int> levels;
    VtlLexer::classify(text, &levels);
    QCOMPARE(levels.size(), 8);
    const int base = QsciScintillaBase::SC_FOLDLEVELBASE;
    const int header = QsciScintillaBase::SC_FOLDLEVELHEADERFLAG;
    const int mask = QsciScintillaBase::SC_FOLDLEVELNUMBERMASK;
    QCOMPARE(levels[0] & mask, base);
    QVERIFY(levels[0] & header);          // #foreach opens
    QCOMPARE(levels[1] & mask, base + 1);
    QVERIFY(levels[1] & header);          // #if opens
    QVERIFY(levels[2] & header);          // '[' opens (the braces close on line 5)
    QCOMPARE(levels[3] & mask, base + 4); // inside the object and its array
    QCOMPARE(levels[6] & mask, base + 1); // the outer #end is inside the #foreach block
    QVERIFY(!(levels[6] & header));
    QCOMPARE(levels[7] & mask, base);     // after the block
}

void TestTemplateEditor::completionMembers_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("mustContain");

    QTest::newRow("top level") << "{\"a\": \"$" << "" << QStringList{"input", "util", "context", "stageVariables", "declared"};
    QTest::newRow("input") << "$input." << "input" << QStringList{"body", "json", "path", "params"};
    QTest::newRow("input partial") << "$input.pa" << "input" << QStringList{"path", "params"};
    QTest::newRow("params map") << "$input.params()." << "input.params" << QStringList{"path", "querystring", "header"};
    QTest::newRow("util") << "#set($b = $util." << "util"
                          << QStringList{"escapeJavaScript", "parseJson", "urlEncode", "urlDecode",
                                         "base64Encode", "base64Decode"};
    QTest::newRow("context") << "$context." << "context"
                             << QStringList{"requestId", "identity", "httpMethod", "resourcePath",
                                            "stage", "requestTime", "requestTimeEpoch", "path",
                                            "responseOverride"};
    QTest::newRow("identity") << "${context.identity." << "context.identity" << QStringList{"sourceIp", "userAgent"};
    QTest::newRow("quiet") << "$!context.error." << "context.error" << QStringList{"message", "responseType"};
    QTest::newRow("stage variables") << "$stageVariables." << "stageVariables" << QStringList{"tableName"};
}

void TestTemplateEditor::completionMembers()
{
    QFETCH(QString, before);
    QFETCH(QString, path);
    QFETCH(QStringList, mustContain);
    const VtlCompletion::Request r = VtlCompletion::at(before, {QStringLiteral("declared")},
                                                       {QStringLiteral("tableName")});
    QVERIFY(r.valid);
    QCOMPARE(r.path, path);
    for (const QString &m : mustContain)
        QVERIFY2(r.members.contains(m), qPrintable(m));
    // Not a reference: nothing to complete.
    QVERIFY(!VtlCompletion::at(QStringLiteral("$input.body is ")).valid);
}

void TestTemplateEditor::completionPopupWhileTyping()
{
    TemplateEditor editor;
    editor.setLanguage(TemplateEditor::Language::Vtl);
    editor.setStageVariableNames({QStringLiteral("tableName")});
    editor.resize(500, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.editor()->setFocus();
    QTest::keyClicks(editor.editor(), QStringLiteral("{\"ip\": \"$context.identity."));
    QVERIFY(editor.isCompletionShown());
    QVERIFY(editor.completionsAtCursor().contains(QStringLiteral("sourceIp")));
    QTest::keyClicks(editor.editor(), QStringLiteral("sourceI"));
    QTest::keyClick(editor.editor(), Qt::Key_Return);
    QCOMPARE(editor.text(), QStringLiteral("{\"ip\": \"$context.identity.sourceIp"));
}

void TestTemplateEditor::completionAddsCallParentheses()
{
    TemplateEditor editor;
    editor.setLanguage(TemplateEditor::Language::Vtl);
    editor.resize(500, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.editor()->setFocus();
    QTest::keyClicks(editor.editor(), QStringLiteral("$util.base64E"));
    QVERIFY(editor.isCompletionShown());
    QTest::keyClick(editor.editor(), Qt::Key_Tab);
    QCOMPARE(editor.text(), QStringLiteral("$util.base64Encode()"));
    int line = 0, index = 0;
    editor.editor()->getCursorPosition(&line, &index);
    QCOMPARE(index, int(QStringLiteral("$util.base64Encode(").size()));
}

void TestTemplateEditor::errorUnderline()
{
    TemplateEditor editor;
    editor.setLanguage(TemplateEditor::Language::Vtl);
    const QString source = QStringLiteral("{\n  \"a\": 1,\n  #if($x == )\n#end\n}");
    editor.setText(source);
    Vtl::VtlError error;
    QVERIFY(!Vtl::Template::compileWithError(source, &error));
    QVERIFY(error.isValid());
    QCOMPARE(error.line, 3);
    editor.setError(error.line, error.column, error.message);
    QVERIFY(editor.hasError());
    QCOMPARE(editor.errorLine(), 3);
    QVERIFY(editor.isUnderlined(error.line, error.column));
    QVERIFY(!editor.isUnderlined(2, 3));
    QVERIFY(!editor.isUnderlined(error.line, 1));
    QCOMPARE(editor.editor()->annotation(error.line - 1).contains(error.message), true);
    editor.clearError();
    QVERIFY(!editor.hasError());
    QVERIFY(!editor.isUnderlined(error.line, error.column));
    QVERIFY(editor.editor()->annotation(error.line - 1).isEmpty());
}

void TestTemplateEditor::setTextDoesNotEmitEdited()
{
    TemplateEditor editor;
    QSignalSpy edited(&editor, &TemplateEditor::textEdited);
    editor.setText(QStringLiteral("{}"));
    QCOMPARE(edited.count(), 0);
    editor.insertAtCursor(QStringLiteral("\"x\""));
    QVERIFY(edited.count() >= 1);
    QCOMPARE(editor.text(), QStringLiteral("\"x\"{}"));
}

QTEST_MAIN(TestTemplateEditor)
#include "tst_templateeditor.moc"
