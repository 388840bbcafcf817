import pino from 'pino';

export const logger = pino({ name: 'notifications', level: process.env.LOG_LEVEL ?? 'info' });
