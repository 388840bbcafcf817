import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);

  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: {
      package: 'catalog',
      protoPath: process.env.CATALOG_PROTO_PATH ?? join(__dirname, '../../../proto/catalog.proto'),
      url: '0.0.0.0:5001',
    },
  });

  await app.startAllMicroservices();
  await app.listen(Number(process.env.PORT ?? 3004));
  Logger.log('catalog listening on http :3004 and grpc :5001', 'Bootstrap');
}

void bootstrap();
