/**
 * ELK layout off the main thread: a Web Worker (elkjs's own worker build, shipped as
 * dist/elk-worker.js) lays the graph out (elk-graph.ts builds it) while the panel keeps answering
 * the user.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk-api.js';

/** Raised when a newer layout replaced this one before it finished. */
export class LayoutSuperseded extends Error {
  constructor() {
    super('a newer layout replaced this one');
  }
}

/**
 * The layout worker. The worker script is fetched from the extension (the webview's resource
 * origin differs from the page's, and a worker must be same-origin) and started from a blob URL;
 * the content security policy allows exactly that (`connect-src` and `worker-src` with the
 * webview's resource origin, `blob:` for the worker). A layout started while another runs ends
 * the older one: its worker is terminated, so a slow layout of a graph the user has already
 * changed does not hold the next one up.
 */
export class LayoutWorker {
  private elk: InstanceType<typeof ELK> | undefined;
  private source: Promise<string> | undefined;
  private running = 0;
  private generation = 0;
  /** Rejects the layout in progress (superseded, or the worker failed). */
  private settle: ((error: Error) => void) | undefined;

  constructor(private readonly scriptUri: string) {}

  /** Lays `graph` out in the worker; rejects with LayoutSuperseded when a newer call replaced it. */
  async layout(graph: ElkNode): Promise<ElkNode> {
    const generation = ++this.generation;
    if (this.running) this.reset();
    const elk = await this.instance();
    if (generation !== this.generation) throw new LayoutSuperseded();
    this.running++;
    try {
      return await new Promise<ElkNode>((resolve, reject) => {
        this.settle = reject;
        elk.layout(graph).then(resolve, (error: unknown) => reject(error instanceof Error ? error : new Error(`ELK: ${JSON.stringify(error)}`)));
      });
    } finally {
      this.running = Math.max(0, this.running - 1);
      this.settle = undefined;
    }
  }

  /** Stops the worker (a running layout is abandoned); the next layout starts a fresh one. */
  reset(): void {
    this.elk?.terminateWorker();
    this.elk = undefined;
    this.running = 0;
    this.settle?.(new LayoutSuperseded());
  }

  private async instance(): Promise<InstanceType<typeof ELK>> {
    if (this.elk) return this.elk;
    this.source ??= fetch(this.scriptUri).then(async (r) => {
      if (!r.ok) throw new Error(`layout worker script: HTTP ${r.status}`);
      return URL.createObjectURL(new Blob([await r.text()], { type: 'text/javascript' }));
    });
    let url: string;
    try {
      url = await this.source;
    } catch (error) {
      this.source = undefined;
      throw error;
    }
    if (this.elk) return this.elk;
    const elk = new ELK({
      workerFactory: () => {
        const worker = new Worker(url, { name: 'switchboard-elk-layout' });
        // elkjs listens for answers only: a worker that fails to start or crashes would leave the layout pending
        worker.addEventListener('error', (e) => {
          this.elk = undefined;
          this.settle?.(new Error(`layout worker: ${e.message || 'failed'}`));
        });
        return worker;
      },
    });
    this.elk = elk;
    return elk;
  }
}
