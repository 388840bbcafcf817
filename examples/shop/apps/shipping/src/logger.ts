import pino from 'pino';

export const logger = pino({ name: 'shipping', level: process.env.LOG_LEVEL ?? 'info' });
