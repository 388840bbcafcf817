/**
 * orphan-event: an event published on a channel that no service of the workspace consumes.
 */
import { unknownName } from './facts-of';
import { defineRule } from './rule';

export const orphanEvent = defineRule({
  id: 'orphan-event',
  description: 'An event is published on a channel that no service consumes.',
  defaultSeverity: 'warning',
  defaultOptions: { ignoreChannels: [] as string[] },
  optionDocs: { ignoreChannels: 'Channels consumed outside this workspace (analytics, other systems), which are not reported.' },
  check(model, _ctx, options) {
    return model.interactions
      .filter((i) => i.style === 'event' && i.callees.length === 0 && !unknownName(i.channel) && !options.ignoreChannels.includes(i.channel!))
      .map((i) => ({
        message: `${i.service} publishes ${i.mechanism} ${i.channel}, but no service consumes it: the work it announces is never done (or a consumer subscribes under another name). Remove the publish, add the consumer, or fix the channel name.`,
        file: i.file,
        line: i.line,
        column: i.column,
        endLine: i.endLine,
        endColumn: i.endColumn,
      }));
  },
});
