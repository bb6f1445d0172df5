// Counts RTP packets per stream (SSRC) and derives loss from sequence numbers, with 16-bit
// wrap-around, without decoding anything: what a light fan-out receiver needs.

interface StreamCounter {
  first: number;
  /** Highest extended sequence number seen. */
  highest: number;
  received: number;
}

export interface LossCount {
  packets: number;
  bytes: number;
  /** Packets the sequence numbers say were sent between the first and highest seen. */
  expected: number;
  lost: number;
}

/** True for an RTP (not RTCP) packet of version 2. */
export function isRtp(packet: Uint8Array): boolean {
  if (packet.length < 12 || (packet[0] ?? 0) >> 6 !== 2) return false;
  const pt = (packet[1] ?? 0) & 0x7f;
  // NOTE: RTCP packet types 200–204 look like RTP payload types 72–76 with the marker bit set.
  return pt < 72 || pt > 76;
}

export class RtpCounter {
  private readonly streams = new Map<number, StreamCounter>();
  private bytes = 0;

  /** Feeds one UDP datagram; non-RTP datagrams are ignored. */
  push(packet: Uint8Array): void {
    if (!isRtp(packet)) return;
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    const seq = view.getUint16(2);
    const ssrc = view.getUint32(8);
    this.bytes += packet.byteLength;
    const s = this.streams.get(ssrc);
    if (!s) {
      this.streams.set(ssrc, { first: seq, highest: seq, received: 1 });
      return;
    }
    s.received += 1;
    // Extend the 16-bit number to the candidate nearest the highest seen (handles wrap and reorder).
    const base = s.highest - (s.highest & 0xffff);
    let ext = base + seq;
    if (ext - s.highest > 0x8000) ext -= 0x10000;
    else if (s.highest - ext > 0x8000) ext += 0x10000;
    if (ext > s.highest) s.highest = ext;
    if (ext < s.first) s.first = ext;
  }

  count(): LossCount {
    let packets = 0;
    let expected = 0;
    for (const s of this.streams.values()) {
      packets += s.received;
      expected += s.highest - s.first + 1;
    }
    return { packets, bytes: this.bytes, expected, lost: Math.max(0, expected - packets) };
  }

  reset(): void {
    this.streams.clear();
    this.bytes = 0;
  }
}
