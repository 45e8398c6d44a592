#include <items/attributevalue.h>

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cstring>

using namespace Gatehouse;
using namespace Gatehouse::Items;

namespace {

int unsignedCompare(const QByteArray &a, const QByteArray &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    const int c = std::memcmp(a.constData(), b.constData(), size_t(n));
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// Code point order, the service's string order, computed without UTF-8.
bool codePointLess(const QString &a, const QString &b)
{
    const QList<uint> x = a.toUcs4(), y = b.toUcs4();
    return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
}

QByteArray key(const QString &s)
{
    return encodeKeyValue(AttributeValue::fromString(s));
}

QByteArray key(const QByteArray &b)
{
    return encodeKeyValue(AttributeValue::fromBinary(b));
}

QByteArray numberKey(const char *n)
{
    return encodeKeyValue(AttributeValue::fromNumber(*Decimal::parse(QString::fromLatin1(n))));
}

} // namespace

class TestKeyEncoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stringsInCodePointOrder();
    void surrogatesDifferFromQStringOrder();
    void stringPrefixes();
    void binaryUnsigned();
    void numbers();
    void numberKeysSelfDelimiting();
};

void TestKeyEncoding::stringsInCodePointOrder()
{
    QStringList strings = {
        QString(),
        QStringLiteral("a"),
        QStringLiteral("A"),
        QStringLiteral("ab"),
        QStringLiteral("a\u0000"),
        QStringLiteral("b"),
        QStringLiteral("Z"),
        QStringLiteral("~"),
        QStringLiteral("\u007f"),
        QStringLiteral("\u0080"),
        QStringLiteral("é"),
        QStringLiteral("e\u0301"),
        QStringLiteral("\u07ff"),
        QStringLiteral("\u0800"),
        QStringLiteral("中文"),
        QStringLiteral("\ud7ff"),
        QStringLiteral("\ue000"),
        QStringLiteral("\uff61"),
        QStringLiteral("\ufffd"),
        QStringLiteral("\uffff"),
        QString::fromUcs4(U"\U00010000"),
        QString::fromUcs4(U"\U0001F600"),
        QString::fromUcs4(U"\U0001F600a"),
        QString::fromUcs4(U"\U0010FFFF"),
        QStringLiteral("user#1"),
        QStringLiteral("user#10"),
        QStringLiteral("user#2"),
    };
    QRandomGenerator rng(42);
    std::shuffle(strings.begin(), strings.end(), rng);

    QStringList byKey = strings;
    std::sort(byKey.begin(), byKey.end(), [](const QString &a, const QString &b) {
        return unsignedCompare(key(a), key(b)) < 0;
    });
    QStringList byCodePoint = strings;
    std::sort(byCodePoint.begin(), byCodePoint.end(), codePointLess);
    QCOMPARE(byKey, byCodePoint);
    // The encoding is the UTF-8 text itself (what begins_with needs).
    for (const QString &s : strings)
        QCOMPARE(key(s), s.toUtf8());
}

void TestKeyEncoding::surrogatesDifferFromQStringOrder()
{
    // UTF-16 puts U+1F600 (surrogates D83D DE00) before U+FF61; the service, comparing UTF-8
    // bytes, puts it after. A QString comparison would get range keys wrong here.
    const QString emoji = QString::fromUcs4(U"\U0001F600");
    const QString halfwidth = QStringLiteral("\uff61");
    QVERIFY(QString::compare(emoji, halfwidth) < 0);
    QVERIFY(unsignedCompare(key(halfwidth), key(emoji)) < 0);
}

void TestKeyEncoding::stringPrefixes()
{
    // begins_with(sk, :p) is the byte range [key(p), successor): prefixes stay byte prefixes.
    const QStringList values = {QStringLiteral("abc"), QStringLiteral("ab"), QStringLiteral("abd"),
                                QStringLiteral("a"), QStringLiteral("ab\u00e9"),
                                QString::fromUcs4(U"ab\U0001F600")};
    for (const QString &v : values) {
        for (const QString &p : values) {
            QCOMPARE(key(v).startsWith(key(p)), v.startsWith(p));
        }
    }
    QVERIFY(key(QStringLiteral("abc")).startsWith(key(QString())));
}

void TestKeyEncoding::binaryUnsigned()
{
    const QList<QByteArray> ascending = {
        QByteArray(),
        QByteArray("\x00", 1),
        QByteArray("\x00\x00", 2),
        QByteArray("\x00\x01", 2),
        QByteArray("\x01", 1),
        QByteArray("\x7f", 1),
        QByteArray("\x7f\xff", 2),
        QByteArray("\x80", 1),
        QByteArray("\x80\x00", 2),
        QByteArray("\xfe", 1),
        QByteArray("\xff", 1),
        QByteArray("\xff\x00", 2),
        QByteArray("\xff\xff", 2),
    };
    QList<QByteArray> shuffled = ascending;
    QRandomGenerator rng(3);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::sort(shuffled.begin(), shuffled.end(), [](const QByteArray &a, const QByteArray &b) {
        return unsignedCompare(key(a), key(b)) < 0;
    });
    QCOMPARE(shuffled, ascending);
    for (const QByteArray &b : ascending)
        QCOMPARE(key(b), b);
    QVERIFY(key(QByteArray("\x01\x02\x03")).startsWith(key(QByteArray("\x01\x02"))));
}

void TestKeyEncoding::numbers()
{
    const char *ascending[] = {"-1E+125", "-100", "-99.5", "-1", "-0.5", "-1E-130", "0",
                               "1E-130",  "0.5",  "1",     "1.5", "10", "1E+125"};
    for (size_t i = 0; i + 1 < std::size(ascending); ++i)
        QVERIFY2(unsignedCompare(numberKey(ascending[i]), numberKey(ascending[i + 1])) < 0,
                 ascending[i]);
    QCOMPARE(numberKey("1.50"), numberKey("1.5"));
    QCOMPARE(numberKey("-0"), numberKey("0"));
}

void TestKeyEncoding::numberKeysSelfDelimiting()
{
    // In a composite key (a number followed by more bytes) the number decides first.
    QRandomGenerator rng(11);
    const char *ascending[] = {"-12.3", "-12", "-1.23", "0", "1.2", "1.23", "12", "12.3"};
    for (size_t i = 0; i + 1 < std::size(ascending); ++i) {
        for (int trial = 0; trial < 50; ++trial) {
            QByteArray tailA(rng.bounded(4), Qt::Uninitialized);
            QByteArray tailB(rng.bounded(4), Qt::Uninitialized);
            for (char &c : tailA)
                c = char(rng.bounded(256));
            for (char &c : tailB)
                c = char(rng.bounded(256));
            QVERIFY(unsignedCompare(numberKey(ascending[i]) + tailA,
                                    numberKey(ascending[i + 1]) + tailB)
                    < 0);
        }
    }
}

QTEST_GUILESS_MAIN(TestKeyEncoding)
#include "tst_keyencoding.moc"
