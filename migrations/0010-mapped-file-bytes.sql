-- tracedb recording format, version 10: mapped files whose names are not UTF-8, kept exactly.
--
-- As 0008 did for the other names: `path` holds the name decoded as UTF-8, U+FFFD standing for
-- each bad sequence, and the new `path_bytes` holds the exact bytes where they are not UTF-8
-- (NULL where they are). Two such names can decode to the same text, so `path` alone is no
-- longer a key: the table is made again, keyed by the text and the bytes together.

CREATE TABLE mapped_files_10 (
  path       TEXT NOT NULL,
  size       INTEGER,
  sha256     TEXT,
  path_bytes BLOB  -- the file's name, when not UTF-8
);
INSERT INTO mapped_files_10 (path, size, sha256) SELECT path, size, sha256 FROM mapped_files;
DROP TABLE mapped_files;
ALTER TABLE mapped_files_10 RENAME TO mapped_files;
CREATE UNIQUE INDEX mapped_files_name ON mapped_files (path, coalesce(path_bytes, x''));
