import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { HttpModule } from '@nestjs/axios';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { OrderEventsPublisher } from './order-events.publisher';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { PrismaService } from './prisma.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    HttpModule.register({ timeout: 5000, maxRedirects: 0 }),
    ClientsModule.register([
      {
        name: 'INVENTORY_SERVICE',
        transport: Transport.TCP,
        options: { host: 'inventory', port: 4001 },
      },
      {
        name: 'CATALOG_PACKAGE',
        transport: Transport.GRPC,
        options: {
          package: 'catalog',
          protoPath: process.env.CATALOG_PROTO_PATH ?? join(__dirname, '../../../proto/catalog.proto'),
          url: process.env.CATALOG_GRPC_URL ?? 'catalog:5001',
        },
      },
    ]),
  ],
  controllers: [OrdersController],
  providers: [OrdersService, OrderEventsPublisher, PrismaService],
})
export class AppModule {}
