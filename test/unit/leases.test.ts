// A case's lent connections: counted from before the connect until given back, so a close can wait for them.
import { describe, it, expect } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { Leases } from '../../src-main/app/leases.ts';

describe('connections lent for one statement', () => {
  it('is idle only once every connection, even one still being made, is given back', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const leases = new Leases();
    const first = leases.take(() => inst.connect(), () => null);
    expect(leases.size).toBe(1);
    let idle = false;
    const waiting = leases.idle(10_000).then((v) => { idle = v; });
    const a = await first;
    const b = await leases.take(() => inst.connect(), () => null);
    expect(leases.size).toBe(2);
    leases.give(a);
    await new Promise((r) => setTimeout(r, 10));
    expect(idle).toBe(false);
    leases.give(b);
    await waiting;
    expect(idle).toBe(true);
    expect(leases.size).toBe(0);
    inst.closeSync();
  });

  it('refuses a connection made after a close began, closing it, and says so', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const leases = new Leases();
    await expect(leases.take(() => inst.connect(), () => new Error('closing'))).rejects.toThrow('closing');
    expect(leases.size).toBe(0);
    expect(await leases.idle(0)).toBe(true);
    inst.closeSync();
  });

  it('gives up waiting after the time given, with false', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const leases = new Leases();
    const c = await leases.take(() => inst.connect(), () => null);
    expect(await leases.idle(20)).toBe(false);
    leases.give(c);
    inst.closeSync();
  });
});
