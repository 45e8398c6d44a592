#include <project/apidocument.h>
#include <project/project.h>
#include <project/projectlog.h>

#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

namespace Gatehouse::Project {

namespace {

const char *const kMethods[] = {"get", "put", "post", "delete", "options", "head", "patch",
                                "x-amazon-apigateway-any-method"};

QString scalar(const YAML::Node &node)
{
    if (!node || !node.IsScalar())
        return {};
    return QString::fromStdString(node.Scalar());
}

Status invalid(const QString &fileName, const QString &message)
{
    return Status::error(ProjectError::InvalidApiDocument, fileName + u": " + message);
}

} // namespace

ApiDocument readApiDocument(const QString &filePath)
{
    ApiDocument doc;
    const QFileInfo info(filePath);
    doc.filePath = info.absoluteFilePath();
    doc.fileName = info.fileName();
    doc.title = info.completeBaseName();

    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        doc.status = Status::error(ProjectError::Io, doc.fileName + u": " + file.errorString());
        return doc;
    }
    const QByteArray bytes = file.readAll();

    YAML::Node root;
    try {
        // YAML 1.2 is a superset of JSON, so one parser reads both export formats of AWS.
        root = YAML::Load(bytes.toStdString());
    } catch (const YAML::Exception &e) {
        doc.status = invalid(doc.fileName, QStringLiteral("line %1, column %2: %3")
                                               .arg(e.mark.line + 1)
                                               .arg(e.mark.column + 1)
                                               .arg(QString::fromStdString(e.msg)));
        return doc;
    }
    if (!root.IsMap()) {
        doc.status = invalid(doc.fileName, QStringLiteral("not an OpenAPI document (no top-level map)"));
        return doc;
    }
    const QString openapi = scalar(root["openapi"]);
    if (!openapi.startsWith(u'3')) {
        const QString swagger = scalar(root["swagger"]);
        doc.status = invalid(doc.fileName,
                             swagger.isEmpty()
                                 ? QStringLiteral("missing \"openapi\": expected an OpenAPI 3 document")
                                 : QStringLiteral("Swagger %1 is not supported: export the API as OpenAPI 3")
                                       .arg(swagger));
        return doc;
    }
    if (const YAML::Node infoNode = root["info"]; infoNode && infoNode.IsMap()) {
        const QString title = scalar(infoNode["title"]);
        if (!title.isEmpty())
            doc.title = title;
        doc.version = scalar(infoNode["version"]);
    }
    const YAML::Node paths = root["paths"];
    if (paths && !paths.IsMap()) {
        doc.status = invalid(doc.fileName, QStringLiteral("\"paths\" must be a map"));
        return doc;
    }
    if (paths) {
        for (const auto &entry : paths) {
            const QString path = QString::fromStdString(entry.first.as<std::string>());
            const YAML::Node item = entry.second;
            if (!item.IsMap())
                continue;
            for (const char *method : kMethods) {
                const YAML::Node op = item[method];
                if (!op || !op.IsMap())
                    continue;
                ApiOperation operation;
                operation.method = qstrcmp(method, "x-amazon-apigateway-any-method") == 0
                                       ? QStringLiteral("ANY")
                                       : QString::fromLatin1(method).toUpper();
                operation.path = path;
                operation.operationId = scalar(op["operationId"]);
                operation.summary = scalar(op["summary"]);
                if (const YAML::Node integration = op["x-amazon-apigateway-integration"];
                    integration && integration.IsMap()) {
                    operation.integrationType = scalar(integration["type"]).toUpper();
                }
                doc.operations.append(operation);
            }
        }
    }
    qCDebug(lcProject) << "read" << doc.fileName << doc.operations.size() << "operations";
    return doc;
}

} // namespace Gatehouse::Project
