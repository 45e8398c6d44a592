// Thread affinity: any thread (pure functions over value types).
#pragma once

#include <common/status.h>
#include <gateway/model.h>

#include <QString>
#include <QStringList>

#include <functional>

namespace Gatehouse::Ui::RouteEdits {

// The structural edits of the route editor, as functions from one API to the next, so every
// rule is testable without a window and an edit either applies whole or not at all. Paths are
// resource paths ("/books/{isbn}"); errors carry API Gateway's wording where it has one.

// The HTTP methods API Gateway accepts on a resource, in the order its console lists them.
QStringList httpMethods();

// Whether `part` may be the path part of a child of `parentPath`: API Gateway's characters,
// `{param}` and `{proxy+}`, a greedy parent has no children, one variable part among siblings,
// no two siblings of one name. `ignorePath` is a resource left out of the sibling checks (the
// one being renamed).
Status checkChildPart(const Gateway::RestApi &api, const QString &parentPath, const QString &part,
                      const QString &ignorePath = {});

Result<Gateway::RestApi> addResource(const Gateway::RestApi &api, const QString &parentPath,
                                     const QString &part, const std::function<QString()> &newId);
// Renames one path part; the resource's descendants follow.
Result<Gateway::RestApi> renameResource(const Gateway::RestApi &api, const QString &path,
                                        const QString &part);
// Moves a resource (with its descendants and methods) under another.
Result<Gateway::RestApi> moveResource(const Gateway::RestApi &api, const QString &path,
                                      const QString &newParentPath);
Result<Gateway::RestApi> deleteResource(const Gateway::RestApi &api, const QString &path);

// A new method with a MOCK integration answering 200, as API Gateway's console creates one.
Gateway::Method newMockMethod(const QString &httpMethod);
Result<Gateway::RestApi> addMethod(const Gateway::RestApi &api, const QString &path,
                                   const Gateway::Method &method);
Result<Gateway::RestApi> deleteMethod(const Gateway::RestApi &api, const QString &path,
                                      const QString &httpMethod);
// Replaces the method of the same httpMethod on `path`.
Result<Gateway::RestApi> replaceMethod(const Gateway::RestApi &api, const QString &path,
                                       const Gateway::Method &method);

// The path a resource would have under `parentPath` with path part `part`.
QString childPath(const QString &parentPath, const QString &part);
QString parentPath(const QString &path);

} // namespace Gatehouse::Ui::RouteEdits
