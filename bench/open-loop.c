// The workload of bench/query.mjs: N iterations of a one-byte read from /dev/zero and a
// one-byte write to /dev/null (2N cheap syscalls with a buffer each to decode), and every
// 1000 iterations an openat of a file that does not exist (N/1000 failing openat calls for
// the filtered query to find).
//
//   open-loop [N]     (default 500000: a little over a million syscalls)

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 500000;
  int in = open("/dev/zero", O_RDONLY);
  int out = open("/dev/null", O_WRONLY);
  if (in < 0 || out < 0) return 1;
  char buf[1];
  char missing[64];
  for (long i = 0; i < n; i++) {
    if (read(in, buf, 1) != 1) return 1;
    if (write(out, buf, 1) != 1) return 1;
    if (i % 1000 == 999) {
      snprintf(missing, sizeof missing, "/nonexistent/open-loop-%ld", i / 1000);
      if (openat(AT_FDCWD, missing, O_RDONLY) >= 0) return 1;
    }
  }
  return 0;
}
