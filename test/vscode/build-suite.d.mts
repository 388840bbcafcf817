/** The bundled extension-host suite's path (dist/test/vscode-suite.js). */
export declare const SUITE_BUNDLE: string;
/** Bundles test/vscode/suite/index.ts and returns the bundle's path. */
export declare function buildSuite(): Promise<string>;
