// Thread affinity: execute() on any listener thread, several at once. Reads answer on the calling
// thread; writes answer after their commit, handed back to the calling thread's event loop.
#pragma once

#include <gateway/integration.h>
#include <tables/dynamoapi.h>

#include <memory>

namespace Gatehouse::GatewayAws {

// API Gateway's AWS integration for DynamoDB, executed in process against the table engine:
// no HTTP hop, no signing. The integration request body (the rendered request template) is the
// DynamoDB JSON request of the action the uri names:
//   arn:aws:apigateway:{region}:dynamodb:action/{Action}   (any region)
//   arn:aws:apigateway:{region}:dynamodb:path/...          (the action then comes from an
//        integration.request.header.X-Amz-Target mapping, "DynamoDB_20120810.{Action}")
// The result is DynamoDB's response as the service sends it: 200 and the JSON body, or the error
// status (400/500) with {"__type": "com.amazonaws.dynamodb.v20120810#Code", "message": ...};
// Content-Type application/x-amz-json-1.0, x-amzn-RequestId and x-amz-crc32 as headers. So the
// integration responses select on the status code ("400") and templates read
// $input.path('$.Items').
//
// Other AWS services answer 500 Internal server error (they are not emulated), with the reason in
// the record's "error" note.
//
// Record notes: awsService ("dynamodb"), awsAction, table, awsRequest and awsResponse (the
// bodies, cut at 64 KB), awsRequestId (DynamoDB's x-amzn-RequestId), itemsTouched (items
// read or written, when the action says). The table request does not appear as a tables-port
// record: there is no such request.
class DynamoIntegration final : public Gateway::IntegrationExecutor
{
public:
    explicit DynamoIntegration(std::shared_ptr<Tables::DynamoApi> api);

    void execute(const Gateway::IntegrationCall &call, Gateway::IntegrationDone done) override;

private:
    std::shared_ptr<Tables::DynamoApi> m_api;
};

} // namespace Gatehouse::GatewayAws
