// Thread affinity: any thread (pure functions).
#pragma once

#include <observe/requestrecord.h>

#include <QString>

namespace Gatehouse::Ui {

// The inspector's detail text for one record: request line and headers, body (pretty-printed
// when JSON, a hex dump when binary), response, and the pipeline stages with their timings.
QString recordDetailsText(const Observe::RequestRecord &record);

// A body as people want to read it: indented JSON, UTF-8 text, or a hex dump.
QString readableBody(const QByteArray &body, qint64 fullSize);

} // namespace Gatehouse::Ui
