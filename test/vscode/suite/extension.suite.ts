/**
 * Tests that run inside a real VS Code extension host, against the bundled example opened as the
 * workspace: the extension activates, registers its commands and publishes Switchboard diagnostics.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The tdd interface mocha hands to a suite file. */
export type Tdd = Pick<Mocha.MochaGlobals, 'suite' | 'test' | 'suiteSetup'>;

/** `publisher.name` from package.json. */
const EXTENSION_ID = 'switchboard.switchboard';
/** The promise: a diagnostic within 30 s of opening the example. */
const DIAGNOSTIC_DEADLINE_MS = 30_000;

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function switchboardDiagnostics(): [vscode.Uri, vscode.Diagnostic][] {
  return vscode.languages
    .getDiagnostics()
    .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'switchboard').map((d): [vscode.Uri, vscode.Diagnostic] => [uri, d]));
}

/**
 * Resolves with Switchboard's diagnostics as soon as one exists (listening for changes, not sleeping).
 * With `fresh`, only diagnostics published after the call count, not those already present.
 */
function waitForDiagnostics(timeoutMs: number, fresh = false): Promise<[vscode.Uri, vscode.Diagnostic][]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = switchboardDiagnostics();
      if (!found.length) return false;
      listener.dispose();
      clearTimeout(timer);
      resolve(found);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics(() => check());
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no ${fresh ? 'new ' : ''}diagnostic with source "switchboard" within ${timeoutMs} ms`));
    }, timeoutMs);
    if (!fresh) check();
  });
}

/** Registers the suite with mocha. */
export function defineExtensionSuite({ suite, test, suiteSetup }: Tdd): void {
  suite('Switchboard extension', () => {
    let extension: vscode.Extension<unknown> | undefined;
    const opened = Date.now();

    suiteSetup(() => {
      extension = vscode.extensions.getExtension(EXTENSION_ID);
    });

    test('is installed and activates in the example workspace', async () => {
      assert.ok(extension, `extension ${EXTENSION_ID} not found; installed: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
      const folders = vscode.workspace.workspaceFolders ?? [];
      assert.equal(folders.length, 1, 'one workspace folder (the example) is open');
      await extension.activate();
      assert.ok(extension.isActive);
    });

    test('registers every command it contributes', async () => {
      assert.ok(extension);
      const contributed: { command: string }[] = extension.packageJSON.contributes.commands;
      const ids = contributed.map((c) => c.command);
      for (const id of ['switchboard.restartServer', 'switchboard.showOutput', 'switchboard.showServices']) assert.ok(ids.includes(id), `${id} is contributed`);
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(
        ids.filter((id) => !registered.has(id)),
        [],
        'contributed commands without a registered handler',
      );
    });

    test('publishes a missing-timeout diagnostic on the example within 30 s', async () => {
      const remaining = Math.max(1000, DIAGNOSTIC_DEADLINE_MS - (Date.now() - opened));
      const found = await waitForDiagnostics(remaining);
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
      const timeouts = found.filter(([, d]) => codeOf(d) === 'missing-timeout');
      assert.ok(timeouts.length > 0, `missing-timeout among: ${found.map(([, d]) => codeOf(d)).join(', ')}`);
      for (const [uri, d] of timeouts) {
        assert.ok(uri.fsPath.startsWith(root), `${uri.fsPath} is inside the workspace`);
        assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
        assert.match(d.message, /timeout/);
      }
    });

    test('restarting the server brings the diagnostics back', async () => {
      // listen before restarting: the new server may publish before the command resolves
      const republished = waitForDiagnostics(DIAGNOSTIC_DEADLINE_MS, true);
      await vscode.commands.executeCommand('switchboard.restartServer');
      const found = await republished;
      assert.ok(found.some(([, d]) => codeOf(d) === 'missing-timeout'));
    });
  });
}
