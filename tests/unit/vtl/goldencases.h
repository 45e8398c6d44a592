// Reads tests/golden/vtl/*.test. A case:
//   ### name
//   velocity: yes            optional: also rendered through Apache Velocity 1.7 (cross-check)
//   request: {...}           optional: the request behind $input/$context/$stageVariables
//   override: {...}          optional: the overrides after the render: {"status": 404,
//                            "header": {...}, "request": {"header": {...}, "querystring": ...}}
//   --- template
//   lines of the template
//   --- expect               the exact output; or "--- error" and the exact error message
//   lines of the output
// A block runs to the next "--- " or "### " line; its trailing empty lines are dropped and its
// lines are joined with "\n" (no final newline). A block closed by a "--- end" line keeps its
// trailing empty lines, so "a" then "" then "--- end" reads "a\n". Tabs and carriage returns
// are written as they are.
// Lines starting with "# " before the first case are comments.
#pragma once

#include <vtl/apigatewaycontext.h>

#include <QJsonObject>
#include <QList>
#include <QString>

struct GoldenCase
{
    QString id; // file:line
    QString name;
    bool velocity = false;
    QString request; // the request line's JSON text (read in order)
    bool hasOverride = false;
    QJsonObject override;
    QString tmpl;
    bool expectError = false;
    QString expected; // output, or the error message
};

QList<GoldenCase> loadGoldenCases(QString *problem);

// The request of a case: fixed defaults for every field, overridden by the case's JSON (read
// with the engine's own JSON reader, which keeps member order for headers and bodies).
Gatehouse::Vtl::GatewayRequest goldenRequest(const QString &json);

struct GoldenResult
{
    bool failed = false;
    Gatehouse::Vtl::VtlError error;
    QString output;
    QJsonObject override; // status, header and request overrides as the template left them
};
GoldenResult renderGolden(const GoldenCase &c);
