import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

@Entity('stock_levels')
export class StockLevel {
  @PrimaryColumn({ name: 'product_id' })
  productId!: string;

  @Column({ type: 'int' })
  onHand!: number;

  @Column({ type: 'int', default: 0 })
  reserved!: number;

  @VersionColumn()
  version!: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;

  get available(): number {
    return this.onHand - this.reserved;
  }
}

export interface ReservedLine {
  productId: string;
  quantity: number;
}

@Entity('reservations')
export class Reservation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'jsonb' })
  items!: ReservedLine[];

  @Column({ type: 'varchar', length: 16, default: 'ACTIVE' })
  status!: 'ACTIVE' | 'RELEASED';

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
