import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { UnitEntity, UnitKind, UnitWebhook } from '@app/database';
import { privateHostReason } from '@app/notifications';
import type { Actor } from './actor';
import { OrganisationErrors } from './organisation.errors';

export interface CreateUnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentId?: string | null;
  emails?: string[];
  webhooks?: UnitWebhook[];
}
export type UpdateUnitInput = Partial<Pick<CreateUnitInput, 'code' | 'name' | 'kind' | 'emails' | 'webhooks'>>;

@Injectable()
export class UnitsService {
  constructor(private readonly dataSource: DataSource, private readonly config: AppConfig) {}

  /** Units the actor may see: everything for an admin, otherwise the actor's jurisdiction subtree. */
  async list(actor: Actor): Promise<UnitEntity[]> {
    const qb = this.dataSource.getRepository(UnitEntity).createQueryBuilder('u').orderBy('u.path');
    if (actor.role !== 'admin') qb.where('u.path LIKE :prefix', { prefix: `${actor.jurisdictionPath}%` });
    return (await qb.getMany()).map((u) => this.redact(actor, u));
  }

  /** The unit with this code, for the system itself (the CLI names units by code); null if there is none. */
  async findByCode(code: string): Promise<UnitEntity | null> {
    return this.dataSource.getRepository(UnitEntity).findOneBy({ code });
  }

  async get(actor: Actor, id: string): Promise<UnitEntity> {
    const unit = await this.dataSource.getRepository(UnitEntity).findOneBy({ id });
    if (!unit || !this.isVisible(actor, unit)) throw OrganisationErrors.unitNotFound(id);
    return this.redact(actor, unit);
  }

  async create(actor: Actor | null, input: CreateUnitInput, em: EntityManager = this.dataSource.manager): Promise<UnitEntity> {
    let parent: UnitEntity | null = null;
    if (input.parentId) {
      parent = await em.findOneBy(UnitEntity, { id: input.parentId });
      if (!parent || (actor && !this.isVisible(actor, parent))) throw OrganisationErrors.unitNotFound(input.parentId);
    } else if (input.kind !== 'jurisdiction') {
      throw OrganisationErrors.parentRequired();
    }
    if (actor) this.assertCanManage(actor, parent);
    this.assertWebhookTargets(input.webhooks);
    const id = randomUUID();
    const unit = em.create(UnitEntity, {
      id,
      code: input.code,
      name: input.name,
      kind: input.kind,
      parentId: parent?.id ?? null,
      jurisdictionId: input.kind === 'jurisdiction' || !parent ? id : parent.jurisdictionId,
      path: `${parent?.path ?? ''}${id}/`,
      emails: input.emails ?? [],
      webhooks: input.webhooks ?? [],
    });
    try {
      await em.insert(UnitEntity, unit);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw OrganisationErrors.unitCodeTaken(input.code);
      throw err;
    }
    return unit;
  }

  async update(actor: Actor, id: string, input: UpdateUnitInput): Promise<UnitEntity> {
    const unit = await this.get(actor, id);
    this.assertCanManage(actor, unit);
    if (input.kind && input.kind !== unit.kind && (unit.kind === 'jurisdiction' || input.kind === 'jurisdiction')) {
      // jurisdiction_id and every descendant's scope hang on the kind; moving that is a restructuring, not an edit
      throw OrganisationErrors.kindChange();
    }
    if (unit.code === 'SYSTEM' && ((input.code && input.code !== unit.code) || (input.kind && input.kind !== unit.kind))) {
      throw OrganisationErrors.systemUnitFixed(); // systemUnitId() finds the admins' unit by this code
    }
    this.assertWebhookTargets(input.webhooks);
    try {
      await this.dataSource.getRepository(UnitEntity).update({ id }, input);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw OrganisationErrors.unitCodeTaken(input.code ?? unit.code);
      throw err;
    }
    return { ...unit, ...input };
  }

  /** Whether `unitId` lies in the subtree of `rootPath`. */
  async isInSubtree(unitId: string, rootPath: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM unit WHERE id = $1 AND path LIKE $2`, [unitId, `${rootPath}%`]);
    return rows.length > 0;
  }

  /**
   * A webhook may not point into this network (SSRF; WEBHOOK_ALLOW_PRIVATE=true for intranet deployments lifts it):
   * the same check the sending socket makes, here on the URL's host, so an IP literal in any spelling and a name that is
   * local by definition are refused when saved. A name is not resolved here: its answer at save time says nothing
   * about the address the worker will connect to, which is checked on every send (a refusal ends that target).
   */
  private assertWebhookTargets(webhooks: UnitWebhook[] | undefined): void {
    if (this.config.notifications.allowPrivateWebhooks) return;
    (webhooks ?? []).forEach((w, i) => {
      let host: string;
      try {
        host = new URL(w.url).hostname;
      } catch {
        return; // not a URL: the DTO's rule rejects it, and the channel cannot send to it
      }
      const reason = privateHostReason(host);
      if (reason) throw OrganisationErrors.webhookPrivateAddress(i, host, REASON_TEXT[reason.split(':').pop()!] ?? '内网或保留地址');
    });
  }

  /** Webhook secrets sign the unit's pushes: only those who manage the unit get to read them. */
  private redact(actor: Actor, unit: UnitEntity): UnitEntity {
    if (actor.role === 'admin' || actor.role === 'office') return unit;
    return { ...unit, webhooks: unit.webhooks.map(({ secret: _secret, ...w }) => w) };
  }

  private isVisible(actor: Actor, unit: UnitEntity): boolean {
    return actor.role === 'admin' || unit.path.startsWith(actor.jurisdictionPath);
  }

  private assertCanManage(actor: Actor, within: UnitEntity | null): void {
    if (actor.role === 'admin') return;
    if (actor.role !== 'office' || !within || !within.path.startsWith(actor.jurisdictionPath)) {
      throw OrganisationErrors.forbidden();
    }
  }
}

/** privateHostReason's reasons (an embedded IPv4's own, for mapped forms), as the user reads them. */
const REASON_TEXT: Record<string, string> = {
  loopback: '本机地址', unspecified: '本机地址', localName: '本机或局域网域名', singleLabel: '内网主机名',
  private: '内网地址', carrierGradeNat: '内网地址（运营商级 NAT）', uniqueLocal: '内网地址', linkLocal: '链路本地地址（含云服务器元数据地址）',
  zoneId: '链路本地地址', deprecatedSiteLocal: '内网地址', multicast: '组播地址', broadcast: '广播地址',
};
