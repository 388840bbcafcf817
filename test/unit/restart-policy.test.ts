/**
 * The language client's restart policy: a crashed server is restarted up to MAX_RESTARTS times in
 * the window, then stopped with one message; crashes spread over time keep being restarted; a
 * manual restart starts afresh.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_GRACE_MS, MAX_RESTARTS, RESTART_WINDOW_MS, RestartPolicy } from '../../client/src/restart-policy';

describe('restart policy', () => {
  it('restarts a crashed server up to the cap, then stops and tells the user once', () => {
    let t = 0;
    const p = new RestartPolicy(() => t);
    for (let i = 1; i <= MAX_RESTARTS; i++) {
      t += 1000;
      const d = p.closed();
      assert.equal(d.restart, true, `crash ${i} is restarted`);
      assert.equal(d.tellUser, undefined, 'restarts are not announced');
    }
    t += 1000;
    const giveUp = p.closed();
    assert.equal(giveUp.restart, false);
    assert.match(giveUp.tellUser ?? '', /stopped 5 times in 3 minutes/);
    t += 1000;
    const again = p.closed();
    assert.equal(again.restart, false);
    assert.equal(again.tellUser, undefined, 'the user is told once');
  });

  it('keeps restarting crashes that are far apart', () => {
    let t = 0;
    const p = new RestartPolicy(() => t);
    for (let i = 0; i < 20; i++) {
      t += RESTART_WINDOW_MS / 2;
      assert.equal(p.closed().restart, true, `crash ${i}`);
    }
  });

  it('a manual restart resets the count and the message', () => {
    const t = 0;
    const p = new RestartPolicy(() => t);
    for (let i = 0; i <= MAX_RESTARTS; i++) p.closed();
    assert.equal(p.closed().restart, false);
    p.reset();
    assert.equal(p.closed().restart, true);
    for (let i = 1; i < MAX_RESTARTS; i++) p.closed();
    assert.match(p.closed().tellUser ?? '', /not restarted again/, 'after a manual restart the user is told again');
  });

  it('carries on through a few connection errors, and through a burst of them until the grace period ends', () => {
    let t = 0;
    const p = new RestartPolicy(() => t);
    // a killed server: every message in flight fails at once, then the connection closes and the server is restarted
    for (let count = 1; count <= 12; count++) assert.equal(p.error(count), 'continue', `error ${count} of a burst`);
    assert.equal(p.error(undefined), 'continue', 'a read error in the same burst');
    assert.equal(p.closed().restart, true);
    // a connection that keeps failing without closing is given up on once the grace period is over
    t = 100_000;
    assert.equal(p.error(1), 'continue');
    t += ERROR_GRACE_MS;
    assert.equal(p.error(3), 'continue', 'a few errors are always carried through');
    assert.equal(p.error(4), 'continue', 'still within the grace period');
    t += 1;
    assert.equal(p.error(5), 'shutdown');
    assert.equal(p.error(undefined), 'shutdown');
  });
});
