-- tracedb recording format, version 17: the names of the network interfaces, for the ifindex fields.
--
-- strace prints an interface index (sll_ifindex, sin6_scope_id, ipi_ifindex, IFLA and sockopt
-- fields) as if_nametoindex("NAME"), asking if_indextoname in its own network namespace when it
-- prints. A recording is read on other machines (and the tracer's namespace may not be the
-- renderer's, nor what /sys/class/net shows: sysfs keeps the namespace it was mounted in), so
-- trace-rec lists the interfaces of its own namespace, as strace would ask: when it starts and when
-- it ends (an interface the program made). No row for an index: it prints as a number.

CREATE TABLE ifnames (
  ifindex INTEGER NOT NULL,               -- the interface's index
  name    BLOB    NOT NULL,               -- its name (bytes, at most 15)
  netns   INTEGER NOT NULL,               -- the inode of trace-rec's network namespace (/proc/self/ns/net), 0: unknown
  PRIMARY KEY (ifindex, netns)
) WITHOUT ROWID;
