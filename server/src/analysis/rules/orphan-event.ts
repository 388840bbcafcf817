/**
 * orphan-event: an event published on a channel that no service of the workspace consumes.
 */
import { LooseChannels, unknownName } from './facts-of';
import { defineRule } from './rule';

export const orphanEvent = defineRule({
  id: 'orphan-event',
  description: 'An event is published on a channel that no service consumes.',
  defaultSeverity: 'warning',
  defaultOptions: { ignoreChannels: [] as string[] },
  optionDocs: { ignoreChannels: 'Channels consumed outside this workspace (analytics, other systems), which are not reported.' },
  check(model, _ctx, options) {
    const unanalysed = model.services.filter((s) => s.notAnalysed).map((s) => s.name);
    const consumed = new LooseChannels(model.endpoints.filter((e) => e.kind === 'message' && e.channel).map((e) => e.channel!));
    return model.interactions
      // (Socket.IO and WebSocket emits go to browsers, not to services)
      .filter((i) => i.style === 'event' && i.callees.length === 0 && !/^(socketio|websocket|ws)$/.test(i.mechanism) && !unknownName(i.channel) && !options.ignoreChannels.includes(i.channel!))
      // a subscription the linker did not connect (or one in the publishing service itself) consumes it
      .filter((i) => !consumed.matches(i.channel!))
      .map((i) => ({
        // services whose code is not here may be the consumers: say so, and only inform
        ...(unanalysed.length ? { severity: 'info' as const } : {}),
        message: `${i.service} publishes ${i.mechanism} ${i.channel}, but no service consumes it${unanalysed.length ? ` (unless ${unanalysed.join(', ')}, whose code is not analysed, does)` : ''}: the work it announces is never done, or a consumer subscribes under another name. Remove the publish, add the consumer, or fix the channel name.`,
        file: i.file,
        line: i.line,
        column: i.column,
        endLine: i.endLine,
        endColumn: i.endColumn,
      }));
  },
});
