import { describe, expect, it } from 'vitest';
import { defaultRenderOptions } from '../../render/render-options.js';
import type { RenderOptions } from '../../render/render-options.js';
import type { SyscallRow } from '../../render/syscall-row.js';
import type { FdResolver, MemPart } from '../context.js';
import { Ctx, StopMemory } from '../context.js';
import { format } from '../decoded.js';
import { socketDecoders } from '../socket-decoders.js';

const ADDR = 0x1000n;

/** sendto(3, ADDR, len, 0, NULL, 0) with `data` captured at ADDR, on a socket of netlink protocol `proto`. */
function sendtoBuf(data: Buffer, len: number, proto: number | null, opts: Partial<RenderOptions> = {}): string {
  const row: SyscallRow = {
    id: 1, pid: 1, tid: 1, nr: 44, name: 'sendto', a0: 3n, a1: ADDR, a2: BigInt(len), a3: 0n, a4: 0n, a5: 0n,
    ret: BigInt(len), errno: null, entry_seq: 1, exit_seq: 2, entry_ns: 0, exit_ns: 0, path: null,
  };
  const mem = new StopMemory(new Map<number, MemPart>([[StopMemory.key(1, 0), { addr: ADDR, size: len, data, truncated: data.length < len }]]));
  const fds: FdResolver = { path: () => null, netlinkProtocol: (_tid, fd) => (fd === 3 ? proto : null) };
  const c = new Ctx(row, mem, StopMemory.empty, { ...defaultRenderOptions, ...opts }, fds);
  return format(socketDecoders.sendto(c).args[1]);
}

const hdr = (len: number, type: number, flags = 1, seq = 0): Buffer => {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(len >>> 0, 0);
  b.writeUInt16LE(type, 4);
  b.writeUInt16LE(flags, 6);
  b.writeUInt32LE(seq, 8);
  return b;
};

describe('decodeNetlink (through sendto)', () => {
  it('a message past what the recorder captured prints as strace prints memory it cannot read', () => {
    const data = Buffer.concat([hdr(16, 1), hdr(16, 3)]);
    expect(sendtoBuf(data.subarray(0, 20), 32, 0)).toBe(
      '[{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=0, nlmsg_pid=0}, ... /* 0x1010 */]',
    );
  });

  it('a length that wraps when aligned ends the walk: the rest is the one message payload', () => {
    const data = Buffer.concat([hdr(0xfffffffe, 1), hdr(16, 3)]);
    expect(sendtoBuf(data, 32, 0)).toBe(
      '[{nlmsg_len=4294967294, nlmsg_type=NLMSG_NOOP, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=0, nlmsg_pid=0}, "\\x10\\x00\\x00\\x00\\x03\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"]',
    );
  });

  it('strings: a socket not known as netlink, a uevent socket, and -e verbose= off', () => {
    const data = hdr(16, 1);
    expect(sendtoBuf(data, 16, null)).toBe('"\\20\\0\\0\\0\\1\\0\\1\\0\\0\\0\\0\\0\\0\\0\\0\\0"');
    expect(sendtoBuf(Buffer.from('add@/x\0A=b'), 10, 15)).toBe('"add@/x\\0A=b"');
    expect(sendtoBuf(data, 16, 0, { deref: false })).toBe('"\\20\\0\\0\\0\\1\\0\\1\\0\\0\\0\\0\\0\\0\\0\\0\\0"');
  });

  it('an unbound socket (-1) decodes the header only by the generic types', () => {
    expect(sendtoBuf(hdr(16, 0x12, 0x301), 16, -1)).toBe('{nlmsg_len=16, nlmsg_type=0x12 /* NLMSG_??? */, nlmsg_flags=NLM_F_REQUEST|0x300, nlmsg_seq=0, nlmsg_pid=0}');
    expect(sendtoBuf(hdr(16, 0x12, 0x301), 16, 0)).toBe('{nlmsg_len=16, nlmsg_type=RTM_GETLINK, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=0, nlmsg_pid=0}');
  });
});
