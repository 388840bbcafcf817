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
    this.crashes = [...this.crashes.filter((c) => t - c <= this.windowMs), t];
    if (this.crashes.length <= this.max) return { restart: true, crashes: this.crashes.length };
    const decision: CloseDecision = { restart: false, crashes: this.crashes.length };
    if (!this.told) {
      this.told = true;
      decision.tellUser = `The Switchboard language server stopped ${this.crashes.length} times in ${Math.round(this.windowMs / 60_000)} minutes and was not restarted again. Its output has the details.`;
    }
    return decision;
  }

  /** Errors writing to or reading from the connection: carry on through a few, then give up on it. */
  error(count: number | undefined): 'continue' | 'shutdown' {
    return count !== undefined && count <= 3 ? 'continue' : 'shutdown';
  }

  /** The user restarted the server by hand: a fresh start, and a fresh message if it fails again. */
  reset(): void {
    this.crashes = [];
    this.told = false;
  }
}
