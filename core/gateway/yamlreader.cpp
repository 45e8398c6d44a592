#include <gateway/model.h>
#include <gateway/orderedjson.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace Gatehouse::Gateway {

namespace {

bool isOneOf(const QString &s, std::initializer_list<const char *> words)
{
    for (const char *w : words) {
        if (s == QLatin1String(w))
            return true;
    }
    return false;
}

// YAML 1.2 core schema resolution of a plain scalar.
QJsonValue plainScalar(const QString &s)
{
    if (s.isEmpty() || isOneOf(s, {"~", "null", "Null", "NULL"}))
        return QJsonValue::Null;
    if (isOneOf(s, {"true", "True", "TRUE"}))
        return true;
    if (isOneOf(s, {"false", "False", "FALSE"}))
        return false;
    const QChar first = s.at(0);
    const bool numeric = first.isDigit() || first == u'-' || first == u'+' || first == u'.';
    if (!numeric)
        return s;
    bool ok = false;
    if (s.startsWith(QLatin1String("0x"))) {
        const qlonglong v = s.mid(2).toLongLong(&ok, 16);
        return ok ? QJsonValue(double(v)) : QJsonValue(s);
    }
    if (s.startsWith(QLatin1String("0o"))) {
        const qlonglong v = s.mid(2).toLongLong(&ok, 8);
        return ok ? QJsonValue(double(v)) : QJsonValue(s);
    }
    if (isOneOf(s, {".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"}))
        return s; // JSON has no infinities: keep the text
    for (QChar c : s) {
        if (!(c.isDigit() || c == u'-' || c == u'+' || c == u'.' || c == u'e' || c == u'E'))
            return s;
    }
    const qlonglong i = s.toLongLong(&ok, 10);
    if (ok)
        return double(i);
    const double d = s.toDouble(&ok);
    return ok && std::isfinite(d) ? QJsonValue(d) : QJsonValue(s);
}

QJsonValue convert(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Null:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(node.Scalar());
        // yaml-cpp tags quoted scalars "!" and plain ones "?": only plain ones are resolved.
        if (node.Tag() == "?")
            return plainScalar(text);
        return text;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node &item : node)
            array.append(convert(item));
        return array;
    }
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto &entry : node) {
            const QString key =
                entry.first.IsScalar() ? QString::fromStdString(entry.first.Scalar()) : QString();
            object.insert(key, convert(entry.second));
        }
        return object;
    }
    case YAML::NodeType::Undefined:
        break;
    }
    return QJsonValue::Undefined;
}

} // namespace

Result<QJsonValue> parseYamlOrJson(const QByteArray &text)
{
    // A JSON document is read as JSON first: yaml-cpp refuses the surrogate-pair escapes
    // ("\ud83d\ude00") JSON writers use for characters outside the BMP. yaml-cpp still reads
    // what the JSON parser refuses, for its line and column.
    if (text.trimmed().startsWith('{')) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (error.error == QJsonParseError::NoError)
            return QJsonValue(doc.object());
    }
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        return convert(root);
    } catch (const YAML::Exception &e) {
        return Status::error(GatewayError::InvalidDocument,
                             QStringLiteral("line %1, column %2: %3")
                                 .arg(e.mark.line + 1)
                                 .arg(e.mark.column + 1)
                                 .arg(QString::fromStdString(e.msg)));
    }
}

} // namespace Gatehouse::Gateway
