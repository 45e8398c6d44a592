// Parser pieces that are awkward to express as golden cases: tokens and their positions, the
// reserved-word table, string ordering, and which members parse() fills.
#include <expressions/expressions.h>

#include "../../../core/expressions/lexer.h"
#include "../../../core/expressions/parser.h"
#include "../../../core/expressions/reservedwords.h"

#include <QRandomGenerator>
#include <QTest>
#include <QThread>

using namespace Gatehouse;
using namespace Gatehouse::Expressions;
using Items::AttributeValue;

class TestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokens_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("kinds");  // one letter per token, End excluded
        // i=identifier n=#name v=:value d=digits ( ) [ ] , . = ! (for <>) < l(<=) > g(>=) + - ?
        QTest::newRow("comparison") << "a = :v" << "i=v";
        QTest::newRow("operators") << "<> < <= > >= = + -" << "!<l>g=+-";
        QTest::newRow("path") << "#a.b[12]" << "n.i[d]";
        QTest::newRow("no spaces") << "a<>:v" << "i!v";
        QTest::newRow("lone sigils") << "# :" << "??";
        QTest::newRow("digits then name") << "1a" << "di";
        QTest::newRow("surrogate pair is one token") << QString::fromUtf8("a\xF0\x9F\x98\x80") << "i?";
        QTest::newRow("whitespace kinds") << "\ta\r\n" << "i";
    }
    void tokens()
    {
        QFETCH(QString, expression);
        QFETCH(QString, kinds);
        const QList<Token> tokens = tokenize(expression);
        QVERIFY(!tokens.isEmpty());
        QCOMPARE(tokens.last().kind, Token::Kind::End);
        QString got;
        for (qsizetype i = 0; i + 1 < tokens.size(); ++i) {
            static const char letters[] = "invd()[],.=!<l>g+-?";
            got += QLatin1Char(letters[int(tokens[i].kind)]);
            QCOMPARE(tokens[i].text, QStringView(expression).mid(tokens[i].start, tokens[i].length));
        }
        QCOMPARE(got, kinds);
    }

    void syntaxErrorNear_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("message");
        QTest::newRow("middle") << "a   x  b" << 1
                                << "Syntax error; token: \"x\", near: \"a   x  b\"";
        QTest::newRow("first") << "x b" << 0 << "Syntax error; token: \"x\", near: \"x b\"";
        QTest::newRow("last") << "a x" << 1 << "Syntax error; token: \"x\", near: \"a x\"";
        // Trailing whitespace stays in the excerpt, as the source text is quoted verbatim.
        QTest::newRow("end") << "a =  " << 2 << "Syntax error; token: \"<EOF>\", near: \"=  \"";
        QTest::newRow("empty") << "" << 0 << "Syntax error; token: \"<EOF>\", near: \"\"";
    }
    void syntaxErrorNear()
    {
        QFETCH(QString, expression);
        QFETCH(int, index);
        QFETCH(QString, message);
        QCOMPARE(syntaxError(expression, tokenize(expression), index), message);
    }

    void reservedWords_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<bool>("reserved");
        QTest::newRow("upper") << "STATUS" << true;
        QTest::newRow("lower") << "status" << true;
        QTest::newRow("mixed") << "sTaTuS" << true;
        QTest::newRow("first") << "abort" << true;
        QTest::newRow("last") << "zone" << true;
        QTest::newRow("with underscore") << "CURRENT_DATE" << false;  // not in the list
        QTest::newRow("id") << "id" << false;
        QTest::newRow("prefix") << "statu" << false;
        QTest::newRow("suffix") << "statuss" << false;
        QTest::newRow("non-ascii") << QString::fromUtf8("st\xC3\xA4tus") << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("very long") << QString(200, u'a') << false;
    }
    void reservedWords()
    {
        QFETCH(QString, word);
        QFETCH(bool, reserved);
        QCOMPARE(isReservedWord(word), reserved);
    }

    // The remapped UTF-16 comparison must agree with comparing UTF-8 bytes.
    void stringOrderMatchesUtf8()
    {
        QRandomGenerator rng(12345);
        const char16_t pool[] = {u'a', u'Z', 0x00E9, 0x7FFF, 0xE000, 0xFFFF};
        auto randomString = [&]() {
            QString s;
            const int len = int(rng.bounded(4));
            for (int i = 0; i < len; ++i) {
                if (rng.bounded(3) == 0) {
                    const char32_t cp = 0x10000 + rng.bounded(0x1000);
                    s += QString::fromUcs4(&cp, 1);
                } else {
                    s += QChar(pool[rng.bounded(int(std::size(pool)))]);
                }
            }
            return s;
        };
        for (int i = 0; i < 5000; ++i) {
            const QString x = randomString();
            const QString y = randomString();
            const QByteArray bx = x.toUtf8();
            const QByteArray by = y.toUtf8();
            const int want = bx < by ? -1 : (by < bx ? 1 : 0);
            const int got = compareScalars(AttributeValue::fromString(x),
                                           AttributeValue::fromString(y));
            QVERIFY2(got == want, qPrintable(x + u" vs " + y));
        }
    }

    void parseFillsOnlyGivenMembers()
    {
        ExpressionInput in;
        in.filterExpression = QStringLiteral("a = :v");
        in.projectionExpression = QStringLiteral("a");
        in.values = QMap<QString, AttributeValue>{
            {QStringLiteral(":v"), AttributeValue::fromString(QStringLiteral("x"))}};
        auto parsed = parse(in);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.status().message()));
        QVERIFY(parsed->filter);
        QVERIFY(parsed->projection);
        QVERIFY(!parsed->condition);
        QVERIFY(!parsed->keyCondition);
        QVERIFY(!parsed->update);
    }

    void noExpressionsIsFine()
    {
        auto parsed = parse(ExpressionInput());
        QVERIFY(parsed.isOk());
        QVERIFY(!parsed->condition && !parsed->filter && !parsed->update);
    }

    // A parsed condition is immutable: evaluating it from several threads at once is safe and
    // gives the same answers.
    void parsedConditionIsReusable()
    {
        ExpressionInput in;
        in.conditionExpression = QStringLiteral("n BETWEEN :lo AND :hi AND begins_with(s, :p)");
        in.values = QMap<QString, AttributeValue>{
            {QStringLiteral(":lo"), AttributeValue::fromNumber(*Items::Decimal::parse(u"10"))},
            {QStringLiteral(":hi"), AttributeValue::fromNumber(*Items::Decimal::parse(u"20"))},
            {QStringLiteral(":p"), AttributeValue::fromString(QStringLiteral("ab"))}};
        auto parsed = parse(in);
        QVERIFY(parsed.isOk());
        const ConditionNode &c = *parsed->condition;
        int matches = 0;
        for (int i = 0; i < 40; ++i) {
            Items::Item item;
            item.insert(QStringLiteral("n"),
                        AttributeValue::fromNumber(*Items::Decimal::parse(QString::number(i))));
            item.insert(QStringLiteral("s"), AttributeValue::fromString(
                                                 i % 2 ? QStringLiteral("abc") : QStringLiteral("b")));
            matches += evaluate(c, item) ? 1 : 0;
        }
        QCOMPARE(matches, 5);  // 11, 13, 15, 17, 19
    }

    void keyConditionOperators_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("op");
        using Op = KeyCondition::SortOp;
        QTest::newRow("none") << "pk = :a" << int(Op::None);
        QTest::newRow("eq") << "pk = :a AND sk = :b" << int(Op::Eq);
        QTest::newRow("lt") << "pk = :a AND sk < :b" << int(Op::Lt);
        QTest::newRow("le flipped") << "pk = :a AND :b >= sk" << int(Op::Le);
        QTest::newRow("gt flipped") << ":a = pk AND :b < sk" << int(Op::Gt);
        QTest::newRow("ge") << "sk >= :b AND pk = :a" << int(Op::Ge);
        QTest::newRow("between") << "pk = :a AND sk BETWEEN :b AND :b" << int(Op::Between);
        QTest::newRow("begins") << "pk = :a AND begins_with(sk, :b)" << int(Op::BeginsWith);
    }
    void keyConditionOperators()
    {
        QFETCH(QString, expression);
        QFETCH(int, op);
        ExpressionInput in;
        in.keyConditionExpression = expression;
        in.values = QMap<QString, AttributeValue>{
            {QStringLiteral(":a"), AttributeValue::fromString(QStringLiteral("p"))},
            {QStringLiteral(":b"), AttributeValue::fromString(QStringLiteral("s"))}};
        if (!expression.contains(QLatin1String(":b")))
            in.values->remove(QStringLiteral(":b"));
        auto parsed = parse(in);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.status().message()));
        auto key = resolveKeyCondition(*parsed->keyCondition, QStringLiteral("pk"),
                                       QStringLiteral("sk"));
        QVERIFY2(key.isOk(), qPrintable(key.status().message()));
        QCOMPARE(int(key->sortOp), op);
        QCOMPARE(key->partitionName, QStringLiteral("pk"));
        QCOMPARE(key->partitionValue, AttributeValue::fromString(QStringLiteral("p")));
        QCOMPARE(key->sortName.isEmpty(), op == int(KeyCondition::SortOp::None));
        if (op != int(KeyCondition::SortOp::None))
            QCOMPARE(key->sortValue1, AttributeValue::fromString(QStringLiteral("s")));
    }

    void keyConditionTypes_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("ok");
        QTest::newRow("matching") << "pk = :s AND sk BETWEEN :n AND :n" << true;
        QTest::newRow("hash only matching") << "pk = :s" << true;
        QTest::newRow("partition mismatch") << "pk = :n" << false;
        QTest::newRow("sort mismatch") << "pk = :s AND sk < :s" << false;
        QTest::newRow("between upper mismatch") << "pk = :s AND sk BETWEEN :n AND :n2" << false;
    }
    void keyConditionTypes()
    {
        QFETCH(QString, expression);
        QFETCH(bool, ok);
        ExpressionInput in;
        in.keyConditionExpression = expression;
        QMap<QString, AttributeValue> values{
            {QStringLiteral(":s"), AttributeValue::fromString(QStringLiteral("p"))},
            {QStringLiteral(":n"), AttributeValue::fromNumber(*Items::Decimal::parse(u"1"))},
            {QStringLiteral(":n2"), AttributeValue::fromString(QStringLiteral("2"))}};
        for (const QString &k : values.keys())
            if (!expression.contains(k + u' ') && !expression.endsWith(k))
                values.remove(k);
        in.values = values;
        auto parsed = parse(in);
        if (!parsed) {
            // Mixed-type BETWEEN bounds are already refused by the parser.
            QVERIFY2(!ok, qPrintable(parsed.status().message()));
            return;
        }
        auto key = resolveKeyCondition(*parsed->keyCondition, QStringLiteral("pk"),
                                       QStringLiteral("sk"));
        QVERIFY2(key.isOk(), qPrintable(key.status().message()));
        const Status s = checkKeyConditionTypes(*key, Items::AttributeType::S,
                                                Items::AttributeType::N);
        QCOMPARE(s.isOk(), ok);
        if (!ok)
            QCOMPARE(s.message(), QStringLiteral("One or more parameter values were invalid: "
                                                 "Condition parameter type does not match schema type"));
    }

    // Deep nesting must be refused before it exhausts a worker stack (1 MB here; Linux threads
    // get 8 MB by default).
    void deepNestingOnSmallStack()
    {
        const QStringList expressions = {
            QString(2000, u'(') + QStringLiteral("a = :v") + QString(2000, u')'),
            QStringLiteral("NOT ").repeated(1000) + QStringLiteral("a = :v"),
            QStringLiteral("size(").repeated(580) + QStringLiteral("a") + QString(580, u')')
                + QStringLiteral(" = :v"),
        };
        for (const QString &expression : expressions) {
            QString message;
            QThread *thread = QThread::create([&] {
                ExpressionInput in;
                in.conditionExpression = expression;
                in.values = QMap<QString, AttributeValue>{
                    {QStringLiteral(":v"), AttributeValue::fromString(QStringLiteral("x"))}};
                auto parsed = parse(in);
                message = parsed.isOk() ? QString() : parsed.status().message();
            });
            thread->setStackSize(1024 * 1024);
            thread->start();
            QVERIFY(thread->wait(QDeadlineTimer(60000)));
            delete thread;
            QVERIFY2(message.startsWith(QLatin1String("Invalid ConditionExpression: Syntax error; token: ")),
                     qPrintable(message));
        }
    }

    // Not a timed assertion: run with -iterations or -callgrind to compare evaluation cost.
    void evaluateBenchmark()
    {
        ExpressionInput in;
        in.filterExpression = QStringLiteral(
            "#s = :open AND (size(tags) > :two OR contains(tags, :hot)) AND price BETWEEN :lo AND :hi");
        in.names = QMap<QString, QString>{{QStringLiteral("#s"), QStringLiteral("status")}};
        in.values = QMap<QString, AttributeValue>{
            {QStringLiteral(":open"), AttributeValue::fromString(QStringLiteral("open"))},
            {QStringLiteral(":two"), AttributeValue::fromNumber(*Items::Decimal::parse(u"2"))},
            {QStringLiteral(":hot"), AttributeValue::fromString(QStringLiteral("hot"))},
            {QStringLiteral(":lo"), AttributeValue::fromNumber(*Items::Decimal::parse(u"10"))},
            {QStringLiteral(":hi"), AttributeValue::fromNumber(*Items::Decimal::parse(u"99.5"))}};
        auto parsed = parse(in);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.status().message()));
        Items::Item item;
        item.insert(QStringLiteral("status"), AttributeValue::fromString(QStringLiteral("open")));
        item.insert(QStringLiteral("tags"), AttributeValue::fromStringSet(
                                                {QStringLiteral("new"), QStringLiteral("hot")}));
        item.insert(QStringLiteral("price"),
                    AttributeValue::fromNumber(*Items::Decimal::parse(u"42.25")));
        bool result = false;
        QBENCHMARK {
            result = evaluate(*parsed->filter, item);
        }
        QVERIFY(result);
    }
};

QTEST_GUILESS_MAIN(TestParser)
#include "tst_parser.moc"
