/**
 * What every linking module hands back to the linker: an interaction and whether it leaves the
 * workspace, and the fields every interaction takes from its call fact.
 */
import type { CallFact } from '../facts';
import type { Interaction } from '../model';

/** A linked interaction as the linker collects it. */
export interface Built {
  interaction: Interaction;
  external: boolean;
}

/** The interaction's id: the calling service and the call's place. */
function interactionId(service: string, file: string, line: number, column: number): string {
  return `${service}@${file}:${line}:${column}`;
}

/** The fields of an interaction that come from the call itself, in `file` of `service`. */
export function callFields(service: string, file: string, call: CallFact): Pick<Interaction, 'id' | 'service' | 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'mechanism' | 'library' | 'function' | 'traits'> {
  return {
    id: interactionId(service, file, call.line, call.column),
    service,
    file,
    line: call.line,
    column: call.column,
    endLine: call.endLine,
    endColumn: call.endColumn,
    mechanism: call.mechanism,
    library: call.library,
    function: call.function,
    traits: call.traits,
  };
}
