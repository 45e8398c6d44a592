// Helpers shared by the OpenAPI tests: golden documents in tests/golden/openapi.
#pragma once

#include <gateway/openapi.h>

#include <QDir>
#include <QFile>
#include <QTest>

namespace GatewayTest {

inline QString goldenPath(const QString &name)
{
    if (name.startsWith(QLatin1String("resources/")))
        return QStringLiteral(GATEHOUSE_SOURCE_DIR "/") + name;
    return QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/golden/openapi/") + name;
}

inline QByteArray readGolden(const QString &name)
{
    QFile file(goldenPath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Compares `actual` with a golden file. GATEHOUSE_UPDATE_GOLDEN=1 rewrites the file instead;
// a mismatch leaves the actual text beside the build for a diff.
inline bool matchesGolden(const QByteArray &actual, const QString &name, QString *why)
{
    if (qEnvironmentVariableIntValue("GATEHOUSE_UPDATE_GOLDEN") == 1) {
        QFile out(goldenPath(name));
        if (!out.open(QIODevice::WriteOnly))
            return false;
        out.write(actual);
        return true;
    }
    const QByteArray expected = readGolden(name);
    if (expected == actual)
        return true;
    const QString actualPath = QStringLiteral(GATEHOUSE_BINARY_DIR "/") + name + u".actual";
    QFile out(actualPath);
    if (out.open(QIODevice::WriteOnly))
        out.write(actual);
    *why = QStringLiteral("differs from %1; actual output written to %2")
               .arg(goldenPath(name), actualPath);
    return false;
}

inline Gatehouse::Gateway::ImportOptions seededOptions(quint32 seed = 42)
{
    Gatehouse::Gateway::ImportOptions options;
    options.newId = Gatehouse::Gateway::IdGenerator::seeded(seed);
    return options;
}

} // namespace GatewayTest
