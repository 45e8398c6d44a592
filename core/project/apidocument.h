// Thread affinity: any thread (plain value types).
#pragma once

#include <common/status.h>

#include <QList>
#include <QString>

namespace Gatehouse::Project {

// One method of one resource as an OpenAPI document declares it.
struct ApiOperation
{
    QString method;           // upper case: GET, POST, ..., ANY for x-amazon-apigateway-any-method
    QString path;             // "/books/{isbn}"
    QString operationId;
    QString summary;
    QString integrationType;  // x-amazon-apigateway-integration.type: MOCK, AWS, AWS_PROXY, HTTP ...; empty if none
};

// What the console shows of an API document before the gateway loads it in full: the
// document is parsed here only far enough to list its operations.
struct ApiDocument
{
    QString filePath;         // absolute
    QString fileName;         // relative to the project's apis/ folder
    QString title;            // info.title, or the file name
    QString version;          // info.version
    QList<ApiOperation> operations;
    Status status;            // why the document could not be read; ok otherwise
};

// Reads an OpenAPI 3 document (YAML or JSON) and lists its operations. A Swagger 2.0 document
// or a malformed file gives an ApiDocument whose status says why, with the line when known.
ApiDocument readApiDocument(const QString &filePath);

} // namespace Gatehouse::Project
