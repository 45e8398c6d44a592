// Thread affinity: any thread. ModelSchemas is immutable once compiled and shared by every
// request of a CompiledApi.
#pragma once

#include <gateway/model.h>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Gatehouse::Gateway {

// The API's models compiled as JSON Schema draft 4 (valijson), once per compiled API. A model
// may $ref another as "#/components/schemas/Name", "#/definitions/Name" or by API Gateway's
// model URL (".../restapis/{id}/models/Name").
class ModelSchemas
{
public:
    // Models whose schema cannot be compiled are reported in `problems` and validate nothing.
    static std::shared_ptr<const ModelSchemas> compile(const RestApi &api, QStringList *problems);
    ~ModelSchemas();

    bool contains(const QString &model) const;
    // Validates `body` (JSON; empty counts as {}) against the model. Returns the errors, empty
    // when the body conforms; nullopt when the model is unknown or did not compile.
    std::optional<QStringList> validate(const QString &model, const QByteArray &body) const;

private:
    ModelSchemas();
    struct Private;
    std::unique_ptr<Private> d;
};

// The model a request body is validated against: the method's request model for the
// request's media type (parameters ignored; none given means application/json), else its
// "$default" model. Empty when none applies.
QString requestModelFor(const Method &method, QByteArrayView contentType);

// API Gateway's execution-log line for a body that fails validation.
QString bodyValidationError(const QString &contentType, const QStringList &errors);

} // namespace Gatehouse::Gateway
