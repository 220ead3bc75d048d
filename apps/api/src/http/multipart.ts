import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { UploadedFile } from '@app/domain';

export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/**
 * Reads a multipart request into memory within the limits @fastify/multipart was registered with; a file over the
 * size limit throws a 413 before anything is stored. A JSON request passes through with no files.
 */
export async function readBody(req: FastifyRequest): Promise<MultipartBody> {
  if (!req.isMultipart()) return { fields: (req.body ?? {}) as Record<string, string>, files: [] };
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const content = await part.toBuffer();
      files.push({ fileName: part.filename, mimeType: part.mimetype, content });
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, files };
}

/** What identifies the files of a request for Idempotency-Key matching: names, types, sizes and SHA-256, not bytes. */
export function fileDigests(files: UploadedFile[]): Array<{ name: string; type: string; size: number; sha256: string }> {
  return files.map((f) => ({ name: f.fileName, type: f.mimeType, size: f.content.length,
    sha256: createHash('sha256').update(f.content).digest('hex') }));
}
