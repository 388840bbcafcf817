import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsString, IsUUID, Min, ValidateNested } from 'class-validator';

export class ReserveLineDto {
  @IsString()
  productId!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

export class ReserveStockDto {
  @ValidateNested({ each: true })
  @Type(() => ReserveLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  items!: ReserveLineDto[];
}

export class CheckStockDto {
  @IsString({ each: true })
  @ArrayMinSize(1)
  productIds!: string[];
}

export class ReleaseReservationDto {
  @IsUUID()
  reservationId!: string;

  @IsIn(['payment_error', 'payment_declined', 'order_cancelled', 'expired'])
  reason!: string;
}
