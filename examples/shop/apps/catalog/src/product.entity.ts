import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('products')
export class Product {
  @PrimaryColumn()
  id!: string;

  @Index({ unique: true })
  @Column()
  sku!: string;

  @Column()
  name!: string;

  @Column({ name: 'price_cents', type: 'int' })
  priceCents!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'weight_grams', type: 'int' })
  weightGrams!: number;

  @Column({ default: true })
  active!: boolean;
}
