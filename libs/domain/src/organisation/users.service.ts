import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { LeaderUnitEntity, UnitEntity, UserEntity, UserRole } from '@app/database';
import type { Actor } from './actor';
import { OrganisationErrors } from './organisation.errors';
import { PasswordHasher } from './password-hasher';

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: UserRole;
  unitId: string;
  email?: string | null;
}
export interface UpdateUserInput {
  displayName?: string;
  password?: string;
  role?: UserRole;
  unitId?: string;
  email?: string | null;
  active?: boolean;
}
/** Who a token is issued to: the user and their token version at the time. */
export interface TokenSubject {
  userId: string;
  tokenVersion: number;
}
export type UserView = Omit<UserEntity, 'passwordHash' | 'tokenVersion'> & { unitName: string; leaderUnitIds: string[] };

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(private readonly dataSource: DataSource, private readonly hasher: PasswordHasher) {}

  /**
   * Loads the actor behind a token; null when the user is gone or deactivated, or the token's version is no longer
   * the user's (password reset, deactivation, role change since). One query.
   */
  async loadActor(userId: string, tokenVersion: number): Promise<Actor | null> {
    // The jurisdictions below as a range of ix_unit_path (text_pattern_ops): `LIKE j.path || '%'` cannot use the index
    // (its pattern is known only per row), so every request read all of a province's 5,022 units: 1.7 of a 2.0 ms read,
    // 0.5 ms as a range (docs/benchmarks.md). chr(1114111) is the highest character, so the range is the prefix's.
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name, un.jurisdiction_id,
              j.path AS jurisdiction_path,
              ARRAY(SELECT s.id FROM unit s WHERE s.kind = 'jurisdiction'
                       AND s.path ~>=~ j.path AND s.path ~<~ (j.path || chr(1114111))) AS jurisdiction_ids,
              COALESCE((SELECT array_agg(lu.unit_id) FROM leader_unit lu WHERE lu.user_id = u.id), '{}') AS leader_unit_ids
         FROM app_user u JOIN unit un ON un.id = u.unit_id JOIN unit j ON j.id = un.jurisdiction_id
        WHERE u.id = $1 AND u.active AND u.token_version = $2`,
      [userId, tokenVersion],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      userId: r.id as string,
      username: r.username as string,
      displayName: r.display_name as string,
      role: r.role as UserRole,
      unitId: r.unit_id as string,
      unitName: r.unit_name as string,
      jurisdictionId: r.jurisdiction_id as string,
      jurisdictionPath: r.jurisdiction_path as string,
      jurisdictionIds: r.jurisdiction_ids as string[],
      leaderUnitIds: r.leader_unit_ids as string[],
    };
  }

  /** Returns the user id and token version when the password matches an active account. */
  async verifyCredentials(username: string, password: string): Promise<TokenSubject> {
    const user = await this.dataSource.getRepository(UserEntity).createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.tokenVersion']).where('u.username = :username AND u.active', { username }).getOne();
    // an unknown or inactive user name costs one argon2 verification too: the time taken must not tell them apart
    const matches = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNobody(password);
    if (!user || !matches) throw OrganisationErrors.badCredentials();
    return { userId: user.id, tokenVersion: user.tokenVersion };
  }

  async list(actor: Actor): Promise<UserView[]> {
    this.assertManager(actor);
    return this.query(actor.role === 'admin' ? null : actor.jurisdictionPath);
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    this.assertManager(actor);
    const [user] = await this.query(actor.role === 'admin' ? null : actor.jurisdictionPath, id);
    if (!user) throw OrganisationErrors.userNotFound(id);
    return user;
  }

  /** `actor` null means the system itself (CLI, first boot). */
  async create(actor: Actor | null, input: CreateUserInput): Promise<UserView> {
    if (actor) {
      this.assertManager(actor);
      if (input.role === 'admin' && actor.role !== 'admin') throw OrganisationErrors.adminOnly();
    }
    await this.assertUnitManageable(actor, input.unitId);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const result = await this.dataSource.getRepository(UserEntity).insert({
        username: input.username, displayName: input.displayName, passwordHash, role: input.role,
        unitId: input.unitId, email: input.email ?? null,
      });
      const id = result.identifiers[0].id as string;
      return (await this.query(null, id))[0];
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw OrganisationErrors.usernameTaken(input.username);
      throw err;
    }
  }

  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<UserView> {
    const current = await this.get(actor, id);
    if ((input.role === 'admin' || current.role === 'admin') && actor.role !== 'admin') throw OrganisationErrors.adminOnly();
    // nobody can lock themselves out of the administration by mistake
    if (id === actor.userId && (input.active === false || (input.role && input.role !== current.role))) {
      throw OrganisationErrors.selfLockout();
    }
    if (input.unitId) await this.assertUnitManageable(actor, input.unitId);
    const { password, ...fields } = input;
    const patch: QueryDeepPartialEntity<UserEntity> = { ...fields };
    if (password) patch.passwordHash = await this.hasher.hash(password);
    // these end every token the user holds at once, rather than when it expires
    if (password || (input.active !== undefined && input.active !== current.active) ||
      (input.role !== undefined && input.role !== current.role)) patch.tokenVersion = () => 'token_version + 1';
    await this.dataSource.transaction(async (em) => {
      if (Object.keys(patch).length) await em.update(UserEntity, { id }, patch);
      // a leader who is no longer a leader is in charge of nothing: stale rows would keep showing them tasks
      if (input.role && input.role !== 'leader' && current.role === 'leader') await em.delete(LeaderUnitEntity, { userId: id });
    });
    return (await this.query(null, id))[0];
  }

  /** Replaces the set of units a leader is in charge of; `actor` null means the system itself (CLI). */
  async setLeaderUnits(actor: Actor | null, id: string, unitIds: string[]): Promise<UserView> {
    const user = actor ? await this.get(actor, id) : (await this.query(null, id))[0];
    if (!user) throw OrganisationErrors.userNotFound(id);
    if (user.role !== 'leader') throw OrganisationErrors.leaderRoleRequired();
    for (const unitId of unitIds) await this.assertUnitManageable(actor, unitId);
    await this.dataSource.transaction(async (em) => {
      await em.delete(LeaderUnitEntity, { userId: id });
      if (unitIds.length) await em.insert(LeaderUnitEntity, [...new Set(unitIds)].map((unitId) => ({ userId: id, unitId })));
    });
    return (await this.query(null, id))[0];
  }

  /**
   * First boot from ADMIN_USERNAME/ADMIN_PASSWORD: creates the root jurisdiction "系统" and the admin when no admin
   * exists yet. Idempotent.
   */
  async ensureFirstAdmin(username: string, password: string): Promise<boolean> {
    const existing = await this.dataSource.getRepository(UserEntity).countBy({ role: 'admin' });
    if (existing > 0) return false;
    const unitId = await this.systemUnitId();
    await this.create(null, { username, displayName: '系统管理员', password, role: 'admin', unitId });
    this.logger.log({ username }, 'first admin created');
    return true;
  }

  /** The unit system administrators belong to, created on first use. */
  async systemUnitId(): Promise<string> {
    const repo = this.dataSource.getRepository(UnitEntity);
    const found = await repo.findOneBy({ code: 'SYSTEM' });
    if (found) return found.id;
    await this.dataSource.query(
      `INSERT INTO unit (id, code, name, kind, jurisdiction_id, path)
       SELECT g.id, 'SYSTEM', '系统管理', 'jurisdiction', g.id, g.id || '/' FROM (SELECT gen_random_uuid() AS id) g
       ON CONFLICT (code) DO NOTHING`,
    );
    return (await repo.findOneByOrFail({ code: 'SYSTEM' })).id;
  }

  private async query(subtreePath: string | null, id?: string): Promise<UserView[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (subtreePath) where.push(`un.path LIKE $${params.push(`${subtreePath}%`)}`);
    if (id) where.push(`u.id = $${params.push(id)}`);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name, u.email, u.active,
              u.created_at, u.updated_at,
              COALESCE((SELECT array_agg(lu.unit_id) FROM leader_unit lu WHERE lu.user_id = u.id), '{}') AS leader_unit_ids
         FROM app_user u JOIN unit un ON un.id = u.unit_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY un.path, u.username`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string, username: r.username as string, displayName: r.display_name as string,
      role: r.role as UserRole, unitId: r.unit_id as string, unitName: r.unit_name as string,
      email: (r.email as string | null) ?? null, active: r.active as boolean, createdAt: r.created_at as Date,
      updatedAt: r.updated_at as Date, leaderUnitIds: r.leader_unit_ids as string[],
    }));
  }

  private assertManager(actor: Actor): void {
    if (actor.role !== 'admin' && actor.role !== 'office') throw OrganisationErrors.forbidden();
  }

  private async assertUnitManageable(actor: Actor | null, unitId: string): Promise<void> {
    const unit = await this.dataSource.getRepository(UnitEntity).findOneBy({ id: unitId });
    if (!unit || (actor && actor.role !== 'admin' && !unit.path.startsWith(actor.jurisdictionPath))) {
      throw OrganisationErrors.unitNotFound(unitId);
    }
  }
}
