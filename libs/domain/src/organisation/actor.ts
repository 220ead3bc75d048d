import type { UserRole } from '@app/database';

/** The authenticated user as the domain sees it: who, in which unit, and what they are in charge of. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: UserRole;
  unitId: string;
  unitName: string;
  jurisdictionId: string;
  /** path of the actor's jurisdiction unit; its subtree is every unit whose path starts with it */
  jurisdictionPath: string;
  /** the actor's jurisdiction and every jurisdiction below it (a city office sees its counties) */
  jurisdictionIds: string[];
  leaderUnitIds: string[];
}

export const isOfficeLike = (actor: Actor) => actor.role === 'admin' || actor.role === 'office';
