-- tracedb recording format, version 11: what a replay needs that a default recording lacks
-- (trace-rec --replayable). recording.options.replayable says which controls were in force; a
-- default recording leaves these tables empty and execs.at_random NULL.

-- The value the program got from each trapped rdtsc/rdtscp (PR_TSC_SIGSEGV): the instruction
-- faulted, trace-rec answered it; the stop is the SIGSEGV signal stop (regs before the answer).
CREATE TABLE tsc_reads (
  seq INTEGER PRIMARY KEY,                  -- the SIGSEGV signal stop
  tsc INTEGER NOT NULL,                     -- edx:eax as given
  aux INTEGER                               -- rdtscp's ecx (IA32_TSC_AUX); NULL for rdtsc
);

-- What each trapped cpuid (ARCH_SET_CPUID faulting, set again after every exec) was answered:
-- the host's values for that leaf, read through the kernel's cpuid driver.
CREATE TABLE cpuid_reads (
  seq     INTEGER PRIMARY KEY,              -- the SIGSEGV signal stop
  leaf    INTEGER NOT NULL,                 -- eax asked
  subleaf INTEGER NOT NULL,                 -- ecx asked
  eax INTEGER NOT NULL, ebx INTEGER NOT NULL, ecx INTEGER NOT NULL, edx INTEGER NOT NULL
);

-- The 16 bytes AT_RANDOM pointed to at the exec (stack protector and pointer guard seeds).
ALTER TABLE execs ADD COLUMN at_random BLOB;

-- Each file as it was when first mapped (at the exec that mapped it, or at the mmap's exit stop):
-- a file that changes between two mappings gets a row for each version.
CREATE TABLE file_maps (
  id         INTEGER PRIMARY KEY,
  seq        INTEGER NOT NULL,              -- the exec event or mmap exit stop
  pid        INTEGER NOT NULL,
  path       TEXT    NOT NULL,
  path_bytes BLOB,                          -- the path's bytes when they are not UTF-8
  size       INTEGER NOT NULL,
  sha256     TEXT    NOT NULL,
  copied     INTEGER NOT NULL               -- 1: its bytes are in file_copies
);
CREATE INDEX file_maps_sha256 ON file_maps (sha256);

-- The bytes of mapped files that are not system files (rr's rule: on tmpfs, under /etc, not
-- owned by root, or writable by others than root), once per content.
CREATE TABLE file_copies (
  sha256 TEXT PRIMARY KEY,
  data   BLOB NOT NULL
);
