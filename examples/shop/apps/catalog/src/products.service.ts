import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Product } from './product.entity';

export type ProductView = Pick<Product, 'id' | 'sku' | 'name' | 'priceCents' | 'currency' | 'weightGrams'>;

@Injectable()
export class ProductsService {
  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  async findOne(id: string): Promise<ProductView | null> {
    const product = await this.products.findOne({ where: { id, active: true } });
    return product ? this.toView(product) : null;
  }

  async findMany(ids: string[]): Promise<ProductView[]> {
    if (ids.length === 0) {
      return [];
    }
    const products = await this.products.find({ where: { id: In(ids), active: true } });
    return products.map((product) => this.toView(product));
  }

  private toView(product: Product): ProductView {
    const { id, sku, name, priceCents, currency, weightGrams } = product;
    return { id, sku, name, priceCents, currency, weightGrams };
  }
}
