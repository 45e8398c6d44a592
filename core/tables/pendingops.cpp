// Temporary: operations of issue 4 not landed yet answer as unknown.
#include "tableengine.h"

#include "requestvalidation.h"

#include <items/dynamoerror.h>

namespace Gatehouse::Tables {

namespace {
void unknown(const ReplyFn &done)
{
    done(ApiReply::error(Status::error(Items::ErrorCode::UnknownOperation, QString())));
}
} // namespace

#define GATEHOUSE_PENDING(name) \
    void TableEngine::name(const Validation::CheckedRequest &, const ReplyFn &done) { unknown(done); }
GATEHOUSE_PENDING(transactWriteItems)
GATEHOUSE_PENDING(transactGetItems)

} // namespace Gatehouse::Tables
