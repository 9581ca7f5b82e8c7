import koffi from 'koffi';

// Every ptrace request must come from the thread that attached, so all of these are
// synchronous koffi calls: never use koffi's async variants for them.
const lib = koffi.load('libc.so.6');

export const libc = {
  posix_spawn: lib.func(
    'int posix_spawn(_Out_ int *pid, const char *path, void *file_actions, void *attrp, const char **argv, const char **envp)',
  ) as (pid: number[], path: string, fa: Buffer | null, attr: Buffer | null, argv: (string | Buffer | null)[], envp: (string | Buffer | null)[]) => number,
  posix_spawnattr_init: lib.func('int posix_spawnattr_init(void *attr)') as (attr: Buffer) => number,
  posix_spawnattr_destroy: lib.func('int posix_spawnattr_destroy(void *attr)') as (attr: Buffer) => number,
  posix_spawnattr_setflags: lib.func('int posix_spawnattr_setflags(void *attr, short flags)') as (attr: Buffer, flags: number) => number,
  posix_spawnattr_setsigdefault: lib.func('int posix_spawnattr_setsigdefault(void *attr, const void *set)') as (attr: Buffer, set: Buffer) => number,
  posix_spawnattr_setsigmask: lib.func('int posix_spawnattr_setsigmask(void *attr, const void *set)') as (attr: Buffer, set: Buffer) => number,
  posix_spawn_file_actions_init: lib.func('int posix_spawn_file_actions_init(void *fa)') as (fa: Buffer) => number,
  posix_spawn_file_actions_destroy: lib.func('int posix_spawn_file_actions_destroy(void *fa)') as (fa: Buffer) => number,
  posix_spawn_file_actions_adddup2: lib.func('int posix_spawn_file_actions_adddup2(void *fa, int fd, int newfd)') as (fa: Buffer, fd: number, newfd: number) => number,
  posix_spawn_file_actions_addopen: lib.func('int posix_spawn_file_actions_addopen(void *fa, int fd, const char *path, int oflag, unsigned int mode)') as (fa: Buffer, fd: number, path: string, oflag: number, mode: number) => number,
  posix_spawn_file_actions_addclose: lib.func('int posix_spawn_file_actions_addclose(void *fa, int fd)') as (fa: Buffer, fd: number) => number,
  posix_spawn_file_actions_addchdir_np: lib.func('int posix_spawn_file_actions_addchdir_np(void *fa, const char *path)') as (fa: Buffer, path: string) => number,
  sigfillset: lib.func('int sigfillset(void *set)') as (set: Buffer) => number,
  sigemptyset: lib.func('int sigemptyset(void *set)') as (set: Buffer) => number,
  sigaddset: lib.func('int sigaddset(void *set, int signum)') as (set: Buffer, signum: number) => number,
  pthread_sigmask: lib.func('int pthread_sigmask(int how, const void *set, void *oldset)') as (how: number, set: Buffer, oldset: Buffer | null) => number,
  pipe2: lib.func('int pipe2(_Out_ int *fds, int flags)') as (fds: Int32Array, flags: number) => number,
  close: lib.func('int close(int fd)') as (fd: number) => number,
  waitpid: lib.func('int waitpid(int pid, _Out_ int *status, int options)') as (pid: number, status: Int32Array, options: number) => number,
  /** `rusage` receives a struct rusage (RUSAGE_SIZE bytes): for a stopped child, its whole thread group's and reaped children's. */
  wait4: lib.func('int wait4(int pid, _Out_ int *status, int options, void *rusage)') as (pid: number, status: Int32Array, options: number, rusage: Buffer) => number,
  /** `info` receives a siginfo_t (128 bytes). */
  waitid: lib.func('int waitid(int idtype, int id, void *info, int options)') as (idtype: number, id: number, info: Buffer, options: number) => number,
  /** ptrace with an address and a data pointer (GETREGS, GETSIGINFO, GETEVENTMSG, GET_SYSCALL_INFO). */
  ptracePtr: lib.func('ptrace', 'long', ['long', 'int', 'uintptr_t', 'void *']) as (req: number, pid: number, addr: number, data: Buffer | null) => number,
  /** ptrace with integer address and data (SEIZE, SYSCALL, CONT, LISTEN, DETACH, INTERRUPT, SETOPTIONS). */
  ptraceInt: lib.func('ptrace', 'long', ['long', 'int', 'uintptr_t', 'uintptr_t']) as (req: number, pid: number, addr: number, data: number) => number,
  /** ptrace with a 64-bit data word (POKEUSR of a register). */
  ptraceWord: lib.func('ptrace', 'long', ['long', 'int', 'uintptr_t', 'uint64_t']) as (req: number, pid: number, addr: number, data: bigint) => number,
  /** PEEKDATA returns the word itself, so errno must be cleared before and checked after. */
  ptracePeek: lib.func('ptrace', 'int64_t', ['long', 'int', 'uintptr_t', 'uintptr_t']) as (req: number, pid: number, addr: number, data: number) => bigint | number,
  process_vm_readv: lib.func(
    'intptr_t process_vm_readv(int pid, const void *local_iov, unsigned long liovcnt, const void *remote_iov, unsigned long riovcnt, unsigned long flags)',
  ) as (pid: number, local: Buffer, liovcnt: number, remote: Buffer, riovcnt: number, flags: number) => number,
  process_vm_writev: lib.func(
    'intptr_t process_vm_writev(int pid, const void *local_iov, unsigned long liovcnt, const void *remote_iov, unsigned long riovcnt, unsigned long flags)',
  ) as (pid: number, local: Buffer, liovcnt: number, remote: Buffer, riovcnt: number, flags: number) => number,
  kill: lib.func('int kill(int pid, int sig)') as (pid: number, sig: number) => number,
  tgkill: lib.func('tgkill', 'int', ['int', 'int', 'int']) as (tgid: number, tid: number, sig: number) => number,
  sched_setaffinity: lib.func('int sched_setaffinity(int pid, size_t size, const void *mask)') as (pid: number, size: number, mask: Buffer) => number,
  /** glibc's wrapper: 0 on success, `mask` filled with zeros past the kernel's cpumask. */
  sched_getaffinity: lib.func('int sched_getaffinity(int pid, size_t size, void *mask)') as (pid: number, size: number, mask: Buffer) => number,
  sched_getcpu: lib.func('int sched_getcpu()') as () => number,
  gettid: lib.func('int gettid()') as () => number,
  /** 0xffffffff queries; the persona (ADDR_NO_RANDOMIZE…) is inherited across fork and exec. */
  personality: lib.func('int personality(unsigned long persona)') as (persona: number) => number,
  socket: lib.func('int socket(int domain, int type, int protocol)') as (domain: number, type: number, protocol: number) => number,
  send: lib.func('intptr_t send(int fd, const void *buf, size_t len, int flags)') as (fd: number, buf: Buffer, len: number, flags: number) => number,
  recv: lib.func('intptr_t recv(int fd, void *buf, size_t len, int flags)') as (fd: number, buf: Buffer, len: number, flags: number) => number,
  /** -1 with errno ENODATA when the attribute is not there. */
  getxattr: lib.func('intptr_t getxattr(const char *path, const char *name, void *value, size_t size)') as (path: string, name: string, value: Buffer, size: number) => number,
  /** 0 (errno ENODEV) when this network namespace has no such interface. A name's bytes, NUL-terminated (a string would go as UTF-8). */
  if_nametoindex: lib.func('unsigned int if_nametoindex(const char *ifname)') as (name: Buffer) => number,
  gnu_get_libc_version: lib.func('const char *gnu_get_libc_version()') as () => string,
};

/** errno of the calling thread, as left by the last koffi call. */
export function errno(): number {
  return koffi.errno();
}

/** Sets errno of the calling thread (PEEK requests need it cleared). */
export function setErrno(value: number): void {
  koffi.errno(value);
}

/** Address of a Buffer's memory, for structures (iovec) that hold pointers. */
export function bufferAddress(buf: Buffer): number {
  return Number(koffi.address(buf));
}
