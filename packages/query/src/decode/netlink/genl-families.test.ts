import { describe, expect, it } from 'vitest';
import { genlFamiliesIn } from './genl-families.js';

/** A netlink message: header (type), genlmsghdr (cmd), then attributes [type, data]. */
function msg(type: number, cmd: number, attrs: [number, Buffer][]): Buffer {
  const body = Buffer.concat(attrs.map(([t, d]) => {
    const a = Buffer.alloc((4 + d.length + 3) & ~3);
    a.writeUInt16LE(4 + d.length, 0);
    a.writeUInt16LE(t, 2);
    d.copy(a, 4);
    return a;
  }));
  const h = Buffer.alloc(20);
  h.writeUInt32LE(20 + body.length, 0);
  h.writeUInt16LE(type, 4);
  h[16] = cmd;
  return Buffer.concat([h, body]);
}
const u16 = (v: number): Buffer => Buffer.from([v & 0xff, v >> 8]);
const str = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');

describe('genlFamiliesIn', () => {
  it("reads each CTRL_CMD_NEWFAMILY's id and name, in any attribute order", () => {
    const b = Buffer.concat([msg(0x10, 1, [[2, str('ethtool')], [1, u16(0x15)]]), msg(0x10, 1, [[1, u16(0x1a)], [2, str('devlink')]])]);
    expect(genlFamiliesIn(b)).toEqual([[0x15, 'ethtool'], [0x1a, 'devlink']]);
  });
  it('skips what is not nlctrl’s reply, a reply without an id, and a truncated message', () => {
    const other = msg(0x15, 1, [[1, u16(0x22)], [2, str('x')]]);
    const request = msg(0x10, 3, [[2, str('ethtool')]]);
    const cut = msg(0x10, 1, [[1, u16(0x30)], [2, str('cut')]]).subarray(0, 24);
    expect(genlFamiliesIn(Buffer.concat([other, request, cut]))).toEqual([]);
  });
});
