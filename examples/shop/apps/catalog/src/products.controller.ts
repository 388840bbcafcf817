import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ProductsService, type ProductView } from './products.service';

@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get(':id')
  @Header('cache-control', 'public, max-age=60')
  async findOne(@Param('id') id: string): Promise<ProductView> {
    const product = await this.products.findOne(id);
    if (!product) {
      throw new NotFoundException(`Product ${id} not found`);
    }
    return product;
  }
}
