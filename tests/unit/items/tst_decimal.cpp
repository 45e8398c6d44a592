#include <items/decimal.h>
#include <items/dynamoerror.h>

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

using namespace Gatehouse;
using namespace Gatehouse::Items;

namespace {

const QString kNotNumeric = QStringLiteral("The parameter cannot be converted to a numeric value: ");
const QString kPrecision =
    QStringLiteral("Attempting to store more than 38 significant digits in a Number");
const QString kOverflow = QStringLiteral(
    "Number overflow. Attempting to store a number with magnitude larger than supported range");
const QString kUnderflow = QStringLiteral(
    "Number underflow. Attempting to store a number with magnitude smaller than supported range");

Decimal dec(const QString &text)
{
    Result<Decimal> r = Decimal::parse(text);
    if (!r)
        qFatal("test number %s does not parse: %s", qPrintable(text),
               qPrintable(r.status().toString()));
    return r.value();
}

int unsignedCompare(const QByteArray &a, const QByteArray &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    const int c = std::memcmp(a.constData(), b.constData(), size_t(n));
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int sign(int v)
{
    return (v > 0) - (v < 0);
}

// An independent reference: a number as a fixed-point digit array, index i holding the digit
// of 10^(i - kLow). Wide enough for the sum of two numbers of the supported range.
constexpr int kLow = 170;
constexpr int kWidth = 300;
struct Fixed
{
    bool negative = false;
    std::array<int, kWidth> d{};
};

Fixed fixedFrom(bool negative, const QByteArray &digits, int sciExponent)
{
    Fixed f;
    f.negative = negative;
    for (int j = 0; j < digits.size(); ++j)
        f.d[sciExponent - j + kLow] = digits[j] - '0';
    return f;
}

bool isZero(const Fixed &f)
{
    return std::all_of(f.d.begin(), f.d.end(), [](int x) { return x == 0; });
}

int compareMagnitude(const Fixed &a, const Fixed &b)
{
    for (int i = kWidth - 1; i >= 0; --i) {
        if (a.d[i] != b.d[i])
            return a.d[i] < b.d[i] ? -1 : 1;
    }
    return 0;
}

int compareFixed(const Fixed &a, const Fixed &b)
{
    const int sa = isZero(a) ? 0 : (a.negative ? -1 : 1);
    const int sb = isZero(b) ? 0 : (b.negative ? -1 : 1);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    return sa * compareMagnitude(a, b);
}

Fixed addFixed(const Fixed &a, const Fixed &b)
{
    Fixed r;
    if (a.negative == b.negative) {
        r.negative = a.negative;
        int carry = 0;
        for (int i = 0; i < kWidth; ++i) {
            const int s = a.d[i] + b.d[i] + carry;
            r.d[i] = s % 10;
            carry = s / 10;
        }
        return r;
    }
    const bool aBigger = compareMagnitude(a, b) >= 0;
    const Fixed &big = aBigger ? a : b;
    const Fixed &small = aBigger ? b : a;
    r.negative = big.negative;
    int borrow = 0;
    for (int i = 0; i < kWidth; ++i) {
        int s = big.d[i] - small.d[i] - borrow;
        borrow = s < 0;
        r.d[i] = s + 10 * borrow;
    }
    return r;
}

// The canonical text of a reference value, or the error the service gives for it.
QString canonicalOrError(const Fixed &f)
{
    int hi = kWidth - 1;
    while (hi >= 0 && f.d[hi] == 0)
        --hi;
    if (hi < 0)
        return QStringLiteral("0");
    int lo = 0;
    while (f.d[lo] == 0)
        ++lo;
    if (hi - kLow > 125)
        return kOverflow;
    if (hi - kLow < -130)
        return kUnderflow;
    if (hi - lo + 1 > 38)
        return kPrecision;
    QString s = f.negative ? QStringLiteral("-") : QString();
    if (hi >= kLow) {
        for (int i = hi; i >= kLow; --i)
            s += QChar(u'0' + f.d[i]);
        if (lo < kLow) {
            s += u'.';
            for (int i = kLow - 1; i >= lo; --i)
                s += QChar(u'0' + f.d[i]);
        }
    } else {
        s += QStringLiteral("0.");
        for (int i = kLow - 1; i >= lo; --i)
            s += QChar(u'0' + f.d[i]);
    }
    return s;
}

struct Generated
{
    QString text;
    Fixed fixed;
};

// A random valid number in scientific notation, biased towards the interesting places: a few
// exponents and digit strings repeat so that equal and near-equal values occur.
Generated randomNumber(QRandomGenerator &rng)
{
    const bool negative = rng.bounded(2) == 1;
    const int n = rng.bounded(5) == 0 ? 38 : 1 + rng.bounded(12);
    QByteArray digits;
    for (int j = 0; j < n; ++j) {
        const int d = j == 0 ? 1 + rng.bounded(9) : (rng.bounded(3) == 0 ? 0 : rng.bounded(10));
        digits.append(char('0' + d));
    }
    while (digits.endsWith('0'))
        digits.chop(1);
    int e;
    switch (rng.bounded(4)) {
    case 0: e = rng.bounded(-130, 126); break;
    case 1: e = rng.bounded(-3, 4); break;
    case 2: e = rng.bounded(2) ? 125 : -130; break;
    default: e = rng.bounded(30, 40); break;
    }
    Generated g;
    g.text = (negative ? QStringLiteral("-") : QString()) + QLatin1Char(digits[0]);
    if (digits.size() > 1)
        g.text += u'.' + QString::fromLatin1(digits.mid(1));
    g.text += u'E' + QString::number(e);
    g.fixed = fixedFrom(negative, digits, e);
    return g;
}

} // namespace

class TestDecimal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void olderLayer();
    void accessors();
    void fromInteger_data();
    void fromInteger();
    void arithmetic_data();
    void arithmetic();
    void negated();
    void compare_data();
    void compare();
    void orderedKeyOrder();
    void randomizedAgainstReference();
};

void TestDecimal::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");

    const QString nines38 = QString(38, u'9');
    QTest::newRow("integer") << "1" << "1";
    QTest::newRow("negative trailing zero") << "-1.50" << "-1.5";
    QTest::newRow("exponent") << "1e3" << "1000";
    QTest::newRow("exponent plus") << "1E+3" << "1000";
    QTest::newRow("exponent minus") << "1e-5" << "0.00001";
    QTest::newRow("exponent zero") << "7E-0" << "7";
    QTest::newRow("leading point") << ".5" << "0.5";
    QTest::newRow("trailing point") << "5." << "5";
    QTest::newRow("leading plus") << "+5" << "5";
    QTest::newRow("leading plus fraction") << "+1.5" << "1.5";
    QTest::newRow("leading plus exponent") << "+1e2" << "100";
    QTest::newRow("plus zero") << "+0" << "0";
    QTest::newRow("negative zero") << "-0" << "0";
    QTest::newRow("negative zero fraction") << "-0.000" << "0";
    QTest::newRow("zero fraction") << "0.000" << "0";
    // Zero is range-checked by the exponent it is written with (captured against the service).
    QTest::newRow("zero largest exponent") << "0e125" << "0";
    QTest::newRow("zero smallest exponent") << "0E-130" << "0";
    QTest::newRow("leading zeros") << "00042" << "42";
    QTest::newRow("one point zero") << "1.0" << "1";
    QTest::newRow("scientific fraction") << "1.5E2" << "150";
    QTest::newRow("negative point exponent") << "-.5e1" << "-5";
    QTest::newRow("shift into fraction") << "12345e-2" << "123.45";
    QTest::newRow("interior zeros") << "100.001" << "100.001";
    QTest::newRow("fraction leading zeros") << "0.0000001" << "0.0000001";
    QTest::newRow("smallest") << "1E-130" << "0." + QString(129, u'0') + "1";
    QTest::newRow("smallest negative") << "-1E-130" << "-0." + QString(129, u'0') + "1";
    QTest::newRow("largest") << "9.9999999999999999999999999999999999999E+125"
                             << nines38 + QString(88, u'0');
    QTest::newRow("largest negative") << "-9.9999999999999999999999999999999999999E+125"
                                      << "-" + nines38 + QString(88, u'0');
    QTest::newRow("one E 125") << "1E+125" << "1" + QString(125, u'0');
    QTest::newRow("38 digits") << "12345678901234567890123456789012345678"
                               << "12345678901234567890123456789012345678";
    QTest::newRow("38 digit fraction") << "0.12345678901234567890123456789012345678"
                                       << "0.12345678901234567890123456789012345678";
    QTest::newRow("38 digits and trailing zero") << "123456789012345678901234567890123456780"
                                                 << "123456789012345678901234567890123456780";
    QTest::newRow("38 digits, zero fraction") << "12345678901234567890123456789012345678.000"
                                              << "12345678901234567890123456789012345678";
    QTest::newRow("many leading zeros") << QString(60, u'0') + "1" << "1";
    QTest::newRow("one digit, many zeros") << "1" + QString(60, u'0') << "1" + QString(60, u'0');
    QTest::newRow("38 digits across point") << "1234567890123456789.0123456789012345678"
                                            << "1234567890123456789.0123456789012345678";
    QTest::newRow("mantissa longer than 38 with zeros") << "0.00000000000000000000000000000000000000000001"
                                                        << "0.00000000000000000000000000000000000000000001";
    QTest::newRow("exponent with leading zeros") << "1e007" << "10000000";
}

void TestDecimal::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    Result<Decimal> r = Decimal::parse(input);
    QVERIFY2(r.isOk(), qPrintable(r.status().toString()));
    QCOMPARE(r->toString(), canonical);
    // The canonical text parses back to the same value and text.
    Result<Decimal> again = Decimal::parse(canonical);
    QVERIFY(again.isOk());
    QCOMPARE(again->toString(), canonical);
    QVERIFY(*again == *r);
    QCOMPARE(again->orderedKey(), r->orderedKey());
}

void TestDecimal::parseErrors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");

    // The current value layer keeps the colon for an empty N (the older one's is below).
    QTest::newRow("empty") << "" << kNotNumeric;
    for (const char *bad : {"abc", " 1", "1 ", " ", "1e", "1e+", "1E-", "e5", ".", "-", "+", "--1",
                            "+-1", "-+1", "1.2.3", "1+2", "+e2", "-e2", "0x10", "Infinity", "NaN",
                            "-Infinity", "1,5", "1_000", "1e5.5", "1e2e3", ".e1", "1..", "1d",
                            "١", "１"}) {
        const QString s = QString::fromUtf8(bad);
        QTest::newRow(bad) << s << kNotNumeric + s;
    }

    QTest::newRow("39 digits") << "123456789012345678901234567890123456789" << kPrecision;
    QTest::newRow("39 digit fraction") << "1.23456789012345678901234567890123456789" << kPrecision;
    QTest::newRow("39 digits with zeros around")
        << "000.000123456789012345678901234567890123456789000" << kPrecision;
    QTest::newRow("39 digits negative") << "-100000000000000000000000000000000000001" << kPrecision;
    QTest::newRow("39 nines") << "0." + QString(39, u'9') << kPrecision;

    QTest::newRow("overflow 1E126") << "1E+126" << kOverflow;
    QTest::newRow("overflow 10E125") << "10E+125" << kOverflow;
    QTest::newRow("overflow negative") << "-1E126" << kOverflow;
    QTest::newRow("overflow plain") << "1" + QString(126, u'0') << kOverflow;
    QTest::newRow("overflow exponent past 32 bits") << "1e2147483648" << kOverflow;
    QTest::newRow("overflow long exponent") << "1E+99999999999" << kOverflow;
    QTest::newRow("zero overflow") << "0e126" << kOverflow;
    QTest::newRow("zero huge exponent") << "0e999999999999" << kOverflow;
    QTest::newRow("zero underflow") << "0e-131" << kUnderflow;
    QTest::newRow("negative zero fraction underflow") << "-0.0E-130" << kUnderflow;
    QTest::newRow("underflow long exponent") << "1e-99999999999" << kUnderflow;
    // Past a 64-bit integer the service cannot read the exponent at all.
    QTest::newRow("exponent past 64 bits") << "1e9223372036854775808" << kNotNumeric + "1e9223372036854775808";
    QTest::newRow("exponent 64 bits") << "1e9223372036854775807" << kOverflow;
    QTest::newRow("underflow 1E-131") << "1E-131" << kUnderflow;
    QTest::newRow("underflow 0.9E-130") << "0.9E-130" << kUnderflow;
    QTest::newRow("underflow negative") << "-1E-131" << kUnderflow;
    QTest::newRow("negative exponent past 64 bits") << "5E-99999999999999999999" << kNotNumeric + "5E-99999999999999999999";
    // The service checks the range before the precision.
    QTest::newRow("overflow beats precision")
        << "1234567890123456789012345678901234567890E+200" << kOverflow;
    QTest::newRow("underflow beats precision")
        << "1.234567890123456789012345678901234567890E-200" << kUnderflow;
}

void TestDecimal::parseErrors()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    Result<Decimal> r = Decimal::parse(input);
    QVERIFY(!r.isOk());
    QCOMPARE(r.status().code(), ErrorCode::Validation);
    QCOMPARE(r.status().message(), message);
}

void TestDecimal::olderLayer()
{
    // The service's older value layer (BatchWriteItem, transactions, Scan) reads numbers as Java's
    // BigDecimal does: no colon for an empty N, a 32-bit exponent that wraps.
    const auto older = [](const char *text) {
        return Decimal::parse(QString::fromLatin1(text), ValueWording::Older).status().message();
    };
    QCOMPARE(older(""), QStringLiteral("The parameter cannot be converted to a numeric value"));
    QCOMPARE(older("1e2147483647"), QStringLiteral("Number underflow. Attempting to store a number with "
                                                   "magnitude smaller than supported range"));
    QCOMPARE(older("1e2147483648"), kNotNumeric + "1e2147483648");
    QCOMPARE(older("1e126"), QStringLiteral("Number overflow. Attempting to store a number with magnitude "
                                            "larger than supported range"));
    QCOMPARE(Decimal::parse(u"1.50", ValueWording::Older)->toString(), QStringLiteral("1.5"));
    // The current layer reads the same exponent in full.
    QCOMPARE(Decimal::parse(u"1e2147483647").status().message(),
             QStringLiteral("Number overflow. Attempting to store a number with magnitude larger than "
                            "supported range"));
}

void TestDecimal::accessors()
{
    QVERIFY(Decimal().isZero());
    QCOMPARE(Decimal().toString(), QStringLiteral("0"));
    QVERIFY(dec("-0").isZero());
    QVERIFY(!dec("-0").isNegative());
    QVERIFY(dec("-0.5").isNegative());
    QCOMPARE(dec("1.50").significantDigits(), 2);
    QCOMPARE(dec("1000").significantDigits(), 1);
    QCOMPARE(dec("0.00102").significantDigits(), 3);
    QCOMPARE(Decimal().significantDigits(), 0);
}

void TestDecimal::fromInteger_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << "0";
    QTest::newRow("one") << qint64(1) << "1";
    QTest::newRow("minus one") << qint64(-1) << "-1";
    QTest::newRow("trailing zeros") << qint64(-1200) << "-1200";
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << "9223372036854775807";
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << "-9223372036854775808";
}

void TestDecimal::fromInteger()
{
    QFETCH(qint64, value);
    QFETCH(QString, text);
    const Decimal d = Decimal::fromInteger(value);
    QCOMPARE(d.toString(), text);
    QVERIFY(d == dec(text));
    QCOMPARE(d.orderedKey(), dec(text).orderedKey());
    QCOMPARE(qHash(d), qHash(dec(text)));
}

void TestDecimal::arithmetic_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("sum");         // or the exact error message
    QTest::addColumn<QString>("difference");  // a - b, or the exact error message

    const QString nines38 = QString(38, u'9');
    QTest::newRow("small") << "1" << "1" << "2" << "0";
    QTest::newRow("binary-inexact fractions") << "0.1" << "0.2" << "0.3" << "-0.1";
    QTest::newRow("carry out of 38 nines") << nines38 << "1" << "1" + QString(38, u'0')
                                           << "99999999999999999999999999999999999998";
    QTest::newRow("carry through fraction") << "0.99999" << "0.00001" << "1" << "0.99998";
    QTest::newRow("39 digits after carry") << "1E+38" << "1" << kPrecision << nines38;
    QTest::newRow("exact cancellation") << "-5" << "-5" << "-10" << "0";
    QTest::newRow("cancel to zero") << "12.5" << "-12.5" << "0" << "25";
    QTest::newRow("borrow") << "1000" << "0.001" << "1000.001" << "999.999";
    QTest::newRow("near cancellation") << "123.456" << "123.457" << "246.913" << "-0.001";
    QTest::newRow("cancellation leaves few digits")
        << "1.2345678901234567890123456789012345678" << "-1.2345678901234567890123456789012345677"
        << "0.0000000000000000000000000000000000001"
        << "2.4691357802469135780246913578024691355";
    QTest::newRow("far apart") << "1E+125" << "1E-100" << kPrecision << kPrecision;
    QTest::newRow("far apart within 38") << "1E+20" << "1E-17" << "100000000000000000000.00000000000000001"
                                         << "99999999999999999999.99999999999999999";
    QTest::newRow("overflow")
        << "9.9999999999999999999999999999999999999E+125" << "1E+125" << kOverflow
        << "8.9999999999999999999999999999999999999E+125";
    QTest::newRow("overflow negative")
        << "-9.9999999999999999999999999999999999999E+125" << "1E+125"
        << "-8.9999999999999999999999999999999999999E+125" << kOverflow;
    QTest::newRow("underflow") << "2E-130" << "-1.5E-130" << kUnderflow << "3.5E-130";
    QTest::newRow("underflow by difference") << "2E-130" << "1.5E-130" << "0." + QString(129, u'0') + "35"
                                             << kUnderflow;
    QTest::newRow("zero left") << "0" << "-7.25" << "-7.25" << "7.25";
    QTest::newRow("zero right") << "3" << "0" << "3" << "3";
    QTest::newRow("both negative") << "-1" << "-1" << "-2" << "0";
    QTest::newRow("mixed signs") << "-1" << "1" << "0" << "-2";
    QTest::newRow("large plus large") << "5E+125" << "5E+125" << kOverflow << "0";
    QTest::newRow("precision from fraction") << "1" << "1E-38" << kPrecision
                                             << "0." + nines38;
    QTest::newRow("precision boundary") << "1" << "1E-37" << "1.0000000000000000000000000000000000001"
                                        << "0.9999999999999999999999999999999999999";
}

void TestDecimal::arithmetic()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, sum);
    QFETCH(QString, difference);

    // Expected values are given in any spelling; compare canonical texts.
    auto expected = [](const QString &s) {
        Result<Decimal> r = Decimal::parse(s);
        return r.isOk() ? r->toString() : s;
    };
    auto actual = [](const Result<Decimal> &r) {
        return r.isOk() ? r->toString() : r.status().message();
    };
    const Decimal x = dec(a), y = dec(b);
    QCOMPARE(actual(x.add(y)), expected(sum));
    QCOMPARE(actual(y.add(x)), expected(sum));
    QCOMPARE(actual(x.subtract(y)), expected(difference));
    if (Result<Decimal> r = x.add(y); !r)
        QCOMPARE(r.status().code(), ErrorCode::Validation);
}

void TestDecimal::negated()
{
    QCOMPARE(dec("1.5").negated().toString(), QStringLiteral("-1.5"));
    QCOMPARE(dec("-1.5").negated().toString(), QStringLiteral("1.5"));
    QCOMPARE(Decimal().negated().toString(), QStringLiteral("0"));
    QVERIFY(!Decimal().negated().isNegative());
}

void TestDecimal::compare_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("expected");

    QTest::newRow("equal spellings") << "1.50" << "1.5" << 0;
    QTest::newRow("exponent spelling") << "1e3" << "1000" << 0;
    QTest::newRow("zeros") << "-0" << "0.000" << 0;
    QTest::newRow("prefix digits") << "0.12" << "0.123" << -1;
    QTest::newRow("prefix digits negative") << "-0.12" << "-0.123" << 1;
    QTest::newRow("exponent wins") << "9" << "10" << -1;
    QTest::newRow("exponent wins negative") << "-9" << "-10" << 1;
    QTest::newRow("negative below zero") << "-1E-130" << "0" << -1;
    QTest::newRow("positive above zero") << "1E-130" << "0" << 1;
    QTest::newRow("sign wins") << "-9E+125" << "1E-130" << -1;
    QTest::newRow("last digit") << "12345678901234567890123456789012345678"
                                << "12345678901234567890123456789012345679" << -1;
}

void TestDecimal::compare()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, expected);
    const Decimal x = dec(a), y = dec(b);
    QCOMPARE(sign(x.compare(y)), expected);
    QCOMPARE(sign(y.compare(x)), -expected);
    QCOMPARE(x == y, expected == 0);
    QCOMPARE(x != y, expected != 0);
    QCOMPARE(x < y, expected < 0);
    QCOMPARE(sign(unsignedCompare(x.orderedKey(), y.orderedKey())), expected);
    if (expected == 0)
        QCOMPARE(qHash(x, 17), qHash(y, 17));
}

void TestDecimal::orderedKeyOrder()
{
    const QString nines38 = QString(38, u'9');
    // Ascending, no two equal.
    const QStringList ascending = {
        "-9.9999999999999999999999999999999999999E+125",
        "-1E+125",
        "-1.0000000000000000000000000000000000001E+38",
        "-1E+38",
        "-" + nines38,
        "-1000.5",
        "-1000",
        "-999.99",
        "-100",
        "-99",
        "-12.5",
        "-12.34",
        "-12.3",
        "-12",
        "-11.999",
        "-10",
        "-9.99",
        "-2",
        "-1.5",
        "-1.01",
        "-1.001",
        "-1",
        "-0.99",
        "-0.5",
        "-0.12345",
        "-0.1234",
        "-0.123",
        "-0.12",
        "-0.1",
        "-0.01",
        "-0.001",
        "-1E-129",
        "-1.5E-130",
        "-1E-130",
        "0",
        "1E-130",
        "1.5E-130",
        "2E-130",
        "1E-129",
        "1E-10",
        "0.001",
        "0.01",
        "0.0101",
        "0.1",
        "0.12",
        "0.123",
        "0.1234",
        "0.2",
        "0.9999999999999999999999999999999999999",
        "1",
        "1.0000000000000000000000000000000000001",
        "1.001",
        "1.01",
        "1.1",
        "1.5",
        "2",
        "9",
        "9.5",
        "10",
        "10.5",
        "11",
        "99",
        "100",
        "101",
        "1000",
        nines38,
        "1E+38",
        "1.0000000000000000000000000000000000001E+38",
        "1E+125",
        "9.9999999999999999999999999999999999999E+125",
    };
    QVERIFY(ascending.size() >= 60);

    QList<Decimal> shuffled;
    for (const QString &s : ascending)
        shuffled.append(dec(s));
    QRandomGenerator rng(20261125);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);

    QList<Decimal> byKey = shuffled;
    std::sort(byKey.begin(), byKey.end(), [](const Decimal &a, const Decimal &b) {
        return unsignedCompare(a.orderedKey(), b.orderedKey()) < 0;
    });
    QList<Decimal> byCompare = shuffled;
    std::sort(byCompare.begin(), byCompare.end());
    for (int i = 0; i < ascending.size(); ++i) {
        QCOMPARE(byKey.at(i).toString(), dec(ascending.at(i)).toString());
        QCOMPARE(byCompare.at(i).toString(), dec(ascending.at(i)).toString());
    }
    // Every key is distinct, and none is a prefix of another (self-delimiting in composite keys).
    for (int i = 0; i + 1 < byKey.size(); ++i) {
        const QByteArray a = byKey.at(i).orderedKey();
        const QByteArray b = byKey.at(i + 1).orderedKey();
        QVERIFY(!b.startsWith(a));
        QVERIFY(!a.startsWith(b));
        QVERIFY(unsignedCompare(a + "\xff\xff", b + QByteArray(1, '\0')) < 0);
    }
}

void TestDecimal::randomizedAgainstReference()
{
    QRandomGenerator rng(0x6a7e);
    QList<Generated> pool;
    for (int i = 0; i < 400; ++i)
        pool.append(randomNumber(rng));
    // Negated copies: exact cancellation and equal magnitudes of opposite sign.
    for (int i = 0; i < 100; ++i) {
        Generated h = pool.at(i);
        h.text = h.text.startsWith(u'-') ? h.text.mid(1) : u'-' + h.text;
        h.fixed.negative = !h.fixed.negative;
        pool.append(h);
    }
    int checkedSums = 0, checkedErrors = 0;
    for (int i = 0; i < 4000; ++i) {
        const Generated &ga = pool.at(rng.bounded(int(pool.size())));
        const Generated &gb = pool.at(rng.bounded(int(pool.size())));
        Result<Decimal> a = Decimal::parse(ga.text);
        Result<Decimal> b = Decimal::parse(gb.text);
        QVERIFY2(a.isOk(), qPrintable(ga.text));
        QVERIFY2(b.isOk(), qPrintable(gb.text));
        QCOMPARE(a->toString(), canonicalOrError(ga.fixed));

        const int ref = compareFixed(ga.fixed, gb.fixed);
        QCOMPARE(sign(a->compare(*b)), ref);
        QCOMPARE(sign(unsignedCompare(a->orderedKey(), b->orderedKey())), ref);

        const QString refSum = canonicalOrError(addFixed(ga.fixed, gb.fixed));
        Result<Decimal> sum = a->add(*b);
        QCOMPARE(sum.isOk() ? sum->toString() : sum.status().message(), refSum);
        Fixed negB = gb.fixed;
        negB.negative = !negB.negative;
        const QString refDiff = canonicalOrError(addFixed(ga.fixed, negB));
        Result<Decimal> diff = a->subtract(*b);
        QCOMPARE(diff.isOk() ? diff->toString() : diff.status().message(), refDiff);
        (sum.isOk() ? checkedSums : checkedErrors)++;
    }
    // Both outcomes were exercised in quantity.
    QVERIFY(checkedSums > 500);
    QVERIFY(checkedErrors > 500);
}

QTEST_GUILESS_MAIN(TestDecimal)
#include "tst_decimal.moc"
