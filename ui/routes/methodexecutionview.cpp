#include <ui/routes/methodexecutionview.h>
#include <ui/theme.h>

#include <gateway/model.h>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace Gatehouse::Ui {

namespace {

constexpr qreal Margin = 12;
constexpr qreal ClientWidth = 64;
constexpr qreal Gap = 34;       // room for the arrows between columns
constexpr qreal RowGap = 18;

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

QColor backendColor(const QString &type)
{
    if (type == QLatin1String("MOCK"))
        return QColor(0x8e, 0x6c, 0xc9);
    if (type.startsWith(QLatin1String("HTTP")))
        return QColor(0x2e, 0x86, 0xde);
    if (type == QLatin1String("AWS"))
        return QColor(0xd9, 0x8b, 0x1c);
    if (type == QLatin1String("AWS_PROXY"))
        return QColor(0xe0, 0x6c, 0x00);
    return QColor(0x88, 0x88, 0x88);
}

QString plural(qsizetype n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

} // namespace

MethodExecutionView::MethodExecutionView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("methodExecution"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize MethodExecutionView::sizeHint() const
{
    const int line = fontMetrics().height();
    return {820, int(2 * Margin + 2 * (line * 4.7 + 12) + RowGap)};
}

QSize MethodExecutionView::minimumSizeHint() const
{
    return {560, sizeHint().height()};
}

QString MethodExecutionView::title(Box box) const
{
    switch (box) {
    case MethodRequest: return tr("Method Request");
    case IntegrationRequest: return tr("Integration Request");
    case Backend: return m_backendType.isEmpty() ? tr("Backend") : m_backendType;
    case IntegrationResponse: return tr("Integration Response");
    case MethodResponse: return tr("Method Response");
    case BoxCount: break;
    }
    return {};
}

void MethodExecutionView::clear()
{
    for (QStringList &lines : m_lines)
        lines.clear();
    m_backendType.clear();
    m_empty = true;
    update();
}

void MethodExecutionView::setMethod(const Gateway::RestApi &api, const QString &path, const Gateway::Method &method)
{
    m_empty = false;
    m_method = method.httpMethod;
    m_path = path;
    for (QStringList &lines : m_lines)
        lines.clear();

    // Method Request: who may call and what the call must carry.
    QStringList &mreq = m_lines[MethodRequest];
    mreq << tr("Authorization: %1").arg(method.authorizationType.isEmpty() ? QStringLiteral("NONE") : method.authorizationType);
    const QString validator = method.requestValidator.isEmpty() ? api.requestValidator : method.requestValidator;
    mreq << tr("Validator: %1").arg(validator.isEmpty() ? tr("none") : validator);
    int required = 0;
    for (bool r : method.requestParameters)
        required += r;
    mreq << tr("%1 (%2 required)").arg(plural(method.requestParameters.size(), tr("parameter"), tr("parameters"))).arg(required);
    if (method.apiKeyRequired)
        mreq << tr("API key required");
    else if (!method.requestModels.isEmpty())
        mreq << tr("Body model: %1").arg(method.requestModels.first());

    QStringList &ireq = m_lines[IntegrationRequest];
    QStringList &backend = m_lines[Backend];
    QStringList &ires = m_lines[IntegrationResponse];
    if (method.integration) {
        const Gateway::Integration &in = *method.integration;
        m_backendType = Gateway::integrationTypeName(in.type);
        ireq << tr("Type: %1").arg(m_backendType);
        ireq << plural(in.requestParameters.size(), tr("parameter mapping"), tr("parameter mappings"));
        ireq << (in.requestTemplates.isEmpty() ? tr("No mapping template")
                                               : tr("Templates: %1").arg(in.requestTemplates.keys().join(QStringLiteral(", "))));
        ireq << tr("Passthrough: %1").arg(in.passthroughBehavior.isEmpty() ? QStringLiteral("WHEN_NO_MATCH") : in.passthroughBehavior);
        switch (in.type) {
        case Gateway::IntegrationType::Mock:
            backend << tr("Mock endpoint") << tr("answered by the gateway");
            break;
        case Gateway::IntegrationType::Http:
        case Gateway::IntegrationType::HttpProxy:
            backend << tr("HTTP %1").arg(in.httpMethod.isEmpty() ? m_method : in.httpMethod) << in.uri;
            break;
        case Gateway::IntegrationType::Aws:
            // arn:aws:apigateway:{region}:{service}:action/{Action}
            backend << tr("AWS service") << in.uri.section(u':', 4, 4) << in.uri.section(u':', 5).section(u'/', -1);
            break;
        case Gateway::IntegrationType::AwsProxy:
            backend << tr("Lambda proxy") << in.uri.section(u':', -1).section(u'/', 0, 0);
            break;
        }
        if (in.timeoutInMillis)
            backend << tr("Timeout %1 ms").arg(*in.timeoutInMillis);
        if (in.type == Gateway::IntegrationType::HttpProxy || in.type == Gateway::IntegrationType::AwsProxy) {
            ires << tr("Proxy integration:") << tr("the backend's answer") << tr("passes through");
        } else {
            for (const Gateway::IntegrationResponse &r : in.responses) {
                if (ires.size() == 3) {
                    ires << tr("… %1 more").arg(in.responses.size() - 3);
                    break;
                }
                ires << QStringLiteral("%1 → %2").arg(r.selectionPattern.isEmpty() ? tr("default") : r.selectionPattern, r.statusCode);
            }
            if (ires.isEmpty())
                ires << tr("No integration response");
        }
    } else {
        m_backendType.clear();
        ireq << tr("No integration");
        backend << tr("not set up");
        ires << tr("No integration");
    }

    QStringList &mres = m_lines[MethodResponse];
    for (auto it = method.methodResponses.cbegin(); it != method.methodResponses.cend(); ++it) {
        if (mres.size() == 3) {
            mres << tr("… %1 more").arg(method.methodResponses.size() - 3);
            break;
        }
        QString line = tr("HTTP %1").arg(it.key());
        if (!it->responseParameters.isEmpty())
            line += u"  · " + plural(it->responseParameters.size(), tr("header"), tr("headers"));
        if (!it->responseModels.isEmpty())
            line += u"  · " + it->responseModels.first();
        mres << line;
    }
    if (mres.isEmpty())
        mres << tr("No method response");
    update();
}

void MethodExecutionView::setCurrentBox(Box box)
{
    if (box == m_current)
        return;
    m_current = box;
    update();
}

QRectF MethodExecutionView::clientRect() const
{
    const QRectF area = QRectF(rect()).adjusted(Margin, Margin, -Margin, -Margin);
    return {area.left(), area.top(), ClientWidth, area.height()};
}

QRectF MethodExecutionView::geometryOf(Box box) const
{
    const QRectF area = QRectF(rect()).adjusted(Margin, Margin, -Margin, -Margin);
    const qreal left = area.left() + ClientWidth + Gap;
    const qreal backendWidth = qMax<qreal>(150, (area.right() - left) * 0.22);
    const qreal boxWidth = (area.right() - left - backendWidth - 2 * Gap) / 2;
    const qreal rowHeight = (area.height() - RowGap) / 2;
    const qreal col1 = left;
    const qreal col2 = left + boxWidth + Gap;
    const qreal col3 = col2 + boxWidth + Gap;
    const qreal top = area.top();
    const qreal bottom = area.top() + rowHeight + RowGap;
    switch (box) {
    case MethodRequest: return {col1, top, boxWidth, rowHeight};
    case IntegrationRequest: return {col2, top, boxWidth, rowHeight};
    case Backend: return {col3, top, backendWidth, area.height()};
    case IntegrationResponse: return {col2, bottom, boxWidth, rowHeight};
    case MethodResponse: return {col1, bottom, boxWidth, rowHeight};
    case BoxCount: break;
    }
    return {};
}

QRect MethodExecutionView::boxRect(Box box) const
{
    return geometryOf(box).toAlignedRect();
}

int MethodExecutionView::boxAt(const QPointF &pos) const
{
    for (int b = 0; b < BoxCount; ++b) {
        if (geometryOf(Box(b)).contains(pos))
            return b;
    }
    return -1;
}

void MethodExecutionView::mousePressEvent(QMouseEvent *event)
{
    const int box = m_empty ? -1 : boxAt(event->position());
    if (box < 0)
        return QWidget::mousePressEvent(event);
    setCurrentBox(Box(box));
    Q_EMIT boxActivated(Box(box));
}

void MethodExecutionView::mouseMoveEvent(QMouseEvent *event)
{
    const int box = m_empty ? -1 : boxAt(event->position());
    if (box != m_hover) {
        m_hover = box;
        setCursor(box >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
}

void MethodExecutionView::leaveEvent(QEvent *)
{
    m_hover = -1;
    update();
}

void MethodExecutionView::keyPressEvent(QKeyEvent *event)
{
    // The boxes in the order a request travels, so the keyboard reaches every form.
    static const Box order[] = {MethodRequest, IntegrationRequest, Backend, IntegrationResponse, MethodResponse};
    int at = 0;
    while (order[at] != m_current)
        ++at;
    if (event->key() == Qt::Key_Right || event->key() == Qt::Key_Down)
        at = qMin(at + 1, 4);
    else if (event->key() == Qt::Key_Left || event->key() == Qt::Key_Up)
        at = qMax(at - 1, 0);
    else
        return QWidget::keyPressEvent(event);
    setCurrentBox(order[at]);
    Q_EMIT boxActivated(order[at]);
}

void MethodExecutionView::drawBox(QPainter &p, Box box) const
{
    const QPalette &pal = palette();
    const bool dark = isDark(pal);
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    const QColor accent = pal.color(QPalette::Highlight);
    const QRectF r = geometryOf(box).adjusted(0.5, 0.5, -0.5, -0.5);
    const bool selected = box == m_current && hasFocus() ? true : box == m_current;
    const bool hover = m_hover == box;

    QColor fill = base;
    QColor stripe = mix(base, text, dark ? 0.28 : 0.18);
    if (box == Backend) {
        const QColor c = backendColor(m_backendType);
        fill = mix(base, c, dark ? 0.22 : 0.10);
        stripe = c;
    } else if (box == MethodRequest || box == IntegrationRequest) {
        stripe = mix(base, QColor(0x2e, 0x86, 0xde), dark ? 0.75 : 0.85);
    } else {
        stripe = mix(base, QColor(0x2e, 0x9e, 0x5b), dark ? 0.75 : 0.85);
    }
    if (hover && !selected)
        fill = mix(fill, accent, 0.06);

    QPainterPath path;
    path.addRoundedRect(r, 6, 6);
    p.setPen(QPen(selected ? accent : mix(base, text, dark ? 0.35 : 0.25), selected ? 2.0 : 1.0));
    p.setBrush(fill);
    p.drawPath(path);
    // A coloured edge on top: requests blue, responses green, the backend by its type.
    p.save();
    p.setClipPath(path);
    p.fillRect(QRectF(r.left(), r.top(), r.width(), 4), stripe);
    p.restore();

    QFont titleFont = font();
    titleFont.setBold(true);
    const QFontMetricsF tfm(titleFont);
    const QFontMetricsF fm(font());
    qreal y = r.top() + 10;
    p.setFont(titleFont);
    p.setPen(text);
    const qreal padding = 10;
    if (box == Backend) {
        p.drawText(QRectF(r.left(), y, r.width(), tfm.height()), Qt::AlignHCenter | Qt::AlignVCenter, title(box));
        y += tfm.height() + 6;
        p.setFont(font());
        p.setPen(mix(base, text, 0.75));
        for (const QString &line : m_lines[box]) {
            // URIs and ARNs break anywhere; words break between words.
            const QRectF space(r.left() + 8, y, r.width() - 16, r.bottom() - y - 6);
            const int flags = Qt::AlignHCenter | Qt::AlignTop | (line.contains(u' ') ? Qt::TextWordWrap : Qt::TextWrapAnywhere);
            const QRectF used = p.boundingRect(space, flags, line);
            p.drawText(space, flags, line);
            y += used.height() + 4;
            if (y > r.bottom() - fm.height())
                break;
        }
        return;
    }
    p.drawText(QRectF(r.left() + padding, y, r.width() - 2 * padding, tfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               title(box));
    y += tfm.height() + 4;
    p.setFont(font());
    p.setPen(mix(base, text, 0.75));
    for (const QString &line : m_lines[box]) {
        if (y + fm.height() > r.bottom() - 4)
            break;
        p.drawText(QRectF(r.left() + padding, y, r.width() - 2 * padding, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(line, Qt::ElideRight, r.width() - 2 * padding));
        y += fm.height() + 1;
    }
}

void MethodExecutionView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    p.fillRect(rect(), pal.color(QPalette::Window));
    if (m_empty) {
        p.setPen(mix(pal.color(QPalette::Window), text, 0.6));
        p.drawText(rect(), Qt::AlignCenter, tr("Select a method to see how a request flows through it"));
        return;
    }

    // The client: a rounded column on the left.
    const QRectF client = clientRect().adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(mix(base, text, 0.3), 1.0, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(client, 6, 6);
    p.setPen(mix(base, text, 0.7));
    QFont small = font();
    small.setBold(true);
    p.setFont(small);
    p.drawText(client, Qt::AlignCenter, tr("Client"));

    const QColor arrow = mix(pal.color(QPalette::Window), text, 0.55);
    auto drawArrow = [&](QPointF from, QPointF to) {
        p.setPen(QPen(arrow, 1.6));
        p.drawLine(from, to);
        const qreal dir = to.x() > from.x() ? -1 : 1;
        QPolygonF head;
        head << to << QPointF(to.x() + dir * 7, to.y() - 4) << QPointF(to.x() + dir * 7, to.y() + 4);
        p.setBrush(arrow);
        p.setPen(Qt::NoPen);
        p.drawPolygon(head);
    };
    const QRectF mreq = geometryOf(MethodRequest);
    const QRectF ireq = geometryOf(IntegrationRequest);
    const QRectF back = geometryOf(Backend);
    const QRectF ires = geometryOf(IntegrationResponse);
    const QRectF mres = geometryOf(MethodResponse);
    const qreal topY = mreq.center().y();
    const qreal bottomY = mres.center().y();
    drawArrow({client.right() + 2, topY}, {mreq.left() - 3, topY});
    drawArrow({mreq.right() + 2, topY}, {ireq.left() - 3, topY});
    drawArrow({ireq.right() + 2, topY}, {back.left() - 3, topY});
    drawArrow({back.left() - 2, bottomY}, {ires.right() + 3, bottomY});
    drawArrow({ires.left() - 2, bottomY}, {mres.right() + 3, bottomY});
    drawArrow({mres.left() - 2, bottomY}, {client.right() + 3, bottomY});

    // The method itself above the client column, as a badge.
    QFont badgeFont = font();
    badgeFont.setBold(true);
    badgeFont.setPointSizeF(badgeFont.pointSizeF() * 0.85);
    const QFontMetricsF bfm(badgeFont);
    const QRectF badge(client.left() + 4, client.top() + 8, client.width() - 8, bfm.height() + 4);
    p.setPen(Qt::NoPen);
    p.setBrush(methodColor(m_method));
    p.drawRoundedRect(badge, 3, 3);
    p.setPen(Qt::white);
    p.setFont(badgeFont);
    p.drawText(badge, Qt::AlignCenter, m_method);

    for (int b = 0; b < BoxCount; ++b)
        drawBox(p, Box(b));
}

} // namespace Gatehouse::Ui
