import { Controller, Logger, UsePipes, ValidationPipe } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { CheckStockDto, ReleaseReservationDto, ReserveStockDto } from './dto/inventory.dto';
import { InventoryService, type StockView } from './inventory.service';

@Controller()
@UsePipes(
  new ValidationPipe({
    whitelist: true,
    transform: true,
    exceptionFactory: (errors) => new RpcException({ code: 'INVALID_PAYLOAD', errors }),
  }),
)
export class InventoryController {
  private readonly logger = new Logger(InventoryController.name);

  constructor(private readonly inventory: InventoryService) {}

  @MessagePattern('inventory.reserve')
  reserve(@Payload() dto: ReserveStockDto): Promise<{ reservationId: string; expiresAt: string }> {
    return this.inventory.reserve(dto.items);
  }

  @MessagePattern({ cmd: 'inventory.check' })
  check(@Payload() dto: CheckStockDto): Promise<StockView[]> {
    return this.inventory.levels(dto.productIds);
  }

  @EventPattern('inventory.release')
  async release(@Payload() dto: ReleaseReservationDto): Promise<void> {
    const released = await this.inventory.release(dto.reservationId);
    this.logger.log(`reservation ${dto.reservationId} ${released ? 'released' : 'already released'} (${dto.reason})`);
  }
}
