/**
 * Which paths the graph panel may open. A location comes from the webview, which shows strings
 * from analysed code: the host opens only a plain relative path inside the analysed folder, never
 * one that climbs out (`..`), is absolute, names a drive or a scheme (`javascript:`, `command:`,
 * `C:`), uses backslashes, or holds control characters.
 */

/** The path's segments when it may be opened under the folder, else undefined. */
export function openableSegments(file: unknown): string[] | undefined {
  if (typeof file !== 'string' || !file || file.length > 4096) return undefined;
    if (/[\\:\u0000-\u001f\u007f]/.test(file) || file.startsWith('/')) return undefined;
  const segments = file.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return segments;
}
