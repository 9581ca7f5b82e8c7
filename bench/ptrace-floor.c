/*
 * ptrace-floor: the least work any ptrace-based recorder has to do.
 *
 *   ptrace-floor [--pin] [-c] [--] PROG ARGS...
 *
 * Runs PROG under ptrace, stopping at every syscall entry and exit, reading
 * the registers there (PTRACE_GETREGS) and resuming (PTRACE_SYSCALL).
 * Follows fork/vfork/clone, passes signals on, and exits with PROG's status
 * (128+N if PROG was killed by signal N). Records nothing.
 *
 *   --pin   sched_setaffinity() to CPU 0 before forking (the tracee inherits).
 *   --read  at each syscall-exit stop, also read one byte at the second
 *           argument (process_vm_readv): one read a syscall, as a recorder
 *           reads read's buffer at its exit and write's at its entry.
 *   -c      print the number of syscall stops on stderr at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

/* Tracees we have already seen stop. A new tracee's first stop is the
 * SIGSTOP the kernel queues when it auto-attaches a fork/clone child; that
 * one is swallowed, any later SIGSTOP is a real signal. */
static pid_t *seen;
static size_t nseen, capseen;

static int seen_find(pid_t pid) {
    for (size_t i = 0; i < nseen; i++)
        if (seen[i] == pid) return (int)i;
    return -1;
}

static void seen_add(pid_t pid) {
    if (nseen == capseen) {
        capseen = capseen ? 2 * capseen : 64;
        seen = realloc(seen, capseen * sizeof *seen);
        if (!seen) { perror("ptrace-floor: realloc"); exit(125); }
    }
    seen[nseen++] = pid;
}

static void seen_del(pid_t pid) {
    int i = seen_find(pid);
    if (i >= 0) seen[i] = seen[--nseen];
}

static void die(const char *what) {
    fprintf(stderr, "ptrace-floor: %s: %s\n", what, strerror(errno));
    exit(125);
}

static void usage(void) {
    fprintf(stderr, "usage: ptrace-floor [--pin] [--read] [-c] [--] PROG ARGS...\n");
    exit(125);
}

int main(int argc, char **argv) {
    int pin = 0, count = 0, read = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--pin")) pin = 1;
        else if (!strcmp(argv[i], "-c")) count = 1;
        else if (!strcmp(argv[i], "--read")) read = 1;
        else if (!strcmp(argv[i], "--")) { i++; break; }
        else usage();
    }
    if (i >= argc) usage();

    if (pin) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(0, &set);
        if (sched_setaffinity(0, sizeof set, &set) < 0) die("sched_setaffinity");
    }

    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) die("PTRACE_TRACEME");
        raise(SIGSTOP);
        execvp(argv[i], argv + i);
        fprintf(stderr, "ptrace-floor: %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }

    int st;
    if (waitpid(child, &st, __WALL) < 0) die("waitpid");
    if (!WIFSTOPPED(st)) { fprintf(stderr, "ptrace-floor: child did not stop\n"); return 125; }
    long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
    if (ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)opts) < 0) die("PTRACE_SETOPTIONS");
    seen_add(child);
    if (ptrace(PTRACE_SYSCALL, child, NULL, NULL) < 0) die("PTRACE_SYSCALL");

    int status = 125;
    unsigned long long stops = 0;
    struct user_regs_struct regs;
    for (;;) {
        pid_t pid = waitpid(-1, &st, __WALL);
        if (pid < 0) {
            if (errno == EINTR) continue;
            if (errno == ECHILD) break;
            die("waitpid");
        }
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            if (pid == child)
                status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            seen_del(pid);
            continue;
        }
        if (!WIFSTOPPED(st)) continue;

        int sig = WSTOPSIG(st), inject = 0;
        if (sig == (SIGTRAP | 0x80)) {
            /* syscall-entry or syscall-exit stop */
            stops++;
            if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0 && errno != ESRCH)
                die("PTRACE_GETREGS");
            if (read && regs.rax != (unsigned long long)-ENOSYS) {
                char byte;
                struct iovec local = { &byte, 1 }, remote = { (void *)regs.rsi, 1 };
                process_vm_readv(pid, &local, 1, &remote, 1, 0);
            }
        } else if (sig == SIGTRAP && (st >> 16)) {
            /* PTRACE_EVENT_{FORK,VFORK,CLONE,EXEC} stop: just resume */
        } else if (sig == SIGSTOP && seen_find(pid) < 0) {
            /* first stop of an auto-attached child (SIGSTOP): swallow it */
            seen_add(pid);
        } else {
            /* signal-delivery stop: pass the signal on.  If GETSIGINFO
             * fails it is a group-stop, which is resumed with no signal. */
            siginfo_t si;
            if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) == 0) inject = sig;
        }
        if (ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)inject) < 0 && errno != ESRCH)
            die("PTRACE_SYSCALL");
    }

    if (count) fprintf(stderr, "ptrace-floor: %llu syscall stops\n", stops);
    return status;
}
