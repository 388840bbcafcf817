import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogGrpcController } from './catalog.grpc.controller';
import { Product } from './product.entity';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [Product],
      synchronize: false,
    }),
    TypeOrmModule.forFeature([Product]),
  ],
  controllers: [ProductsController, CatalogGrpcController],
  providers: [ProductsService],
})
export class AppModule {}
