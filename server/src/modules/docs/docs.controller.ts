import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import * as path from 'node:path';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { Allow, REVIEWERS } from '../access/roles';
import { ApiDocs } from './api-docs';

/** Swagger UI's files served under /api/docs, and the page's own start script. */
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'text/javascript',
};

const UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Seam API</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/start.js"></script></body>
</html>`;

const START = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });`;

/** The API's reference for the people who script against it: the OpenAPI document and Swagger UI, for signed-in users. */
@Controller()
export class DocsController {
  constructor(private readonly docs: ApiDocs) {}

  /** The OpenAPI 3 document of this API. */
  @Allow(...REVIEWERS)
  @Get('openapi.json')
  @ApiOkResponse({ description: 'An OpenAPI 3 document', schema: { type: 'object' } })
  openapi(): object {
    if (!this.docs.document) throw new SeamException(SeamErrorCode.NotFound, 'the API description is not ready yet');
    return this.docs.document;
  }

  /** The API's reference in the browser (Swagger UI). */
  @Allow(...REVIEWERS)
  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOkResponse({ description: 'Swagger UI', content: { 'text/html': {} } })
  page(): string {
    return PAGE;
  }

  /** The reference page's files: `swagger-ui.css`, `swagger-ui-bundle.js`, `start.js`. */
  @Allow(...REVIEWERS)
  @Get('docs/:file')
  @ApiOkResponse({ description: 'A file of the reference page', content: { 'text/css': {}, 'text/javascript': {} } })
  file(@Param('file') file: string, @Res() res: Response): void {
    if (file === 'start.js') {
      res.type('text/javascript').send(START);
      return;
    }
    const type = UI_FILES[file];
    if (!type) throw new SeamException(SeamErrorCode.NotFound, `no file ${file} in the API reference`);
    res.type(type).sendFile(path.join(UI_DIR, file));
  }
}
