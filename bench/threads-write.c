/*
 * threads-write: a thread-heavy workload for the benchmarks.
 *
 *   threads-write [THREADS [WRITES]]     (defaults: 8 threads, 2000 writes)
 *
 * Starts THREADS pthreads; each does WRITES one-byte write()s to /dev/null.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fd;
static long writes = 2000;

static void *worker(void *arg) {
    (void)arg;
    for (long i = 0; i < writes; i++)
        if (write(fd, "x", 1) != 1) { perror("threads-write: write"); exit(1); }
    return NULL;
}

int main(int argc, char **argv) {
    long nthreads = argc > 1 ? atol(argv[1]) : 8;
    if (argc > 2) writes = atol(argv[2]);
    if (nthreads < 1 || nthreads > 4096 || writes < 0) {
        fprintf(stderr, "usage: threads-write [THREADS [WRITES]]\n");
        return 2;
    }
    fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd < 0) { perror("threads-write: /dev/null"); return 1; }

    pthread_t *t = calloc((size_t)nthreads, sizeof *t);
    if (!t) { perror("threads-write: calloc"); return 1; }
    for (long i = 0; i < nthreads; i++) {
        int err = pthread_create(&t[i], NULL, worker, NULL);
        if (err) { fprintf(stderr, "threads-write: pthread_create: error %d\n", err); return 1; }
    }
    for (long i = 0; i < nthreads; i++) pthread_join(t[i], NULL);
    return 0;
}
