import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

/** An upload endpoint's body in the API's reference: multipart, a required `file` and the text fields beside it. */
export function ApiUpload(file: string, fields: Record<string, { description: string; enum?: readonly string[] }>) {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: file },
          ...Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, { type: 'string', description: f.description, ...(f.enum && { enum: [...f.enum] }) }])),
        },
      },
    }),
  );
}
