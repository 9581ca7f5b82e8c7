// Process trees of several shapes, for the tracer's bookkeeping of who is still alive:
//   fork-tree branches B D   B children of the root, each the head of a chain of D forks
//   fork-tree wide N         N children of the root at once
//   fork-tree deep D         one chain of D forks, each parent waiting for its child
//   fork-tree orphans N      N children that each fork a grandchild and exit at once: the
//                            grandchildren outlive their parents (reparented) and the root
//   fork-tree daemons N      N double-forked, setsid daemons, each writing a line after the
//                            root has exited
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

static void chain(int depth) {
  for (int d = 0; d < depth; d++) {
    pid_t q = fork();
    if (q < 0) _exit(1);
    if (q != 0) {
      int st;
      waitpid(q, &st, 0);
      _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
    }
  }
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *shape = argv[1];
  int n = atoi(argv[2]);
  int depth = argc > 3 ? atoi(argv[3]) : 0;
  if (strcmp(shape, "branches") == 0) {
    for (int b = 0; b < n; b++)
      if (fork() == 0) chain(depth);
  } else if (strcmp(shape, "wide") == 0) {
    for (int i = 0; i < n; i++)
      if (fork() == 0) _exit(i % 7);
  } else if (strcmp(shape, "deep") == 0) {
    if (fork() == 0) chain(n);
  } else if (strcmp(shape, "orphans") == 0) {
    for (int i = 0; i < n; i++) {
      if (fork() == 0) {
        if (fork() == 0) {
          nap(20);
          _exit(0);
        }
        _exit(0);
      }
    }
  } else if (strcmp(shape, "daemons") == 0) {
    for (int i = 0; i < n; i++) {
      if (fork() == 0) {
        setsid();
        if (fork() == 0) {
          nap(30);
          printf("daemon %d\n", i);
          fflush(stdout);
          _exit(0);
        }
        _exit(0);
      }
    }
    while (wait(NULL) > 0) {}
    return 3;
  } else {
    return 2;
  }
  while (wait(NULL) > 0) {}
  return 0;
}
