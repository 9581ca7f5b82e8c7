import { MEM_HEADER, RecordType, STOP_HEADER, StopFlag, BLOB_HEADER, THREAD_SIZE, MemFlag, TSC_SIZE, CPUID_SIZE, DELIVERY_SIZE } from '../stream/stop-stream.js';
import type { StopKind } from '../stream/stop-stream.js';

/** Appends stream records to a growing buffer; `take()` or `takeInto()` hands the bytes over. */
export class StopEncoder {
  private buf: Buffer;
  private view: DataView;
  private pos = 0;
  /** System CPU time (ns) of the stopped thread group, from the wait that reported the stops being encoded; -1: not known. */
  stimeNs = -1;

  constructor(private readonly initialSize = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  get length(): number {
    return this.pos;
  }

  /** Drops everything after `length` (used to discard the launcher's stops). */
  truncate(length: number): void {
    this.pos = length;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  stop(
    kind: StopKind,
    pid: number,
    tid: number,
    ts: number,
    nr: number,
    sig: number,
    event: number,
    eventMsg: number,
    status: number,
    regs: Buffer | null,
    siginfo: Buffer | null,
    i386 = false,
  ): void {
    const n = STOP_HEADER + (regs ? regs.length : 0) + (siginfo ? siginfo.length : 0);
    this.reserve(n);
    const v = this.view;
    const p = this.pos;
    v.setUint8(p, RecordType.Stop);
    v.setUint8(p + 1, kind);
    v.setUint8(p + 2, (regs ? StopFlag.Regs : 0) | (siginfo ? StopFlag.Siginfo : 0) | (i386 ? StopFlag.I386 : 0));
    v.setUint8(p + 3, event);
    v.setInt32(p + 4, pid, true);
    v.setInt32(p + 8, tid, true);
    v.setInt32(p + 12, nr, true);
    v.setInt32(p + 16, sig, true);
    v.setInt32(p + 20, status, true);
    v.setFloat64(p + 24, ts, true);
    v.setFloat64(p + 32, eventMsg, true);
    v.setFloat64(p + 40, this.stimeNs, true);
    let q = p + STOP_HEADER;
    if (regs) q += regs.copy(this.buf, q);
    if (siginfo) q += siginfo.copy(this.buf, q);
    this.pos = q;
  }

  /** `data` is `src[start, end)`; null when the memory could not be read. */
  memory(arg: number, part: number, addr: number, size: number, src: Buffer | null, start: number, end: number, truncated: boolean): void {
    const len = src ? end - start : 0;
    this.reserve(MEM_HEADER + len);
    const v = this.view;
    const p = this.pos;
    v.setUint8(p, RecordType.Memory);
    v.setUint8(p + 1, arg);
    v.setUint8(p + 2, (truncated ? MemFlag.Truncated : 0) | (src ? 0 : MemFlag.Unreadable));
    v.setUint8(p + 3, 0);
    v.setUint32(p + 4, part, true);
    v.setFloat64(p + 8, addr, true);
    v.setFloat64(p + 16, size, true);
    v.setUint32(p + 24, len, true);
    if (src) src.copy(this.buf, p + MEM_HEADER, start, end);
    this.pos = p + MEM_HEADER + len;
  }

  thread(tid: number, pid: number, ppid: number): void {
    this.reserve(THREAD_SIZE);
    const v = this.view;
    const p = this.pos;
    v.setUint8(p, RecordType.Thread);
    v.setInt32(p + 4, tid, true);
    v.setInt32(p + 8, pid, true);
    v.setInt32(p + 12, ppid, true);
    this.pos = p + THREAD_SIZE;
  }

  /** The counter value given to the trapped rdtsc (aux null) or rdtscp of the stop just encoded. */
  tscRead(tsc: bigint, aux: number | null): void {
    this.reserve(TSC_SIZE);
    const v = this.view;
    const p = this.pos;
    v.setUint8(p, RecordType.TscRead);
    v.setUint8(p + 1, aux === null ? 0 : 1);
    v.setUint32(p + 4, aux ?? 0, true);
    v.setBigUint64(p + 8, tsc, true);
    this.pos = p + TSC_SIZE;
  }

  /** What the trapped cpuid of the stop just encoded was given. */
  cpuidRead(leaf: number, subleaf: number, result: readonly [number, number, number, number]): void {
    this.reserve(CPUID_SIZE);
    const v = this.view;
    const p = this.pos;
    v.setUint8(p, RecordType.CpuidRead);
    v.setUint32(p + 4, leaf, true);
    v.setUint32(p + 8, subleaf, true);
    for (let i = 0; i < 4; i++) v.setUint32(p + 12 + i * 4, result[i], true);
    this.pos = p + CPUID_SIZE;
  }

  /** The signal stop just encoded delivers the signal held at the thread's last 'signal-held' stop of `sig`; `async`: not at a syscall boundary. */
  signalDelivery(sig: number, async: boolean): void {
    this.reserve(DELIVERY_SIZE);
    const v = this.view;
    const p = this.pos;
    v.setUint8(p, RecordType.SignalDelivery);
    v.setUint8(p + 1, async ? 1 : 0);
    v.setInt32(p + 4, sig, true);
    this.pos = p + DELIVERY_SIZE;
  }

  /** `id` is the pid for Auxv, Maps, AtRandom, MappedFile and Comm, the descriptor for FdName and FdDetail. */
  blob(type: typeof RecordType.Auxv | typeof RecordType.Maps | typeof RecordType.FdName | typeof RecordType.FdDetail | typeof RecordType.AtRandom | typeof RecordType.MappedFile | typeof RecordType.Comm, id: number, data: Buffer): void {
    this.reserve(BLOB_HEADER + data.length);
    const v = this.view;
    const p = this.pos;
    v.setUint8(p, type);
    v.setInt32(p + 4, id, true);
    v.setUint32(p + 8, data.length, true);
    data.copy(this.buf, p + BLOB_HEADER);
    this.pos = p + BLOB_HEADER + data.length;
  }

  /** The bytes so far, as a transferable ArrayBuffer; the encoder starts empty again. */
  take(): ArrayBuffer {
    const out = new ArrayBuffer(this.pos);
    this.takeInto(out);
    return out;
  }

  /** Copies the bytes so far to the start of `out` (at least `length` bytes) and starts empty again: returns how many. */
  takeInto(out: ArrayBuffer): number {
    const n = this.pos;
    new Uint8Array(out, 0, n).set(this.buf.subarray(0, n));
    this.pos = 0;
    return n;
  }
}
