import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

/** The served OpenAPI document, described once the app's routes are known (createApp). */
@Injectable()
export class ApiDocs {
  private described: OpenAPIObject | null = null;

  publish(document: OpenAPIObject): void {
    this.described = document;
  }

  get document(): OpenAPIObject | null {
    return this.described;
  }
}
