// Thread affinity: per thread (the wording is a thread-local setting of the request being read).
#pragma once

namespace Gatehouse::Items {

// The service validates attribute values in one of two layers, and the operation decides which
// (captured in four regions, October 2026):
// - Older: BatchWriteItem, TransactWriteItems, TransactGetItems and Scan. An empty N answers
//   without a colon, an exponent is read as a 32-bit integer (wrapping), duplicate set members
//   are echoed as sent, and a bad expression value is wrapped in "ExpressionAttributeValues
//   contains invalid value: ... for key :v".
// - Current: PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem and Query. An empty N keeps
//   ": ", an exponent is read in full, duplicates are quoted, and expression values are not
//   wrapped (PutItem, UpdateItem and DeleteItem then put the "1 validation error detected: "
//   envelope round their request checks' errors: Support::enveloped).
enum class ValueWording { Older, Current };

// The wording values are read with on this thread (Current unless a scope says otherwise).
ValueWording valueWording();

// Sets the wording for the reads of one request on this thread.
class ScopedValueWording
{
public:
    explicit ScopedValueWording(ValueWording wording);
    ~ScopedValueWording();
    ScopedValueWording(const ScopedValueWording &) = delete;
    ScopedValueWording &operator=(const ScopedValueWording &) = delete;

private:
    ValueWording m_previous;
};

} // namespace Gatehouse::Items
