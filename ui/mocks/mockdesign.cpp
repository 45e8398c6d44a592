#include <ui/mocks/mockdesign.h>

#include <QRegularExpression>
#include <QSet>

namespace Gatehouse::Ui {

namespace {

const QString Marker = QStringLiteral("## Written by Gatehouse's mock rules (edit them there)");
const QString HeaderPrefix = QStringLiteral("method.response.header.");

QString quoted(const QString &s)
{
    return u'\'' + s + u'\'';
}

QString statusLine(const QString &status)
{
    return QStringLiteral("{\"statusCode\": %1}").arg(status);
}

// The value a condition reads: an expression in one of the shapes valueExpression() writes or
// a hand-written $input.params('x').
bool parseOperand(const QString &text, MockCondition *c)
{
    static const QRegularExpression params(
        QStringLiteral("^\"?\\$!?\\{?input\\.params\\(\\)\\.(path|querystring|header)\\.get\\('([^']+)'\\)\\}?\"?$"));
    static const QRegularExpression any(
        QStringLiteral("^\"?\\$!?\\{?input\\.params\\('([^']+)'\\)\\}?\"?$"));
    static const QRegularExpression body(
        QStringLiteral("^\"?\\$!?\\{?input\\.path\\('\\$\\.([^']+)'\\)\\}?\"?$"));
    const QString t = text.trimmed();
    if (auto m = params.match(t); m.hasMatch()) {
        const QString where = m.captured(1);
        c->source = where == u"path"          ? MockCondition::Source::Path
                    : where == u"querystring" ? MockCondition::Source::Query
                                              : MockCondition::Source::Header;
        c->name = m.captured(2);
        return true;
    }
    if (auto m = any.match(t); m.hasMatch()) {
        c->source = MockCondition::Source::Any;
        c->name = m.captured(1);
        return true;
    }
    if (auto m = body.match(t); m.hasMatch()) {
        c->source = MockCondition::Source::Body;
        c->name = m.captured(1);
        return true;
    }
    return false;
}

// One #if/#elseif condition: `V == 'a'`, `V != 'a'`, `V == 'a' || V == 'b'`,
// `V.startsWith('a')`, `V.contains('a')`, where V is $ghN (bound by #set) or an operand.
bool parseCondition(const QString &text, const QMap<QString, QString> &variables,
                    MockCondition *c)
{
    auto operand = [&](const QString &v) {
        const QString t = v.trimmed();
        if (variables.contains(t))
            return parseOperand(variables.value(t), c);
        return parseOperand(t, c);
    };
    static const QRegularExpression compare(QStringLiteral("^(.+?)\\s*(==|!=)\\s*'([^']*)'$"));
    static const QRegularExpression method(
        QStringLiteral("^(\\$[A-Za-z_][A-Za-z0-9_]*)\\.(startsWith|contains)\\('([^']*)'\\)$"));
    const QString t = text.trimmed();
    if (auto m = method.match(t); m.hasMatch()) {
        if (!operand(m.captured(1)))
            return false;
        c->op = m.captured(2) == u"startsWith" ? MockCondition::Op::StartsWith
                                                : MockCondition::Op::Contains;
        c->value = m.captured(3);
        return true;
    }
    const QStringList alternatives = t.split(QStringLiteral("||"));
    if (alternatives.size() > 1) {
        QStringList values;
        QString first;
        for (const QString &alt : alternatives) {
            auto m = compare.match(alt.trimmed());
            if (!m.hasMatch() || m.captured(2) != u"==")
                return false;
            if (first.isEmpty())
                first = m.captured(1);
            else if (m.captured(1) != first)
                return false;
            values << m.captured(3);
        }
        if (!operand(first))
            return false;
        c->op = MockCondition::Op::OneOf;
        c->value = values.join(QStringLiteral(", "));
        return true;
    }
    auto m = compare.match(t);
    if (!m.hasMatch() || !operand(m.captured(1)))
        return false;
    const bool equals = m.captured(2) == u"==";
    if (m.captured(3).isEmpty()) {
        c->op = equals ? MockCondition::Op::Missing : MockCondition::Op::Present;
        c->value.clear();
    } else {
        c->op = equals ? MockCondition::Op::Equals : MockCondition::Op::NotEquals;
        c->value = m.captured(3);
    }
    return true;
}

bool parseStatusLine(const QString &line, QString *status)
{
    static const QRegularExpression re(QStringLiteral("^\\{\\s*\"statusCode\"\\s*:\\s*(\\d{3})\\s*\\}$"));
    const auto m = re.match(line.trimmed());
    if (!m.hasMatch())
        return false;
    *status = m.captured(1);
    return true;
}

} // namespace

QString MockCondition::sourceLabel(Source source)
{
    switch (source) {
    case Source::Path: return QStringLiteral("path parameter");
    case Source::Query: return QStringLiteral("query parameter");
    case Source::Header: return QStringLiteral("header");
    case Source::Any: return QStringLiteral("parameter");
    case Source::Body: return QStringLiteral("body field");
    }
    return QString();
}

QString MockCondition::opLabel(Op op)
{
    switch (op) {
    case Op::Equals: return QStringLiteral("equals");
    case Op::NotEquals: return QStringLiteral("does not equal");
    case Op::OneOf: return QStringLiteral("is one of");
    case Op::StartsWith: return QStringLiteral("starts with");
    case Op::Contains: return QStringLiteral("contains");
    case Op::Missing: return QStringLiteral("is missing");
    case Op::Present: return QStringLiteral("is present");
    }
    return QString();
}

QString MockCondition::describe() const
{
    QString s = sourceLabel(source) + u' ' + (name.isEmpty() ? QStringLiteral("?") : name) + u' ' +
                opLabel(op);
    if (takesValue(op))
        s += u' ' + value;
    return s;
}

QString MockCondition::valueExpression() const
{
    switch (source) {
    case Source::Path:
        return QStringLiteral("$!input.params().path.get('%1')").arg(name);
    case Source::Query:
        return QStringLiteral("$!input.params().querystring.get('%1')").arg(name);
    case Source::Header:
        return QStringLiteral("$!input.params().header.get('%1')").arg(name);
    case Source::Any:
        return QStringLiteral("$!input.params('%1')").arg(name);
    case Source::Body:
        return QStringLiteral("$!input.path('$.%1')").arg(name);
    }
    return QString();
}

bool MockCondition::operator==(const MockCondition &o) const
{
    return source == o.source && name == o.name && op == o.op &&
           (!takesValue(op) || value == o.value);
}

bool MockResponse::operator==(const MockResponse &o) const
{
    return statusCode == o.statusCode && contentType == o.contentType && headers == o.headers &&
           body == o.body && isDefault == o.isDefault &&
           (isDefault || condition == o.condition) && otherTemplates == o.otherTemplates;
}

QString headerValueFromMapping(const QString &source)
{
    if (source.size() >= 2 && source.startsWith(u'\'') && source.endsWith(u'\''))
        return source.mid(1, source.size() - 2);
    return source;
}

QString headerMappingFromValue(const QString &value)
{
    static const QRegularExpression expression(QStringLiteral(
        "^(method\\.request|integration\\.response|context|stageVariables)\\.[A-Za-z0-9_.\\-$]+$"));
    if (expression.match(value).hasMatch())
        return value;
    return quoted(value);
}

QString MockDesign::generateRequestTemplate() const
{
    QList<const MockResponse *> rules;
    const MockResponse *fallback = nullptr;
    for (const MockResponse &r : responses) {
        if (r.isDefault)
            fallback = &r;
        else
            rules << &r;
    }
    const QString defaultStatus = fallback ? fallback->statusCode : QStringLiteral("200");
    if (rules.isEmpty())
        return statusLine(defaultStatus);
    QStringList lines{Marker};
    for (int i = 0; i < rules.size(); ++i) {
        lines << QStringLiteral("#set($gh%1 = \"%2\")")
                     .arg(i + 1)
                     .arg(rules[i]->condition.valueExpression());
    }
    for (int i = 0; i < rules.size(); ++i) {
        const MockCondition &c = rules[i]->condition;
        const QString v = QStringLiteral("$gh%1").arg(i + 1);
        QString test;
        switch (c.op) {
        case MockCondition::Op::Equals: test = v + QStringLiteral(" == ") + quoted(c.value); break;
        case MockCondition::Op::NotEquals: test = v + QStringLiteral(" != ") + quoted(c.value); break;
        case MockCondition::Op::OneOf: {
            QStringList parts;
            for (const QString &value : c.value.split(u',', Qt::SkipEmptyParts))
                parts << v + QStringLiteral(" == ") + quoted(value.trimmed());
            if (parts.isEmpty())
                parts << v + QStringLiteral(" == ''");
            test = parts.join(QStringLiteral(" || "));
            break;
        }
        case MockCondition::Op::StartsWith: test = v + QStringLiteral(".startsWith(") + quoted(c.value) + u')'; break;
        case MockCondition::Op::Contains: test = v + QStringLiteral(".contains(") + quoted(c.value) + u')'; break;
        case MockCondition::Op::Missing: test = v + QStringLiteral(" == ''"); break;
        case MockCondition::Op::Present: test = v + QStringLiteral(" != ''"); break;
        }
        lines << (i == 0 ? QStringLiteral("#if(") : QStringLiteral("#elseif(")) + test + u')';
        lines << statusLine(rules[i]->statusCode);
    }
    lines << QStringLiteral("#else") << statusLine(defaultStatus) << QStringLiteral("#end");
    return lines.join(u'\n');
}

bool MockDesign::parseRules(const QString &requestTemplate,
                            QList<QPair<MockCondition, QString>> *rules, QString *defaultStatus)
{
    rules->clear();
    QString status;
    if (parseStatusLine(requestTemplate, &status)) {
        *defaultStatus = status;
        return true;
    }
    QStringList lines;
    for (const QString &line : requestTemplate.split(u'\n')) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith(QStringLiteral("##")))
            lines << t;
    }
    static const QRegularExpression set(
        QStringLiteral("^#set\\(\\s*(\\$[A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+)\\)$"));
    static const QRegularExpression branch(QStringLiteral("^#(if|elseif)\\s*\\((.*)\\)$"));
    QMap<QString, QString> variables;
    int i = 0;
    for (; i < lines.size(); ++i) {
        const auto m = set.match(lines[i]);
        if (!m.hasMatch())
            break;
        variables.insert(m.captured(1), m.captured(2));
    }
    bool sawElse = false;
    for (; i < lines.size(); ++i) {
        const QString &line = lines[i];
        if (line == u"#end")
            return sawElse && i == lines.size() - 1;
        if (i + 1 >= lines.size() || !parseStatusLine(lines[i + 1], &status))
            return false;
        if (line == u"#else") {
            if (rules->isEmpty() || sawElse)
                return false;
            sawElse = true;
            *defaultStatus = status;
        } else {
            const auto m = branch.match(line);
            if (!m.hasMatch() || sawElse || (m.captured(1) == u"if") != rules->isEmpty())
                return false;
            MockCondition c;
            if (!parseCondition(m.captured(2), variables, &c))
                return false;
            rules->append({c, status});
        }
        ++i;
    }
    return false;
}

MockDesign MockDesign::fromMethod(const Gateway::Method &method)
{
    MockDesign design;
    const Gateway::Integration integration =
        method.integration ? *method.integration : Gateway::Integration();
    design.isMock = integration.type == Gateway::IntegrationType::Mock;
    if (!integration.requestTemplates.isEmpty()) {
        const auto json = integration.requestTemplates.find(QStringLiteral("application/json"));
        const auto it = json != integration.requestTemplates.end()
                            ? json
                            : integration.requestTemplates.begin();
        design.requestContentType = it.key();
        design.requestTemplate = it.value();
    }
    for (const Gateway::IntegrationResponse &ir : integration.responses) {
        MockResponse r;
        r.statusCode = ir.statusCode;
        r.isDefault = ir.selectionPattern.isEmpty();
        r.selectionPattern = ir.selectionPattern;
        for (auto it = ir.responseParameters.begin(); it != ir.responseParameters.end(); ++it) {
            if (it.key().startsWith(HeaderPrefix))
                r.headers.append({it.key().mid(HeaderPrefix.size()), headerValueFromMapping(it.value())});
        }
        r.otherTemplates = ir.responseTemplates;
        if (!ir.responseTemplates.isEmpty()) {
            const auto json = ir.responseTemplates.find(QStringLiteral("application/json"));
            const auto it = json != ir.responseTemplates.end() ? json : ir.responseTemplates.begin();
            r.contentType = it.key();
            r.body = it.value();
            r.otherTemplates.remove(it.key());
        }
        design.responses << r;
    }

    QList<QPair<MockCondition, QString>> plain;
    QString plainStatus = QStringLiteral("200");
    if (design.responses.isEmpty() && design.isMock &&
        (design.requestTemplate.isEmpty() ||
         (parseRules(design.requestTemplate, &plain, &plainStatus) && plain.isEmpty()))) {
        // A new MOCK method: start from one default response.
        MockResponse r;
        r.statusCode = plainStatus;
        r.isDefault = true;
        r.body = QStringLiteral("{}");
        design.responses << r;
        design.mode = Mode::Rules;
        return design;
    }

    // Rules: every response accounted for by the request template, one response per status,
    // each pattern exactly its status, the default last.
    QList<QPair<MockCondition, QString>> rules;
    QString defaultStatus;
    bool rulesFit = design.isMock && integration.requestTemplates.size() <= 1 &&
                    design.requestContentType == u"application/json" &&
                    (design.requestTemplate.isEmpty() ||
                     parseRules(design.requestTemplate, &rules, &defaultStatus));
    if (design.requestTemplate.isEmpty())
        defaultStatus = QStringLiteral("200");   // no template: MOCK answers 200
    QList<MockResponse> ordered;
    if (rulesFit) {
        QSet<QString> used;
        for (const auto &[condition, status] : rules) {
            const auto it = std::find_if(design.responses.begin(), design.responses.end(),
                                         [&](const MockResponse &r) {
                                             return !r.isDefault && r.statusCode == status &&
                                                    r.selectionPattern == status;
                                         });
            if (it == design.responses.end() || used.contains(status)) {
                rulesFit = false;
                break;
            }
            used.insert(status);
            MockResponse r = *it;
            r.condition = condition;
            ordered << r;
        }
        const auto fallback = std::find_if(design.responses.begin(), design.responses.end(),
                                           [](const MockResponse &r) { return r.isDefault; });
        if (rulesFit && fallback != design.responses.end() && fallback->statusCode == defaultStatus &&
            !used.contains(defaultStatus)) {
            ordered << *fallback;
        } else {
            rulesFit = false;
        }
        if (ordered.size() != design.responses.size())
            rulesFit = false;
    }
    if (rulesFit) {
        design.mode = Mode::Rules;
        design.responses = ordered;
    } else {
        design.mode = Mode::HandWritten;
    }
    return design;
}

QStringList MockDesign::problems() const
{
    QStringList problems;
    QSet<QString> statuses;
    int defaults = 0;
    static const QRegularExpression status(QStringLiteral("^[1-5]\\d\\d$"));
    for (const MockResponse &r : responses) {
        if (!status.match(r.statusCode).hasMatch())
            problems << QStringLiteral("Status %1 is not an HTTP status code (100-599).").arg(r.statusCode);
        if (statuses.contains(r.statusCode) && mode == Mode::Rules)
            problems << QStringLiteral("Two responses answer %1: a status can have one response only, "
                                       "since AWS selects the response by status.").arg(r.statusCode);
        statuses.insert(r.statusCode);
        if (r.isDefault)
            ++defaults;
        if (mode == Mode::Rules && !r.isDefault) {
            if (r.condition.name.trimmed().isEmpty())
                problems << QStringLiteral("The %1 response's condition names no %2.")
                                .arg(r.statusCode, MockCondition::sourceLabel(r.condition.source));
            if (r.condition.value.contains(u'\'') || r.condition.name.contains(u'\''))
                problems << QStringLiteral("The %1 response's condition contains a single quote, "
                                           "which a VTL string cannot hold.").arg(r.statusCode);
        }
    }
    if (defaults > 1)
        problems << QStringLiteral("More than one default response: AWS allows one.");
    if (mode == Mode::Rules && defaults == 0)
        problems << QStringLiteral("No default response: add one for requests no rule matches.");
    return problems;
}

void MockDesign::applyTo(Gateway::Method *method) const
{
    Gateway::Integration integration = method->integration ? *method->integration : Gateway::Integration();
    if (!method->integration) {
        integration.type = Gateway::IntegrationType::Mock;
        integration.passthroughBehavior = QStringLiteral("WHEN_NO_MATCH");
    }
    if (mode == Mode::Rules) {
        integration.requestTemplates.clear();
        integration.requestTemplates.insert(QStringLiteral("application/json"), generateRequestTemplate());
    } else if (!requestTemplate.isEmpty() || integration.requestTemplates.contains(requestContentType)) {
        integration.requestTemplates.insert(requestContentType, requestTemplate);
    }

    // Rules: the default last (AWS picks the first matching pattern, the default when none).
    QList<const MockResponse *> order;
    for (const MockResponse &r : responses) {
        if (mode == Mode::HandWritten || !r.isDefault)
            order << &r;
    }
    if (mode == Mode::Rules) {
        for (const MockResponse &r : responses) {
            if (r.isDefault)
                order << &r;
        }
    }
    const QList<Gateway::IntegrationResponse> previous = integration.responses;
    integration.responses.clear();
    for (const MockResponse *r : order) {
        Gateway::IntegrationResponse ir;
        for (const Gateway::IntegrationResponse &p : previous) {
            if (p.statusCode == r->statusCode)
                ir = p;   // keep what the design does not show (contentHandling)
        }
        ir.statusCode = r->statusCode;
        ir.selectionPattern = r->isDefault ? QString()
                              : mode == Mode::Rules ? r->statusCode
                                                    : r->selectionPattern;
        ir.responseParameters.clear();
        for (const auto &[name, value] : r->headers) {
            if (!name.trimmed().isEmpty())
                ir.responseParameters.insert(HeaderPrefix + name.trimmed(), headerMappingFromValue(value));
        }
        ir.responseTemplates = r->otherTemplates;
        ir.responseTemplates.insert(r->contentType.isEmpty() ? QStringLiteral("application/json")
                                                             : r->contentType,
                                    r->body);
        integration.responses << ir;
    }
    method->integration = integration;

    // Method responses: one per status, declaring the headers mapped onto it.
    QMap<QString, Gateway::MethodResponse> methodResponses;
    for (const MockResponse *r : order) {
        Gateway::MethodResponse mr = method->methodResponses.value(r->statusCode);
        if (mr.description.isEmpty())
            mr.description = r->statusCode + QStringLiteral(" response");
        QMap<QString, bool> declared;
        for (const auto &[name, value] : r->headers) {
            if (!name.trimmed().isEmpty())
                declared.insert(HeaderPrefix + name.trimmed(),
                                mr.responseParameters.value(HeaderPrefix + name.trimmed(), false));
        }
        mr.responseParameters = declared;
        methodResponses.insert(r->statusCode, mr);
    }
    if (mode == Mode::HandWritten) {
        // Hand-written methods may declare responses their integration never picks: keep them.
        for (auto it = method->methodResponses.begin(); it != method->methodResponses.end(); ++it) {
            if (!methodResponses.contains(it.key()))
                methodResponses.insert(it.key(), it.value());
        }
    }
    method->methodResponses = methodResponses;
}

} // namespace Gatehouse::Ui
