// NETLINK_GENERIC's family ids: strace 6.1 asks the kernel for them (CTRL_CMD_GETFAMILY) when it
// prints a message; a recording has instead the replies the program itself got from nlctrl
// (CTRL_CMD_NEWFAMILY with CTRL_ATTR_FAMILY_ID and CTRL_ATTR_FAMILY_NAME), read here in order.

const NLMSG_HDRLEN = 16;
const GENL_HDRLEN = 4;
const GENL_ID_CTRL = 0x10;
const CTRL_CMD_NEWFAMILY = 1;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;
const align = (n: number): number => (n + 3) & ~3;

/** The families named in nlctrl's replies in `b` (a receive's buffer): [id, name] pairs. */
export function genlFamiliesIn(b: Buffer): [number, string][] {
  const out: [number, string][] = [];
  for (let off = 0; off + NLMSG_HDRLEN <= b.length; ) {
    const len = b.readUInt32LE(off);
    if (len < NLMSG_HDRLEN || off + len > b.length) break;
    if (b.readUInt16LE(off + 4) === GENL_ID_CTRL && len >= NLMSG_HDRLEN + GENL_HDRLEN && b[off + NLMSG_HDRLEN] === CTRL_CMD_NEWFAMILY) {
      let id: number | null = null;
      let name: string | null = null;
      for (let a = off + NLMSG_HDRLEN + GENL_HDRLEN; a + 4 <= off + len; ) {
        const alen = b.readUInt16LE(a);
        if (alen < 4 || a + alen > off + len) break;
        const type = b.readUInt16LE(a + 2) & 0x3fff;
        if (type === CTRL_ATTR_FAMILY_ID && alen >= 6) id = b.readUInt16LE(a + 4);
        if (type === CTRL_ATTR_FAMILY_NAME) {
          const s = b.subarray(a + 4, a + alen);
          const nul = s.indexOf(0);
          name = (nul < 0 ? s : s.subarray(0, nul)).toString('latin1');
        }
        a += align(alen);
      }
      if (id !== null && name) out.push([id, name]);
    }
    off += align(len);
  }
  return out;
}
