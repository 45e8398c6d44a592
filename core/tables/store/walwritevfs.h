// Thread affinity: walWriteVfsName() from any thread; the files the VFS opens follow SQLite's
// rules for their connection (one thread at a time).
#pragma once

namespace Gatehouse::Tables::Store {

// The name of an SQLite VFS (registered on the first call) that wraps the default one and hands
// the WAL frames of a commit to the kernel in one write. SQLite writes each frame as two calls
// (its 24-byte header, then the page), so a commit of n pages made 2n pwrite calls, each frame
// straddling two pages of the page cache; under a write load that was a third of the writer
// thread's time. The frames are gathered while they come in order and written out when the
// commit's last frame is complete, before SQLite publishes the commit in the WAL index, so no
// reader or checkpoint ever looks for a frame still in the buffer; also before any read, sync,
// truncation or size query of the WAL, on a jump, and past 1 MiB. A WAL written in any other
// shape than SQLite 3.40's (header, then frame header and page in two calls each) is passed
// straight through, as are files other than the WAL. For the writer connection only: readers
// never write the WAL.
const char *walWriteVfsName();

} // namespace Gatehouse::Tables::Store
