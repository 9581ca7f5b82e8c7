// Hostile and unlucky programs for the tracer, one per mode (argv[1]):
//   threads N M      N threads, each making M getppid calls, joined
//   storm N          N signals sent to itself (SIGUSR1, handled) as fast as kill(2) goes
//   alarm-read R     read(2) on an empty pipe cut by SIGALRM; R=1: SA_RESTART (the read is
//                    restarted and ends when the handler writes), R=0: it fails with EINTR
//   traceme          a child calls PTRACE_TRACEME and stops itself; the parent traces it
//   vfork-chain N    a chain of N vforks, each child exec'ing /bin/true at the end
//   big-args         exec's itself with 1 MiB of argv and environment (half each)
//   thread-exec      a thread execs /bin/true while others run
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static int pipefd[2];

static void on_usr1(int sig) { (void)sig; got++; }
static void on_alarm(int sig) { (void)sig; write(pipefd[1], "x", 1); }

static long per_thread;
static void *spin(void *arg) {
  (void)arg;
  for (long i = 0; i < per_thread; i++) syscall(SYS_getppid);
  return NULL;
}

static void *exec_true(void *arg) {
  (void)arg;
  execl("/bin/true", "true", (char *)NULL);
  return NULL;
}

static void *busy(void *arg) {
  (void)arg;
  for (;;) syscall(SYS_getppid);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  const char *mode = argv[1];
  if (!strcmp(mode, "threads")) {
    int n = atoi(argv[2]);
    per_thread = atol(argv[3]);
    pthread_t *t = calloc(n, sizeof *t);
    for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, spin, NULL);
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
    printf("threads done\n");
  } else if (!strcmp(mode, "storm")) {
    int n = atoi(argv[2]);
    struct sigaction sa = { .sa_handler = on_usr1 };
    sigaction(SIGUSR1, &sa, NULL);
    for (int i = 0; i < n; i++) kill(getpid(), SIGUSR1);
    printf("storm %d\n", got == n);
  } else if (!strcmp(mode, "alarm-read")) {
    int restart = atoi(argv[2]);
    pipe(pipefd);
    struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = restart ? SA_RESTART : 0 };
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    char c;
    ssize_t r = read(pipefd[0], &c, 1);
    printf("read %zd %s\n", r, r < 0 ? strerror(errno) : "ok");
  } else if (!strcmp(mode, "traceme")) {
    pid_t c = fork();
    if (c == 0) {
      if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) { printf("traceme %s\n", strerror(errno)); fflush(stdout); _exit(3); }
      raise(SIGSTOP);
      _exit(7);
    }
    int st;
    waitpid(c, &st, 0);
    if (WIFSTOPPED(st)) {
      printf("child stopped by %d\n", WSTOPSIG(st));
      ptrace(PTRACE_CONT, c, 0, 0);
      waitpid(c, &st, 0);
    }
    printf("child %s %d\n", WIFEXITED(st) ? "exited" : "other", WIFEXITED(st) ? WEXITSTATUS(st) : st);
  } else if (!strcmp(mode, "vfork-chain")) {
    int n = atoi(argv[2]);
    for (int i = 0; i < n; i++) {
      pid_t c = vfork();
      if (c != 0) {
        int st;
        waitpid(c, &st, 0);
        _exit(i == 0 ? 0 : WEXITSTATUS(st));
      }
    }
    execl("/bin/true", "true", (char *)NULL);
    _exit(1);
  } else if (!strcmp(mode, "big-args")) {
    if (argc > 2) {
      size_t total = 0;
      for (int i = 2; i < argc; i++) total += strlen(argv[i]);
      extern char **environ;
      size_t env = 0;
      for (char **e = environ; *e; e++) env += strlen(*e);
      printf("args %zu env %zu\n", total, env);
      return 0;
    }
    enum { N = 128, LEN = 4096 };
    char **av = calloc(N + 3, sizeof *av);
    char **ev = calloc(N + 1, sizeof *ev);
    av[0] = argv[0];
    av[1] = "big-args";
    for (int i = 0; i < N; i++) {
      av[i + 2] = malloc(LEN);
      memset(av[i + 2], 'a' + i % 26, LEN - 1);
      av[i + 2][LEN - 1] = 0;
      ev[i] = malloc(LEN);
      snprintf(ev[i], LEN, "V%d=", i);
      memset(ev[i] + strlen(ev[i]), 'z', LEN - 1 - strlen(ev[i]));
      ev[i][LEN - 1] = 0;
    }
    execve("/proc/self/exe", av, ev);
    perror("execve");
    return 1;
  } else if (!strcmp(mode, "thread-exec")) {
    pthread_t a, b;
    pthread_create(&a, NULL, busy, NULL);
    pthread_create(&b, NULL, exec_true, NULL);
    pthread_join(b, NULL);
    return 1;
  } else {
    return 2;
  }
  return 0;
}
