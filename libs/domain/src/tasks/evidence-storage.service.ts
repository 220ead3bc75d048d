import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { EvidenceFileEntity } from '@app/database';
import type { Actor } from '../organisation/actor';
import { TaskStore } from './task-store';
import { TaskErrors } from './tasks.errors';

/**
 * An evidence file as the edge received it: size and SHA-256 known, the bytes read once, a piece at a time, from
 * wherever the edge put them (the API: a temp file the upload streamed into). Never a whole file in memory.
 */
export interface UploadedFile {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  open(): AsyncIterable<Buffer>;
}

/** Evidence bytes go into the database in pieces of at most this size (evidence_chunk). */
export const EVIDENCE_CHUNK_BYTES = 1024 * 1024;

/** An upload from bytes already in memory (the CLI's demo data, tests). */
export function bufferedUpload(fileName: string, mimeType: string, content: Buffer): UploadedFile {
  return {
    fileName, mimeType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'),
    async *open() {
      for (let at = 0; at < content.length; at += EVIDENCE_CHUNK_BYTES) yield content.subarray(at, at + EVIDENCE_CHUNK_BYTES);
    },
  };
}

export interface EvidenceView {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  purpose: 'progress' | 'submission';
  progressId: string | null;
  unitId: string;
  createdAt: Date;
}

// what offices send as 佐证材料: scans, photos, office documents (incl. WPS and OFD), archives
const ALLOWED_EXTENSIONS = ['.pdf', '.ofd', '.jpg', '.jpeg', '.png', '.gif', '.webp', '.doc', '.docx', '.wps', '.xls',
  '.xlsx', '.et', '.ppt', '.pptx', '.txt', '.zip', '.rar', '.7z'];

/** Evidence files live in PostgreSQL behind this one service; reads go through the task's access scope. */
@Injectable()
export class EvidenceStorageService {
  constructor(private readonly dataSource: DataSource, private readonly store: TaskStore, private readonly config: AppConfig) {}

  get limits() {
    return { maxBytes: this.config.evidence.maxBytes, maxFiles: this.config.evidence.maxFiles, extensions: ALLOWED_EXTENSIONS };
  }

  /** Rejects what must never be stored; called before any row is written. */
  validate(files: UploadedFile[]): void {
    if (files.length > this.config.evidence.maxFiles) throw TaskErrors.evidenceTooMany(this.config.evidence.maxFiles);
    for (const f of files) {
      if (!ALLOWED_EXTENSIONS.includes(extname(f.fileName).toLowerCase())) throw TaskErrors.evidenceType(f.fileName, ALLOWED_EXTENSIONS);
      if (f.size === 0) throw TaskErrors.evidenceEmpty(f.fileName);
      if (f.size > this.config.evidence.maxBytes) throw TaskErrors.evidenceTooLarge(f.fileName, this.config.evidence.maxBytes);
    }
  }

  /**
   * Writes each file's row, then its bytes in chunks of at most 1 MiB, one INSERT each, all on the caller's
   * transaction: memory stays at about a chunk whatever the file size, and a failure leaves no part of any file.
   */
  async save(em: EntityManager, actor: Actor, taskId: string, purpose: 'progress' | 'submission', progressId: string | null,
    files: UploadedFile[]): Promise<void> {
    for (const f of files) {
      const inserted = await em.insert(EvidenceFileEntity, {
        taskId, progressId, purpose, uploadedBy: actor.userId, unitId: actor.unitId, fileName: f.fileName,
        mimeType: f.mimeType || 'application/octet-stream', size: f.size, sha256: f.sha256, content: null,
        // the files of one upload share a transaction, so now() would give them one time and no order:
        // clock_timestamp() keeps the order they came in (lists and the year's outcome sort by it)
        createdAt: () => 'clock_timestamp()',
      } as never);
      const fileId = inserted.identifiers[0].id as string;
      let seq = 0;
      let written = 0;
      for await (const piece of rechunk(f.open(), EVIDENCE_CHUNK_BYTES)) {
        await em.query(`INSERT INTO evidence_chunk (file_id, seq, data) VALUES ($1, $2, $3)`, [fileId, seq++, piece]);
        written += piece.length;
      }
      if (written !== f.size) throw new Error(`evidence ${f.fileName}: ${written} bytes read back, ${f.size} received`);
    }
  }

  async list(actor: Actor, taskId: string): Promise<EvidenceView[]> {
    await this.store.loadScoped(actor, taskId);
    return this.dataSource.getRepository(EvidenceFileEntity).find({ where: { taskId }, order: { createdAt: 'ASC' } });
  }

  /** A file's metadata and its bytes as a stream, read from the database a chunk per query while it is sent. */
  async read(actor: Actor, taskId: string, fileId: string): Promise<EvidenceView & { content: Readable }> {
    await this.store.loadScoped(actor, taskId);
    const file = await this.dataSource.getRepository(EvidenceFileEntity).findOneBy({ id: fileId, taskId });
    if (!file) throw TaskErrors.evidenceNotFound(fileId);
    return { ...file, content: Readable.from(this.bytesOf(fileId)) };
  }

  private async *bytesOf(fileId: string): AsyncGenerator<Buffer> {
    const [legacy] = await this.dataSource.query(`SELECT content FROM evidence_file WHERE id = $1 AND content IS NOT NULL`, [fileId]);
    if (legacy) {
      yield legacy.content as Buffer;
      return;
    }
    for (let seq = 0; ; seq++) {
      const [chunk] = await this.dataSource.query(`SELECT data FROM evidence_chunk WHERE file_id = $1 AND seq = $2`, [fileId, seq]);
      if (!chunk) return;
      yield chunk.data as Buffer;
    }
  }
}

/** Pieces of at most `max` bytes from any stream of buffers (a file stream's may be larger or smaller). */
async function* rechunk(source: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const buf of source) {
    let rest = buf;
    while (length + rest.length >= max) {
      const take = max - length;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending);
      rest = rest.subarray(take);
      pending = [];
      length = 0;
    }
    if (rest.length) {
      pending.push(rest);
      length += rest.length;
    }
  }
  if (length) yield Buffer.concat(pending);
}
