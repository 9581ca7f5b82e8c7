-- tracedb recording format, version 16: which recording this is, and where it was made, for
-- fleets of recordings (trace-q export --parquet, trace-q fleet).
--
-- trace-rec and trace-q import give each new recording a random UUID (version 4) and the host
-- name. A recording made before this version gets its UUID here, when it is migrated (trace-q
-- upgrade), and keeps it from then on; its host is the nodename uname gave trace-rec (NULL for
-- an import, whose log does not say).

ALTER TABLE recording ADD COLUMN recording_id TEXT;   -- UUID v4, lower case: 8-4-4-4-12 hex digits
ALTER TABLE recording ADD COLUMN host TEXT;           -- the host name (gethostname) where it was recorded or imported

UPDATE recording
   SET recording_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
                            substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       host = CASE WHEN json_valid(uname) THEN json_extract(uname, '$.nodename') END
 WHERE recording_id IS NULL;
