/** placeholder */
import type { InfraModel } from './model';
export function readCloudFormationApps(_input: { manifests: readonly string[]; read: (rel: string) => string | undefined; sourceFile: (base: string) => string | undefined }, _model: InfraModel): void {}
