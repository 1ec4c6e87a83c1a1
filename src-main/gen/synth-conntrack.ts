// A deterministic synthetic `conntrack -E -o timestamp` event stream (NEW / UPDATE / DESTROY per flow),
// for the import benchmark: the shape of the test/fixtures conntrack -E captures, at any size.
import { writeLines } from './write-synth.ts';
import { rng } from './synth-day.ts';

export function* synthConntrack(lines: number, seed = 7): Generator<string> {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const internal = Array.from({ length: 120 }, (_, i) => `192.168.1.${10 + i}`);
  const remote = Array.from({ length: 4000 }, () => `${int(23, 212)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
  const wan = '203.0.113.7';
  let t = 1_710_374_400; // 2024-03-14 00:00:00 UTC
  let id = 3_000_000_000;
  const stamp = () => {
    t += r() * 0.1;
    return `[${t.toFixed(6)}]\t`;
  };
  for (let n = 0; n < lines; ) {
    const src = internal[Math.floor(internal.length * r() * r())];
    const dst = remote[Math.floor(remote.length * r() * r())];
    const sport = int(32768, 60999);
    id++;
    if (r() < 0.3) {
      const dport = [53, 123, 443][int(0, 2)];
      const tuple = `src=${src} dst=${dst} sport=${sport} dport=${dport}`;
      const reply = `src=${dst} dst=${wan} sport=${dport} dport=${sport}`;
      yield `${stamp()}    [NEW] udp      17 30 ${tuple} [UNREPLIED] ${reply} id=${id}`;
      yield `${stamp()}[DESTROY] udp      17 ${tuple} packets=${int(1, 9)} bytes=${int(60, 4000)} ${reply} packets=${int(1, 9)} bytes=${int(60, 9000)} delta-time=${int(1, 30)} id=${id}`;
      n += 2;
    } else {
      const dport = [443, 443, 80, 22, 993][int(0, 4)];
      const tuple = `src=${src} dst=${dst} sport=${sport} dport=${dport}`;
      const reply = `src=${dst} dst=${wan} sport=${dport} dport=${sport}`;
      yield `${stamp()}    [NEW] tcp      6 120 SYN_SENT ${tuple} [UNREPLIED] ${reply} id=${id}`;
      yield `${stamp()} [UPDATE] tcp      6 60 SYN_RECV ${tuple} ${reply} id=${id}`;
      yield `${stamp()} [UPDATE] tcp      6 432000 ESTABLISHED ${tuple} ${reply} [ASSURED] id=${id}`;
      yield `${stamp()}[DESTROY] tcp      6 ${tuple} packets=${int(3, 900)} bytes=${int(200, 900000)} ${reply} packets=${int(3, 900)} bytes=${int(200, 9000000)} [ASSURED] delta-time=${int(1, 900)} id=${id}`;
      n += 4;
    }
  }
}

export async function writeSynthConntrack(path: string, lines: number, seed?: number): Promise<void> {
  await writeLines(path, synthConntrack(lines, seed));
}
