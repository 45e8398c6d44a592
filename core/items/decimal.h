// Thread affinity: any thread (value type).
#pragma once

#include <common/status.h>
#include <items/valuewording.h>

#include <QByteArray>
#include <QHashFunctions>
#include <QString>

namespace Gatehouse::Items {

// An exact decimal number as DynamoDB stores it: at most 38 significant digits, magnitude zero
// or between 1E-130 and 9.9999999999999999999999999999999999999E+125. Never a double.
// Canonical form: no leading or trailing zeros, "-0" is "0", "1.50" is "1.5", never an exponent
// ("1E+125" is a 1 and 125 zeros): DynamoDB returns the plain form.
class Decimal
{
public:
    Decimal() = default;  // zero

    // Parses the text of an "N" value. Errors are ValidationException with the service's
    // messages ("The parameter cannot be converted to a numeric value: abc",
    // "Attempting to store more than 38 significant digits in a Number",
    // "Number overflow. Attempting to store a number with magnitude larger than supported range",
    // "Number underflow. Attempting to store a number with magnitude smaller than supported
    // range"). The wording of the errors and the reading of the exponent follow the value layer
    // (see valuewording.h).
    static Result<Decimal> parse(QStringView text, ValueWording wording = valueWording());
    // An integer (always within the limits: at most 19 digits).
    static Decimal fromInteger(qint64 value);

    QString toString() const;  // canonical text
    void appendText(QByteArray &out) const;  // the same, in ASCII, appended to out
    bool isZero() const { return m_digits.isEmpty(); }
    bool isNegative() const { return m_negative; }

    // Exact arithmetic; errors as parse() gives them (precision, overflow, underflow).
    Result<Decimal> add(const Decimal &other) const;
    Result<Decimal> subtract(const Decimal &other) const;
    Decimal negated() const;

    int compare(const Decimal &other) const;  // <0, 0, >0
    bool operator==(const Decimal &o) const { return compare(o) == 0; }
    bool operator!=(const Decimal &o) const { return compare(o) != 0; }
    bool operator<(const Decimal &o) const { return compare(o) < 0; }
    // Equal values hash equally (the representation is canonical).
    friend size_t qHash(const Decimal &d, size_t seed = 0) noexcept
    {
        return qHashMulti(seed, d.m_digits, d.m_exponent, d.m_negative);
    }

    // Byte string whose unsigned lexicographic order is numeric order (for SQLite keys).
    QByteArray orderedKey() const;

    // Bytes the value counts for in DynamoDB's item size (see the formula in decimal.cpp).
    int byteSize() const;
    int significantDigits() const { return int(m_digits.size()); }

private:
    // Value = (-1 if m_negative) * 0.d1d2d3... * 10^m_exponent, digits without trailing zeros.
    QByteArray m_digits;   // ASCII '0'..'9', first digit non-zero; empty for zero
    int m_exponent = 0;
    bool m_negative = false;
};

} // namespace Gatehouse::Items
