/**
 * Which non-code files declare data stores. Kept apart from the data detectors so that callers
 * which only need the test (the analysis orchestrator) do not load the TypeScript parser.
 */

/** True for files that declare data stores without being code: Prisma schemas, SQL migrations. */
export function isDataSchemaFile(file: string): boolean {
  return /\.prisma$/.test(file) || /\.sql$/i.test(file);
}
