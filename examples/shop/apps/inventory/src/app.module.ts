import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';
import { Reservation, StockLevel } from './stock.entities';

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [StockLevel, Reservation],
      synchronize: false,
      migrationsRun: true,
      migrations: [`${__dirname}/migrations/*.js`],
    }),
    TypeOrmModule.forFeature([StockLevel, Reservation]),
  ],
  controllers: [InventoryController],
  providers: [InventoryService],
})
export class AppModule {}
