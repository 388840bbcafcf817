import type { Observable } from 'rxjs';

/** Mirrors `catalog.CatalogService` from proto/catalog.proto (fields camel-cased by proto-loader). */
export interface Product {
  id: string;
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  weightGrams: number;
}

export interface GetProductRequest {
  id: string;
}

export interface GetProductsRequest {
  ids: string[];
}

export interface ProductList {
  products: Product[];
}

export interface CatalogService {
  getProduct(request: GetProductRequest): Observable<Product>;
  getProducts(request: GetProductsRequest): Observable<ProductList>;
}
