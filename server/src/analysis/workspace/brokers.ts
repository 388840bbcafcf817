/**
 * The message brokers the services' configuration points at (docker-compose, Kubernetes and .env
 * environments): `amqp://…`, `nats://…`, `redis://…`, `kafka://…`, `mqtt://…` URLs, and Kafka
 * broker lists under `KAFKA_*BROKERS`-like names. Credentials in the URLs are dropped.
 */
import type { Broker } from '../model';

const SCHEMES: Record<string, Broker['protocol']> = {
  amqp: 'amqp',
  amqps: 'amqps',
  nats: 'nats',
  redis: 'redis',
  rediss: 'redis',
  kafka: 'kafka',
  mqtt: 'mqtt',
  mqtts: 'mqtt',
};
const KAFKA_KEY = /KAFKA.*(BROKER|BOOTSTRAP|HOST|SERVER)/i;
const HOST_PORT = /^[A-Za-z0-9][A-Za-z0-9.-]*:\d{1,5}$/;

/** The protocol of the brokers a messaging mechanism goes through, when it has one. */
export function brokerProtocolOf(mechanism: string): Broker['protocol'][] {
  const m = mechanism.replace(/^nestjs-/, '');
  if (m === 'kafka') return ['kafka'];
  if (m === 'rabbitmq' || m === 'rmq' || m === 'amqp') return ['amqp', 'amqps'];
  if (m === 'nats') return ['nats'];
  if (m === 'redis' || m === 'bullmq') return ['redis'];
  if (m === 'mqtt') return ['mqtt'];
  return [];
}

/** The brokers named in each service's environment, one per protocol and host, with the services naming it. */
export function brokersOf(services: readonly { name: string; env: Record<string, string> }[]): Broker[] {
  const out = new Map<string, Broker>();
  const add = (protocol: Broker['protocol'], host: string, service: string): void => {
    const key = `${protocol}\u0000${host}`;
    const b = out.get(key) ?? out.set(key, { protocol, host, services: [] }).get(key)!;
    if (!b.services.includes(service)) b.services.push(service);
  };
  for (const s of services) {
    for (const [key, value] of Object.entries(s.env)) {
      for (const part of value.split(',').map((p) => p.trim())) {
        const scheme = /^([a-z]+):\/\//.exec(part)?.[1];
        if (scheme && SCHEMES[scheme]) {
          try {
            const url = new URL(part);
            if (url.hostname) add(SCHEMES[scheme], url.host, s.name);
          } catch {
            // not a URL after all
          }
        } else if (KAFKA_KEY.test(key) && HOST_PORT.test(part)) add('kafka', part, s.name);
      }
    }
  }
  return [...out.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.host.localeCompare(b.host));
}
