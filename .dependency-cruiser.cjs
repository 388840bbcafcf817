// The layering rules of ARCHITECTURE.md, checked by the meta tier (test/meta/dependencies.test.ts).
// Run by hand: npx depcruise --config .dependency-cruiser.cjs protocol/src server/src client cli/src

/** Every package that speaks LSP or needs a VS Code host. */
const EDITOR_APIS =
  '^(vscode|vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc)(/|$)|node_modules/(@types/vscode|vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'analysis-not-to-editor',
      severity: 'error',
      comment:
        'The analysis core (and the architecture-file language beside it) is plain data in, plain data out: it serves the language server and the CLI alike, so it never imports vscode or an LSP library.',
      from: { path: '^server/src/(analysis|architecture)/' },
      to: { path: EDITOR_APIS },
    },
    {
      name: 'analysis-not-to-server-wiring',
      severity: 'error',
      comment: 'The analysis core must not reach back into the language server (handlers, wiring, entry point).',
      from: { path: '^server/src/(analysis|architecture)/' },
      to: { path: '^server/src/(handlers/|server\\.ts$|main\\.ts$|architecture-wiring\\.ts$)' },
    },
    {
      name: 'analysis-not-to-other-layers',
      severity: 'error',
      comment: 'The analysis core knows nothing of the extension or the CLI.',
      from: { path: '^server/src/(analysis|architecture)/' },
      to: { path: '^(client|cli)/' },
    },
    {
      name: 'client-only-through-protocol',
      severity: 'error',
      comment: 'The extension talks to the server only through the typed messages in protocol/, never by importing server or CLI code.',
      from: { path: '^client/' },
      to: { path: '^(server|cli)/' },
    },
    {
      name: 'webview-only-protocol',
      severity: 'error',
      comment: 'The webview is a browser app: it shares only protocol/ with the rest.',
      from: { path: '^client/webview/' },
      to: { path: '^(client/src|server|cli)/' },
    },
    {
      name: 'server-not-to-client',
      severity: 'error',
      comment: 'The server runs without VS Code; it must not import the extension.',
      from: { path: '^(server|cli)/' },
      to: { path: '^client/' },
    },
    {
      name: 'protocol-no-runtime-imports',
      severity: 'error',
      comment: 'protocol/ is types and string constants only, so every side can import it without pulling code in; type-only imports are fine.',
      from: { path: '^protocol/' },
      to: { pathNot: '^protocol/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.tsbuild|test/fixtures|examples)/' },
    // type-only imports count too: the analysis must not even type against LSP shapes
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
