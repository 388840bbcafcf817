/**
 * What to do when the language server's connection closes without being asked to (the process
 * crashed or was killed): restart it, up to a few times in a window of time, then stop and tell
 * the user once. Pure (a clock is passed in), so it is tested without VS Code; extension.ts maps
 * the decisions onto vscode-languageclient's error handler.
 */

/** How many crashes within `windowMs` are restarted; the next one stops the server. */
export const MAX_RESTARTS = 4;
/** The window the crashes are counted in. */
export const RESTART_WINDOW_MS = 3 * 60 * 1000;
/** How long connection errors are carried through before the connection is given up on. */
export const ERROR_GRACE_MS = 10_000;

/** A decision after the connection closed. */
export interface CloseDecision {
  restart: boolean;
  /** The crash count in the window (for the log). */
  crashes: number;
  /** Set once per give-up: the message the user is shown. */
  tellUser?: string;
}

/** Counts crashes and decides on restarts. */
export class RestartPolicy {
  private crashes: number[] = [];
  private told = false;

  constructor(
    private readonly now: () => number = Date.now,
    readonly max = MAX_RESTARTS,
    readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** The connection closed unexpectedly. */
  closed(): CloseDecision {
    const t = this.now();
    this.burstStart = undefined;
    this.crashes = [...this.crashes.filter((c) => t - c <= this.windowMs), t];
    if (this.crashes.length <= this.max) return { restart: true, crashes: this.crashes.length };
    const decision: CloseDecision = { restart: false, crashes: this.crashes.length };
    if (!this.told) {
      this.told = true;
      decision.tellUser = `The Switchboard language server stopped ${this.crashes.length} times in ${Math.round(this.windowMs / 60_000)} minutes and was not restarted again. Its output has the details.`;
    }
    return decision;
  }

  /**
   * Errors writing to or reading from the connection: carry on through a few, and through any
   * number in the first seconds of a burst, then give up on it. A killed server fails every message
   * in flight (an edit sends a change and several requests at once) before its connection reports
   * closing; giving up then stopped the client, and the close that would have restarted the server
   * found it stopping. A connection still failing after the grace period without closing is broken.
   */
  error(count: number | undefined): 'continue' | 'shutdown' {
    const t = this.now();
    if (this.burstStart === undefined || count === 1) this.burstStart = t;
    if (count !== undefined && count <= 3) return 'continue';
    return t - this.burstStart <= ERROR_GRACE_MS ? 'continue' : 'shutdown';
  }

  /** When the current run of connection errors began. */
  private burstStart: number | undefined;

  /** The user restarted the server by hand: a fresh start, and a fresh message if it fails again. */
  reset(): void {
    this.burstStart = undefined;
    this.crashes = [];
    this.told = false;
  }
}
