/**
 * Messages of the architecture file (`*.switchboard`) features.
 */

/** client → server request `switchboard/generateArchitecture`: the discovered architecture as an architecture file's text. */
export const GenerateArchitectureMethod = 'switchboard/generateArchitecture';

/** Parameters of `switchboard/generateArchitecture`. */
export interface GenerateArchitectureParams {
  /** The workspace folder URI; absent for the first folder. */
  folder?: string;
}

/** Result of `switchboard/generateArchitecture` (null when no folder is analysed). */
export interface GenerateArchitectureResult {
  /** The workspace folder URI the text describes. */
  folder: string;
  /** The text of the architecture file. */
  text: string;
  /** Where the file belongs: `<folder>/architecture.switchboard` (a file URI). */
  suggestedUri: string;
  /** The architecture file the folder already has (a file URI), which must not be overwritten. */
  existingUri?: string;
}
