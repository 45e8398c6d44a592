// Thread affinity: any thread (pure functions over the random generator given).
#pragma once

#include <QList>
#include <QString>

class QRandomGenerator;

namespace Gatehouse::Ui {

// Realistic values for mock bodies: names, e-mail addresses, ISO dates, UUIDs, prices,
// addresses, and JSON arrays of N records made of them.
class SampleData
{
public:
    enum class Kind { Name, Email, IsoDate, Uuid, Price, Address, Phone, Company, JsonArray };

    static QList<Kind> kinds();
    static QString label(Kind kind); // "Name", "JSON array of N items", ...

    // The value as JSON text: a quoted string, a number, or (JsonArray) an array of `count`
    // objects, its lines after the first indented by `indent` spaces. With `insideString`
    // the value comes without quotes, ready to go between the quotes the cursor sits in.
    static QString generate(Kind kind, QRandomGenerator &random, int count = 3, int indent = 0,
                            bool insideString = false);
};

} // namespace Gatehouse::Ui
