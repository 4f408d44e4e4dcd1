/**
 * Who is staff, with which roles (triage, investigator, reviewer, manager), kept in MongoDB.
 * The bot (by the sender's aadObjectId) and the tab (by the token's oid) both ask here.
 *
 * Getting the first manager: Entra object ids listed in TEAMS_BOOTSTRAP_MANAGERS are managers;
 * in local mode with no tenant, the first person to use the app becomes one (decided by inserting
 * a claim with a unique id, the one compare-and-set FerretDB 1.x offers).
 */
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { StaffMemberDoc, StaffRole, staffMemberId, staffMemberModel } from '../../models/staffMember';
import { teamsClaimModel, TeamsClaimDoc } from '../../models/teamsChannels';
import type { StaffRef } from '../../models/caseRecord';
import { isDuplicateKey } from '../database/duplicateKey';

export interface StaffIdentity {
  aadObjectId: string;
  name: string;
  /** "29:…" in Teams; unknown for a tab sign-in. */
  teamsUserId?: string;
}

export interface StaffMember {
  aadObjectId: string;
  name: string;
  roles: StaffRole[];
  teamsUserId: string | null;
}

export interface StaffDirectoryOptions {
  connection: Connection;
  council: string;
  logger: Logger;
  bootstrapManagers?: string[];
  /** Local mode with no tenant: the first person to use the app becomes a manager. */
  firstUserBecomesManager?: boolean;
}

const toMember = (d: StaffMemberDoc): StaffMember => ({ aadObjectId: d.aadObjectId, name: d.name, roles: d.roles, teamsUserId: d.teamsUserId ?? null });

export class StaffDirectory {
  private readonly members: Model<StaffMemberDoc>;
  private readonly claims: Model<TeamsClaimDoc>;

  constructor(private readonly opts: StaffDirectoryOptions) {
    this.members = staffMemberModel(opts.connection);
    this.claims = teamsClaimModel(opts.connection);
  }

  async get(aadObjectId: string): Promise<StaffMember | null> {
    const doc = await this.members.findById(staffMemberId(this.opts.council, aadObjectId)).lean<StaffMemberDoc>().exec();
    return doc ? toMember(doc) : null;
  }

  /**
   * The person as staff (roles may be empty), after applying the bootstrap rules and remembering
   * their current name and Teams user id.
   */
  async resolve(identity: StaffIdentity): Promise<StaffMember> {
    let member = await this.get(identity.aadObjectId);
    if (this.opts.bootstrapManagers?.includes(identity.aadObjectId) && !member?.roles.includes('manager')) {
      member = await this.grant(identity, 'manager');
    } else if (this.opts.firstUserBecomesManager && !member?.roles.includes('manager') && (await this.claimFirstManager(identity.aadObjectId))) {
      this.opts.logger.warn({ council: this.opts.council }, 'LOCAL MODE: the first member of staff to use the Teams app was made a manager. Configure TEAMS_TENANT_ID and roles before production.');
      member = await this.grant(identity, 'manager');
    }
    if (!member) return { aadObjectId: identity.aadObjectId, name: identity.name, roles: [], teamsUserId: identity.teamsUserId ?? null };
    const changes: Partial<StaffMemberDoc> = {};
    if (identity.teamsUserId && identity.teamsUserId !== member.teamsUserId) changes.teamsUserId = identity.teamsUserId;
    if (identity.name && identity.name !== member.name) changes.name = identity.name;
    if (Object.keys(changes).length > 0) {
      await this.members.updateOne({ _id: staffMemberId(this.opts.council, identity.aadObjectId) }, { $set: { ...changes, updatedAt: new Date() } }).exec();
      member = { ...member, ...changes } as StaffMember;
    }
    return member;
  }

  private async claimFirstManager(aadObjectId: string): Promise<boolean> {
    try {
      await this.claims.create({ _id: `first-manager|${this.opts.council}`, by: aadObjectId, at: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Adds a role (creating the member if new). Returns the member as now stored. */
  async grant(identity: StaffIdentity, role: StaffRole): Promise<StaffMember> {
    const _id = staffMemberId(this.opts.council, identity.aadObjectId);
    const now = new Date();
    try {
      await this.members.create({
        _id,
        council: this.opts.council,
        aadObjectId: identity.aadObjectId,
        name: identity.name,
        roles: [role],
        teamsUserId: identity.teamsUserId ?? null,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await this.members.updateOne({ _id }, { $addToSet: { roles: role }, $set: { updatedAt: now } }).exec();
    }
    return (await this.get(identity.aadObjectId))!;
  }

  async revoke(aadObjectId: string, role: StaffRole): Promise<StaffMember | null> {
    await this.members.updateOne({ _id: staffMemberId(this.opts.council, aadObjectId) }, { $pull: { roles: role }, $set: { updatedAt: new Date() } }).exec();
    return this.get(aadObjectId);
  }

  /** Everyone with at least one role (a council's staff list is small). */
  async all(): Promise<StaffMember[]> {
    const docs = await this.members.find({ council: this.opts.council }).sort({ name: 1 }).lean<StaffMemberDoc[]>().exec();
    return docs.map(toMember).filter((m) => m.roles.length > 0);
  }

  async withRole(role: StaffRole): Promise<StaffMember[]> {
    return (await this.all()).filter((m) => m.roles.includes(role));
  }
}

export const hasAnyRole = (m: StaffMember | null | undefined): m is StaffMember => !!m && m.roles.length > 0;
export const hasRole = (m: StaffMember | null | undefined, role: StaffRole) => !!m && m.roles.includes(role);
export const staffRef = (m: Pick<StaffMember, 'aadObjectId' | 'name'>): StaffRef => ({ id: m.aadObjectId, name: m.name });
