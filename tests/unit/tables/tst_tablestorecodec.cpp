// The table store's binary item format and key-range helpers.
#include <tables/store/itemcodec.h>
#include <tables/store/keyrange.h>

#include <QJsonDocument>
#include <QTest>

Q_DECLARE_METATYPE(Gatehouse::Items::AttributeValue)

using namespace Gatehouse;
using namespace Gatehouse::Items;
using namespace Gatehouse::Tables::Store;

namespace {

AttributeValue S(const QString &s)
{
    return AttributeValue::fromString(s);
}

AttributeValue N(const char *text)
{
    auto d = Decimal::parse(QString::fromLatin1(text));
    Q_ASSERT(d.isOk());
    return AttributeValue::fromNumber(d.value());
}

AttributeValue B(const QByteArray &b)
{
    return AttributeValue::fromBinary(b);
}

QByteArray json(const Item &item)
{
    return QJsonDocument(itemToJson(item)).toJson(QJsonDocument::Compact);
}

// A value nested `depth` levels deep, alternating maps and lists.
AttributeValue nested(int depth)
{
    AttributeValue v = N("-0.000123");
    for (int i = 0; i < depth; ++i) {
        if (i % 2)
            v = AttributeValue::fromMap(
                {{QStringLiteral("k%1").arg(i), v}, {QStringLiteral("z"), S("x")}});
        else
            v = AttributeValue::fromList({v, AttributeValue::null()});
    }
    return v;
}

Item everyType()
{
    Item item;
    item.insert(QStringLiteral("s"), S(QStringLiteral("h\u00e9llo \U0001F600")));
    item.insert(QStringLiteral("n"), N("-12345678901234567890.123456789012345678"));
    item.insert(QStringLiteral("b"), B(QByteArray("\x00\xff\x01", 3)));
    item.insert(QStringLiteral("ss"),
                AttributeValue::fromStringSet({QStringLiteral("z"), QStringLiteral("a")}));
    item.insert(QStringLiteral("ns"),
                AttributeValue::fromNumberSet(
                    {Decimal::parse(u"3").value(), Decimal::parse(u"-1E-130").value()}));
    item.insert(QStringLiteral("bs"),
                AttributeValue::fromBinarySet({QByteArray("\xff", 1), QByteArray("a")}));
    item.insert(QStringLiteral("m"),
                AttributeValue::fromMap({{QStringLiteral("x"), AttributeValue::fromBool(true)}}));
    item.insert(QStringLiteral("l"), AttributeValue::fromList({AttributeValue::fromBool(false),
                                                               AttributeValue::null()}));
    item.insert(QStringLiteral("t"), AttributeValue::fromBool(true));
    item.insert(QStringLiteral("f"), AttributeValue::fromBool(false));
    item.insert(QStringLiteral("nul"), AttributeValue::null());
    return item;
}

} // namespace

class TestTableStoreCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<Item>("item");
        QTest::newRow("empty item") << Item();
        QTest::newRow("empty string") << Item{{QStringLiteral("a"), S(QString())}};
        QTest::newRow("unicode string")
            << Item{{QStringLiteral("\u4e2d"), S(QStringLiteral("\uffe5\U0001F600"))}};
        QTest::newRow("zero") << Item{{QStringLiteral("a"), N("0")}};
        QTest::newRow("negative decimal") << Item{{QStringLiteral("a"), N("-1.5")}};
        QTest::newRow("huge") << Item{
            {QStringLiteral("a"), N("9.9999999999999999999999999999999999999E+125")}};
        QTest::newRow("tiny") << Item{{QStringLiteral("a"), N("-1E-130")}};
        QTest::newRow("38 digits")
            << Item{{QStringLiteral("a"), N("12345678901234567890123456789012345678")}};
        QTest::newRow("empty binary") << Item{{QStringLiteral("a"), B(QByteArray())}};
        QTest::newRow("binary") << Item{{QStringLiteral("a"), B(QByteArray("\x00\x80\xff", 3))}};
        QTest::newRow("large binary") << Item{{QStringLiteral("a"), B(QByteArray(300000, '\xab'))}};
        QTest::newRow("every type") << everyType();
        QTest::newRow("empty map and list")
            << Item{{QStringLiteral("m"), AttributeValue::fromMap({})},
                    {QStringLiteral("l"), AttributeValue::fromList({})}};
        QTest::newRow("nested 2") << Item{{QStringLiteral("a"), nested(2)}};
        QTest::newRow("nested 32") << Item{{QStringLiteral("a"), nested(32)}};
        QTest::newRow("every type nested")
            << Item{{QStringLiteral("a"),
                     AttributeValue::fromList({AttributeValue::fromMap(everyType()),
                                               AttributeValue::fromMap(everyType())})}};
        Item many;
        for (int i = 0; i < 300; ++i)
            many.insert(QStringLiteral("attr%1").arg(i), N(QByteArray::number(i).constData()));
        QTest::newRow("300 attributes") << many;
    }

    void roundTrip()
    {
        QFETCH(Item, item);
        const QByteArray bytes = encodeItem(item);
        auto decoded = decodeItem(bytes);
        QVERIFY2(decoded.isOk(), qPrintable(decoded.status().toString()));
        QVERIFY(decoded.value() == item);
        // JSON keeps set order, so this also checks that sets come back in insertion order.
        QCOMPARE(json(decoded.value()), json(item));
    }

    // GetItem's text written from the stored bytes is the text it wrote from the decoded item.
    void storedJsonMatchesItemJson_data() { roundTrip_data(); }
    void storedJsonMatchesItemJson()
    {
        QFETCH(Item, item);
        const QByteArray bytes = encodeItem(item);
        QByteArray fromItem = "prefix";
        appendItemJson(fromItem, decodeItem(bytes).value());
        QByteArray fromBytes = "prefix";
        const Status s = appendStoredItemJson(fromBytes, bytes.constData(), bytes.size());
        QVERIFY2(s.isOk(), qPrintable(s.toString()));
        QCOMPARE(fromBytes, fromItem);
    }

    void storedJsonEscapesStrings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c");
        QTest::newRow("controls") << QStringLiteral("\b\f\n\r\t") + QChar(0x01) + QChar(0x1f);
        QTest::newRow("nul") << QString(QChar(0));
        QTest::newRow("del and non-ASCII") << QString(QChar(0x7f)) + QStringLiteral("\u00e9\u2028\U0001F600");
        QTest::newRow("lone surrogate") << QString(QChar(0xd800)) + QStringLiteral("x");
        // Names whose UTF-8 byte order is not their UTF-16 order.
        QTest::newRow("BMP private use vs emoji") << QStringLiteral("\uffff\U0001F600");
    }

    void storedJsonEscapesStrings()
    {
        QFETCH(QString, text);
        const Item item{{text, S(text)},
                        {QStringLiteral("ss"), AttributeValue::fromStringSet({text})},
                        {QStringLiteral("\U0001F600"), S(text)},
                        {QStringLiteral("\ue000"), AttributeValue::fromMap({{text, S(text)}, {QStringLiteral("\U00010000"), S(text)}})}};
        const QByteArray bytes = encodeItem(item);
        QByteArray fromItem;
        appendItemJson(fromItem, decodeItem(bytes).value());
        QByteArray fromBytes;
        QVERIFY(appendStoredItemJson(fromBytes, bytes.constData(), bytes.size()).isOk());
        QCOMPARE(fromBytes, fromItem);
        // And it is JSON that reads back as the item.
        QJsonParseError error;
        QJsonDocument::fromJson(fromBytes, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    void storedJsonRejectsCorruptBytes()
    {
        const QByteArray bytes = encodeItem(everyType());
        for (qsizetype n = 0; n < bytes.size(); ++n) {
            QByteArray out;
            const Status s = appendStoredItemJson(out, bytes.constData(), n);
            QVERIFY2(!s.isOk(), qPrintable(QStringLiteral("prefix of %1 bytes written").arg(n)));
            QCOMPARE(s.code(), QStringLiteral("InternalServerError"));
        }
        const QByteArray longer = bytes + "x";
        QByteArray out;
        QVERIFY(!appendStoredItemJson(out, longer.constData(), longer.size()).isOk());
    }

    void compactness()
    {
        const Item item{{QStringLiteral("pk"), S(QStringLiteral("user#1"))},
                        {QStringLiteral("n"), N("42")}};
        // 1 format + 1 count + (1+2 name, 1 tag, 1+6) + (1+1 name, 1 tag, 1+2)
        QCOMPARE(encodeItem(item).size(), 19);
    }

    void corruptInputFailsCleanly()
    {
        const QByteArray bytes = encodeItem(everyType());
        for (qsizetype n = 0; n < bytes.size(); ++n) {
            auto decoded = decodeItem(bytes.left(n));
            QVERIFY2(!decoded.isOk(),
                     qPrintable(QStringLiteral("prefix of %1 bytes decoded").arg(n)));
            QCOMPARE(decoded.status().code(), QStringLiteral("InternalServerError"));
        }
        QVERIFY(!decodeItem(bytes + "x").isOk());
        QByteArray badTag = encodeItem(Item{{QStringLiteral("a"), AttributeValue::null()}});
        badTag[badTag.size() - 1] = char(99);
        QVERIFY(!decodeItem(badTag).isOk());
        // A count claiming more elements than there are bytes must not allocate or crash.
        QVERIFY(!decodeItem(QByteArray("\x01\xff\xff\xff\xff\x0f", 6)).isOk());
        QVERIFY(!decodeItem(QByteArray("\x02\x00", 2)).isOk()); // unknown format byte
    }

    void segmentHashIsMurmur3()
    {
        // Written to disk: these published MurmurHash3_x86_32 (seed 0) values must never change.
        QCOMPARE(segmentOf(QByteArray()), 0u);
        QCOMPARE(segmentOf(QByteArray("hello")), 0x248bfa47u);
        QCOMPARE(segmentOf(QByteArray("The quick brown fox jumps over the lazy dog")), 0x2e4ff723u);
    }

    void segmentRanges()
    {
        for (int total = 1; total <= 7; ++total) {
            qint64 next = 0;
            for (int s = 0; s < total; ++s) {
                const SegmentRange r = segmentRange(s, total);
                QCOMPARE(r.first, next);
                QVERIFY(r.last > r.first);
                next = r.last;
            }
            QCOMPARE(next, qint64(1) << 32);
        }
        QCOMPARE(segmentRange(999999, 1000000).last, qint64(1) << 32);
    }

    void prefixSuccessor_data()
    {
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<QByteArray>("successor");
        QTest::addColumn<bool>("exists");
        QTest::newRow("ascii") << QByteArray("ab") << QByteArray("ac") << true;
        QTest::newRow("trailing ff") << QByteArray("a\xff") << QByteArray("b") << true;
        QTest::newRow("two trailing ff")
            << QByteArray("a\x01\xff\xff") << QByteArray("a\x02") << true;
        QTest::newRow("fe") << QByteArray("a\xfe") << QByteArray("a\xff") << true;
        QTest::newRow("all ff") << QByteArray("\xff\xff") << QByteArray() << false;
        QTest::newRow("empty") << QByteArray() << QByteArray() << false;
    }

    void prefixSuccessor()
    {
        QFETCH(QByteArray, prefix);
        QFETCH(QByteArray, successor);
        QFETCH(bool, exists);
        const auto next = Gatehouse::Tables::Store::prefixSuccessor(prefix);
        QCOMPARE(next.has_value(), exists);
        if (exists)
            QCOMPARE(*next, successor);
    }
};

QTEST_GUILESS_MAIN(TestTableStoreCodec)
#include "tst_tablestorecodec.moc"
