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

// The detail pane's tabs, one text each; empty when the record has nothing for the tab.
QString requestText(const Observe::RequestRecord &record);    // request line, headers, body
QString responseText(const Observe::RequestRecord &record);   // status line, headers, body
// The mapping-template inputs and outputs ("templateIn"/"templateOut" notes) and the error.
QString mappingText(const Observe::RequestRecord &record);
QString consoleText(const Observe::RequestRecord &record);    // the "console" note
// A table operation's key facts: table, key, expressions, counts, consumed capacity, error.
QString tableFactsText(const Observe::RequestRecord &record);
// A note value as text: JSON (in a string, a map or a list) indented, a list one per line.
QString noteValueText(const QVariant &value);

} // namespace Gatehouse::Ui
