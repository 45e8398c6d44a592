// Thread affinity: any thread (value types).
#pragma once

#include <gateway/model.h>

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Gatehouse::Ui {

// "When query parameter city = atlantis": what picks a mock response, written by the console
// as VTL so nobody writes a regular expression or a template by hand.
struct MockCondition
{
    enum class Source { Path, Query, Header, Any, Body };
    enum class Op { Equals, NotEquals, OneOf, StartsWith, Contains, Missing, Present };

    Source source = Source::Query;
    QString name;  // parameter or header name; for Body a field path ("user.id")
    Op op = Op::Equals;
    QString value; // OneOf: comma-separated

    static QString sourceLabel(Source source); // "query parameter"
    static QString opLabel(Op op);             // "equals"
    static bool takesValue(Op op) { return op != Op::Missing && op != Op::Present; }
    QString describe() const;                  // "query parameter city equals atlantis"
    QString valueExpression() const;           // the VTL reading the value, "" when absent
    bool operator==(const MockCondition &o) const;
    bool operator!=(const MockCondition &o) const { return !(*this == o); }
};

// One response of a mock method: what it answers, and (rules) when.
struct MockResponse
{
    QString statusCode = QStringLiteral("200");
    QString contentType = QStringLiteral("application/json");
    QList<QPair<QString, QString>> headers; // name -> static text, or a mapping expression
    QString body;                           // the response template
    bool isDefault = false;                 // "otherwise"
    MockCondition condition;                // rules mode, when not the default
    QString selectionPattern;               // hand-written mode: the regex as AWS has it
    QMap<QString, QString> otherTemplates;  // more response templates, kept as they are
    bool operator==(const MockResponse &o) const;
};

// The editable form of a method's integration: responses in the order their rules are tried
// (the default last), and either rules the console turns into the request template, or the
// hand-written request template itself.
struct MockDesign
{
    enum class Mode { Rules, HandWritten };

    Mode mode = Mode::Rules;
    bool isMock = true;              // a MOCK integration (rules need one)
    QList<MockResponse> responses;
    QString requestTemplate;         // hand-written mode; the generated one in rules mode
    QString requestContentType = QStringLiteral("application/json");

    // Reads a method back. A template this class generated (or the common hand-written shape
    // `#if($input.params('x') == 'v') {"statusCode": N} #else ... #end`, or a plain
    // `{"statusCode": N}`) with integration responses that match it gives Rules; anything
    // else HandWritten, with the templates and patterns as written.
    static MockDesign fromMethod(const Gateway::Method &method);

    // The request template the rules produce.
    QString generateRequestTemplate() const;

    // What stops the design from being written as it stands: duplicate status codes, a
    // status that is not a number, a condition without a name, a quote in a value.
    QStringList problems() const;

    // Writes the design into the method: its MOCK integration (request template, integration
    // responses with selection patterns, header mappings, response templates) and the method
    // responses with their header declarations. Fields the design does not show are kept.
    void applyTo(Gateway::Method *method) const;

    // Whether the design in rules mode gives back this same design after a round trip.
    static bool parseRules(const QString &requestTemplate,
                           QList<QPair<MockCondition, QString>> *rules, QString *defaultStatus);
};

// 'text' -> text for a static header value; an expression stays as written.
QString headerValueFromMapping(const QString &source);
QString headerMappingFromValue(const QString &value);

} // namespace Gatehouse::Ui
