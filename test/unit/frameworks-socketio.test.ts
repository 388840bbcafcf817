/**
 * Socket.IO between services: a socket.io-client socket made with a server's URL; `emit` without
 * an acknowledgement is an event, with one (a callback, or `emitWithAck`) a request; the server's
 * handlers per namespace are endpoints matched by host and event name. What a server emits to its
 * own sockets goes to end users and is not an interaction.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, summary, system } from './helpers/messaging';

const NOTIFICATIONS = {
  'src/main.ts': `import { createServer } from 'node:http';
import { Server } from 'socket.io';
const http = createServer();
const io = new Server(http);
io.on('connection', (socket) => {
  socket.on('notify', (msg) => console.log(msg));
  socket.on('render', (tpl, ack) => ack({ html: tpl }));
  socket.emit('welcome', {});
});
const admin = io.of('/admin');
admin.on('connection', function (s) {
  s.on('purge', () => io.emit('purged'));
});
http.listen(3006);
`,
};

const ORDERS = {
  'src/notify.ts': `import { io } from 'socket.io-client';
const socket = io('http://notifications:3006');
const admin = io(process.env.NOTIFICATIONS_URL + '/admin');
export function orderPlaced(id: string) {
  socket.emit('notify', { id });
}
export function preview(id: string) {
  socket.timeout(2000).emit('render', { id }, (err: unknown, res: unknown) => console.log(res));
}
export async function previewNow(id: string) {
  const res = await socket.emitWithAck('render', { id });
  return res;
}
export function purge() {
  admin.emit('purge');
}
export function nobody() {
  socket.emit('unknown-event', {});
}
`,
  '.env': 'NOTIFICATIONS_URL=http://notifications:3006\n',
};

describe('Socket.IO', () => {
  const model = system(service('notifications', NOTIFICATIONS, ['socket.io']), service('orders', ORDERS, ['socket.io-client']));

  it('reports server handlers per namespace as endpoints', () => {
    const eps = model.endpoints.filter((e) => e.mechanism === 'socketio').map((e) => `${e.service} ${e.channel}`).sort();
    assert.deepEqual(eps, ['notifications /admin:purge', 'notifications notify', 'notifications render']);
  });

  it('links emits by host and event, with acknowledgements as request-response', () => {
    assert.deepEqual(summary(messages(model, 'socketio')), [
      'orders -event-> notifications [notify]',
      'orders -async-request-response-> notifications [render]',
      'orders -sync-request-response-> notifications [render]',
      'orders -event-> notifications [purge]',
      'orders -event-> notifications [unknown-event]',
    ]);
    const render = messages(model, 'socketio').filter((i) => i.channel === 'render');
    assert.ok(render.every((i) => i.endpoints.length === 1));
    assert.equal(render[0]?.traits?.hasTimeout, true);
    const unknown = messages(model, 'socketio').find((i) => i.channel === 'unknown-event');
    assert.deepEqual(unknown?.endpoints, []);
  });

  it('does not report what the server emits to its own sockets', () => {
    assert.ok(!model.interactions.some((i) => i.service === 'notifications' && i.mechanism === 'socketio'));
  });
});
