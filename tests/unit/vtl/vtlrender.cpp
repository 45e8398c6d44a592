// A debugging aid beside the golden tests:
//   vtlrender FILE     renders a template file with an empty context (error on stderr, exit 1)
//   vtlrender --golden prints every golden case with our result as JSON lines, to review
//                      a new case's output before writing it into the file.
#include "goldencases.h"

#include <vtl/template.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Gatehouse::Vtl;

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (QLatin1String(argv[1]) == QLatin1String("--golden")) {
        QString problem;
        const QList<GoldenCase> cases = loadGoldenCases(&problem);
        if (!problem.isEmpty()) {
            err << problem << "\n";
            return 1;
        }
        for (const GoldenCase &c : cases) {
            const GoldenResult r = renderGolden(c);
            QJsonObject o{{QStringLiteral("id"), c.id},
                          {QStringLiteral("failed"), r.failed},
                          {QStringLiteral("output"), r.failed ? r.error.message : r.output},
                          {QStringLiteral("override"), r.override}};
            out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
        }
        return 0;
    }
    QFile f(QString::fromLocal8Bit(argv[1]));
    if (!f.open(QIODevice::ReadOnly))
        return 2;
    VtlError error;
    const auto compiled = Template::compileWithError(QString::fromUtf8(f.readAll()), &error);
    if (!compiled) {
        err << "ERR: " << error.message << "\n";
        return 1;
    }
    const QString text = compiled->render(Context(), &error);
    if (error.isValid()) {
        err << "RUNTIME: " << error.message << "\n";
        return 1;
    }
    out << text;
    return 0;
}
