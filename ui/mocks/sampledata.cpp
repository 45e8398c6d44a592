#include <ui/mocks/sampledata.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRandomGenerator>
#include <QUuid>

namespace Gatehouse::Ui {

namespace {

const char *const FirstNames[] = {"Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret",
                                  "Dennis", "Barbara", "Ken", "Frances", "Tim", "Radia",
                                  "Edsger", "Sophie", "Donald", "Hedy"};
const char *const LastNames[] = {"Lovelace", "Hopper", "Turing", "Johnson", "Torvalds",
                                 "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",
                                 "Berners-Lee", "Perlman", "Dijkstra", "Wilson", "Knuth",
                                 "Lamarr"};
const char *const Streets[] = {"Rua Augusta", "Baker Street", "Karl Johans gate", "Main Street",
                               "Calle de Alcalá", "Rue de Rivoli", "Market Street",
                               "Via del Corso"};
const char *const Cities[] = {"Lisbon", "London", "Oslo", "Springfield", "Madrid", "Paris",
                              "San Francisco", "Rome"};
const char *const Postcodes[] = {"1100-048", "NW1 6XE", "0154", "62701", "28014", "75001",
                                 "94103", "00186"};
const char *const Countries[] = {"PT", "GB", "NO", "US", "ES", "FR", "US", "IT"};
const char *const Companies[] = {"Acme Corporation", "Globex", "Initech", "Umbrella Labs",
                                 "Stark Industries", "Wayne Enterprises", "Hooli", "Vandelay Industries"};

template<std::size_t N>
const char *pick(QRandomGenerator &random, const char *const (&list)[N])
{
    return list[random.bounded(int(N))];
}

QString quote(const QString &s)
{
    // JSON string quoting through QJsonDocument keeps escapes right.
    const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

QString emailFor(const QString &first, const QString &last)
{
    QString local = (first + u'.' + last).toLower();
    local.remove(u'-');
    return local + QStringLiteral("@example.com");
}

QString isoDate(QRandomGenerator &random)
{
    // Within the last year, to the second, in UTC as APIs usually write it.
    const QDateTime base = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    return base.addSecs(qint64(random.bounded(365 * 24 * 3600))).toString(Qt::ISODate);
}

QString price(QRandomGenerator &random)
{
    const int dollars = 5 + random.bounded(95);
    static const int cents[] = {0, 49, 95, 99};
    return QStringLiteral("%1.%2").arg(dollars).arg(cents[random.bounded(4)], 2, 10, QLatin1Char('0'));
}

QString address(QRandomGenerator &random)
{
    const int i = random.bounded(8);
    return QStringLiteral("%1 %2, %3 %4, %5")
        .arg(random.bounded(1, 220))
        .arg(QString::fromUtf8(Streets[i]), QString::fromLatin1(Postcodes[i]),
             QString::fromLatin1(Cities[i]), QString::fromLatin1(Countries[i]));
}

} // namespace

QList<SampleData::Kind> SampleData::kinds()
{
    return {Kind::Name, Kind::Email, Kind::IsoDate, Kind::Uuid, Kind::Price,
            Kind::Address, Kind::Phone, Kind::Company, Kind::JsonArray};
}

QString SampleData::label(Kind kind)
{
    switch (kind) {
    case Kind::Name: return QStringLiteral("Name");
    case Kind::Email: return QStringLiteral("E-mail address");
    case Kind::IsoDate: return QStringLiteral("ISO 8601 date-time");
    case Kind::Uuid: return QStringLiteral("UUID");
    case Kind::Price: return QStringLiteral("Price");
    case Kind::Address: return QStringLiteral("Postal address");
    case Kind::Phone: return QStringLiteral("Phone number");
    case Kind::Company: return QStringLiteral("Company");
    case Kind::JsonArray: return QStringLiteral("JSON array of N items...");
    }
    return QString();
}

QString SampleData::generate(Kind kind, QRandomGenerator &random, int count, int indent,
                             bool insideString)
{
    auto text = [insideString](const QString &s) { return insideString ? s : quote(s); };
    switch (kind) {
    case Kind::Name:
        return text(QString::fromUtf8(pick(random, FirstNames)) + u' ' +
                    QString::fromUtf8(pick(random, LastNames)));
    case Kind::Email:
        return text(emailFor(QString::fromUtf8(pick(random, FirstNames)),
                             QString::fromUtf8(pick(random, LastNames))));
    case Kind::IsoDate:
        return text(isoDate(random));
    case Kind::Uuid: {
        // A version 4 UUID from the generator given, so a seeded generator repeats itself.
        QByteArray bytes(16, '\0');
        for (int i = 0; i < 16; ++i)
            bytes[i] = char(random.bounded(256));
        bytes[6] = char((bytes[6] & 0x0f) | 0x40);
        bytes[8] = char((bytes[8] & 0x3f) | 0x80);
        return text(QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces));
    }
    case Kind::Price:
        return price(random);
    case Kind::Address:
        return text(address(random));
    case Kind::Phone:
        return text(QStringLiteral("+1-555-%1").arg(random.bounded(1000, 10000)));
    case Kind::Company:
        return text(QString::fromUtf8(pick(random, Companies)));
    case Kind::JsonArray: {
        const QString pad(indent, u' ');
        QStringList items;
        for (int i = 0; i < qMax(0, count); ++i) {
            const QString first = QString::fromUtf8(pick(random, FirstNames));
            const QString last = QString::fromUtf8(pick(random, LastNames));
            QStringList fields;
            fields << QStringLiteral("\"id\": ") + generate(Kind::Uuid, random)
                   << QStringLiteral("\"name\": ") + quote(first + u' ' + last)
                   << QStringLiteral("\"email\": ") + quote(emailFor(first, last))
                   << QStringLiteral("\"createdAt\": ") + quote(isoDate(random))
                   << QStringLiteral("\"price\": ") + price(random)
                   << QStringLiteral("\"address\": ") + quote(address(random));
            items << pad + QStringLiteral("  {\n") + pad + QStringLiteral("    ") +
                         fields.join(u",\n" + pad + QStringLiteral("    ")) + u'\n' + pad +
                         QStringLiteral("  }");
        }
        if (items.isEmpty())
            return QStringLiteral("[]");
        return QStringLiteral("[\n") + items.join(QStringLiteral(",\n")) + u'\n' + pad + u']';
    }
    }
    return QString();
}

} // namespace Gatehouse::Ui
