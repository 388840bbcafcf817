import { Controller } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { status } from '@grpc/grpc-js';
import { ProductsService, type ProductView } from './products.service';

interface GetProductRequest {
  id: string;
}

interface GetProductsRequest {
  ids: string[];
}

@Controller()
export class CatalogGrpcController {
  constructor(private readonly products: ProductsService) {}

  @GrpcMethod('CatalogService', 'GetProduct')
  async getProduct({ id }: GetProductRequest): Promise<ProductView> {
    const product = await this.products.findOne(id);
    if (!product) {
      throw new RpcException({ code: status.NOT_FOUND, message: `Product ${id} not found` });
    }
    return product;
  }

  @GrpcMethod('CatalogService', 'GetProducts')
  async getProducts({ ids = [] }: GetProductsRequest): Promise<{ products: ProductView[] }> {
    if (ids.length > 100) {
      throw new RpcException({ code: status.INVALID_ARGUMENT, message: 'At most 100 ids per request' });
    }
    return { products: await this.products.findMany(ids) };
  }
}
