import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { EvidenceFileEntity } from '@app/database';
import type { Actor } from '../organisation/actor';
import { TaskStore } from './task-store';
import { TaskErrors } from './tasks.errors';

export interface UploadedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
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
      if (f.content.length === 0) throw TaskErrors.evidenceEmpty(f.fileName);
      if (f.content.length > this.config.evidence.maxBytes) throw TaskErrors.evidenceTooLarge(f.fileName, this.config.evidence.maxBytes);
    }
  }

  async save(em: EntityManager, actor: Actor, taskId: string, purpose: 'progress' | 'submission', progressId: string | null,
    files: UploadedFile[]): Promise<void> {
    if (!files.length) return;
    await em.insert(EvidenceFileEntity, files.map((f) => ({
      taskId, progressId, purpose, uploadedBy: actor.userId, unitId: actor.unitId, fileName: f.fileName,
      mimeType: f.mimeType || 'application/octet-stream', size: f.content.length,
      sha256: createHash('sha256').update(f.content).digest('hex'), content: f.content,
    })));
  }

  async list(actor: Actor, taskId: string): Promise<EvidenceView[]> {
    await this.store.loadScoped(actor, taskId);
    return this.dataSource.getRepository(EvidenceFileEntity).find({ where: { taskId }, order: { createdAt: 'ASC' } });
  }

  async read(actor: Actor, taskId: string, fileId: string): Promise<EvidenceView & { content: Buffer }> {
    await this.store.loadScoped(actor, taskId);
    const file = await this.dataSource.getRepository(EvidenceFileEntity).createQueryBuilder('f')
      .addSelect('f.content').where('f.id = :fileId AND f.taskId = :taskId', { fileId, taskId }).getOne();
    if (!file) throw TaskErrors.evidenceNotFound(fileId);
    return file;
  }
}
