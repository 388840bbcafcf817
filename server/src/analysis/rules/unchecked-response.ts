/**
 * unchecked-response: a fetch response used without checking `ok`/`status` (the response failure
 * mode: the service answered, but with an error).
 */
import { defineRule } from './rule';

export const uncheckedResponse = defineRule({
  id: 'unchecked-response',
  description: 'A fetch response is used without checking ok or status, so an error reply is taken for data.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model) {
    return model.interactions
      .filter((i) => i.traits?.responseChecked === false && i.callees.length > 0 && (i.style === 'sync-request-response' || i.style === 'async-request-response'))
      .map((i) => ({
        message: `The response of ${i.target} from ${i.callees.join(', ')} is used without checking response.ok or response.status: ${i.library} resolves on 404 and 500 too, so an error reply is taken for data.`,
        file: i.callSite?.file ?? i.file,
        line: i.callSite?.line ?? i.line,
        column: i.callSite ? i.callSite.column : i.column,
        ...(i.callSite ? {} : { endLine: i.endLine, endColumn: i.endColumn }),
      }));
  },
});
