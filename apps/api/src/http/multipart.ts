import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { UploadedFile } from '@app/domain';

export interface BufferedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: BufferedFile[];
}

/**
 * Reads a multipart request into memory within the limits @fastify/multipart was registered with; a file over the
 * size limit throws a 413 before anything is stored. A JSON request passes through with no files. For the ledger
 * import, whose workbook is parsed whole anyway; evidence goes through `readUpload`.
 */
export async function readBody(req: FastifyRequest): Promise<MultipartBody> {
  if (!req.isMultipart()) return { fields: (req.body ?? {}) as Record<string, string>, files: [] };
  const fields: Record<string, string> = {};
  const files: BufferedFile[] = [];
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

export interface StreamedBody {
  fields: Record<string, string>;
  files: UploadedFile[];
  /** deletes the temp files; call when the request is done, whatever its outcome */
  dispose(): Promise<void>;
}

/**
 * Streams each file of a multipart request into a temp file, hashing and counting as it goes: memory stays at a few
 * stream buffers whatever the sizes. A file over the size limit stops the upload there with 413 (@fastify/multipart's
 * `fileSize`, counted as the bytes arrive) and its temp files go. A JSON request passes through with no files.
 */
export async function readUpload(req: FastifyRequest): Promise<StreamedBody> {
  if (!req.isMultipart()) {
    return { fields: (req.body ?? {}) as Record<string, string>, files: [], dispose: async () => undefined };
  }
  let dir: string | null = null;
  const dispose = async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      dir ??= await mkdtemp(join(tmpdir(), 'duban-upload-'));
      const path = join(dir, String(files.length));
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(part.file, measure, createWriteStream(path));
      const { filename, mimetype } = part;
      files.push({
        fileName: filename, mimeType: mimetype, size, sha256: hash.digest('hex'),
        open: () => createReadStream(path, { highWaterMark: 1024 * 1024 }),
      });
    }
  } catch (err) {
    await dispose();
    throw err;
  }
  return { fields, files, dispose };
}

/** What identifies the files of a request for Idempotency-Key matching: names, types, sizes and SHA-256, not bytes. */
export function fileDigests(files: UploadedFile[]): Array<{ name: string; type: string; size: number; sha256: string }> {
  return files.map((f) => ({ name: f.fileName, type: f.mimeType, size: f.size, sha256: f.sha256 }));
}
