/**
 * Text commands to the staff bot, in a personal chat, a group chat or a channel (where the bot is
 * @mentioned; the mention is removed first). Case-insensitive: case <reference>, my cases,
 * overdue, roles, setup, grant/revoke <role> @person, help.
 */
import { CardFactory, MessageFactory, TeamsInfo, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { StaffRole, STAFF_ROLES } from '../../models/staffMember';
import type { CaseService, CaseSummary } from '../../services/cases';
import { caseListCard } from '../../services/teams/cards/listCards';
import type { CaseCards } from '../../services/teams/caseCards';
import { hasAnyRole, hasRole, StaffDirectory, StaffMember } from '../../services/teams/staffDirectory';
import type { TriageRegistry } from '../../services/teams/triageRegistry';
import { staffText } from '../../services/teams/wording';
import { channelDataOf, channelIdOf, staffIdentityOf, tenantOf } from './identity';

export type StaffCommand =
  | { kind: 'help' }
  | { kind: 'case'; reference: string | null }
  | { kind: 'mine' }
  | { kind: 'overdue' }
  | { kind: 'roles' }
  | { kind: 'setup' }
  | { kind: 'grant' | 'revoke'; role: StaffRole | null }
  | { kind: 'unknown' };

const REFERENCE = /^([a-z]{2,6})-(\d{4})-(\d{1,6})$/i;

/** "cmp-2026-12" → "CMP-2026-000012"; null when it isn't a reference. */
export function normaliseReference(text: string): string | null {
  const m = REFERENCE.exec(text.trim());
  return m ? `${m[1].toUpperCase()}-${m[2]}-${m[3].padStart(6, '0')}` : null;
}

/** Reads a command from message text whose bot mention is already removed. */
export function parseCommand(raw: string): StaffCommand {
  const text = raw
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\//, '')
    .toLowerCase();
  if (text === '' || text === 'help' || text === '?') return { kind: 'help' };
  if (text === 'my cases' || text === 'mine') return { kind: 'mine' };
  if (text === 'overdue') return { kind: 'overdue' };
  if (text === 'roles' || text === 'my roles' || text === 'whoami') return { kind: 'roles' };
  if (text === 'setup') return { kind: 'setup' };
  const words = text.split(' ');
  if (words[0] === 'case') return { kind: 'case', reference: words[1] ? normaliseReference(words[1]) : null };
  if (words[0] === 'grant' || words[0] === 'revoke') {
    const role = STAFF_ROLES.find((r) => r === words[1]) ?? null;
    return { kind: words[0], role };
  }
  const bare = normaliseReference(text);
  if (bare) return { kind: 'case', reference: bare };
  return { kind: 'unknown' };
}

export interface StaffCommandDeps {
  cases: CaseService;
  staff: StaffDirectory;
  registry: TriageRegistry;
  cards: CaseCards;
  councilName: string;
  logger: Logger;
}

const LIST_LIMIT = 10;

export class StaffCommands {
  constructor(private readonly deps: StaffCommandDeps) {}

  async handle(context: TurnContext): Promise<void> {
    const command = parseCommand(TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '');
    if (command.kind === 'help') {
      await context.sendActivity(staffText.help);
      return;
    }
    if (command.kind === 'unknown') {
      await context.sendActivity(staffText.notUnderstood);
      return;
    }
    const identity = staffIdentityOf(context.activity);
    const member = identity ? await this.deps.staff.resolve(identity) : null;
    if (command.kind === 'roles') {
      await context.sendActivity(staffText.yourRoles(member?.roles ?? []));
      return;
    }
    if (!hasAnyRole(member)) {
      await context.sendActivity(staffText.notStaff(this.deps.councilName));
      return;
    }
    switch (command.kind) {
      case 'case':
        return this.showCase(context, command.reference);
      case 'mine':
        return this.list(context, 'Your open cases', staffText.noCasesMine, await this.deps.cases.myCases(member.aadObjectId, { limit: 50 }));
      case 'overdue':
        return this.list(context, 'Overdue cases', staffText.noCasesOverdue, await this.deps.cases.overdue({ limit: 50 }));
      case 'setup':
        return this.setup(context, member);
      case 'grant':
      case 'revoke':
        return this.changeRole(context, member, command.kind, command.role);
    }
  }

  private async showCase(context: TurnContext, reference: string | null): Promise<void> {
    if (!reference) {
      await context.sendActivity(staffText.caseUsage);
      return;
    }
    const built = await this.deps.cards.forReference(reference);
    await context.sendActivity(built ? MessageFactory.attachment(CardFactory.adaptiveCard(built.card)) : staffText.noCase(reference));
  }

  private async list(context: TurnContext, title: string, empty: string, cases: CaseSummary[]): Promise<void> {
    const card = caseListCard({ title, empty, hint: staffText.listHint, cases: cases.slice(0, LIST_LIMIT), more: Math.max(0, cases.length - LIST_LIMIT) });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  private async setup(context: TurnContext, member: StaffMember): Promise<void> {
    if (!hasRole(member, 'manager')) {
      await context.sendActivity(staffText.managersOnly('choose the triage channel'));
      return;
    }
    const channelId = channelIdOf(context.activity);
    if (!channelId) {
      await context.sendActivity(staffText.setupInChannel);
      return;
    }
    const reference = TurnContext.getConversationReference(context.activity);
    const { activityId: _thread, ...channelReference } = reference;
    await this.deps.registry.setTriageChannel(
      {
        tenantId: tenantOf(context.activity),
        teamId: channelDataOf(context.activity).team?.id ?? null,
        channelId,
        reference: { ...channelReference, conversation: { ...reference.conversation!, id: channelId } } as never,
      },
      member.aadObjectId,
    );
    this.deps.logger.info({ by: member.aadObjectId }, 'teams: triage channel set');
    await context.sendActivity(staffText.setupDone);
  }

  private async changeRole(context: TurnContext, member: StaffMember, kind: 'grant' | 'revoke', role: StaffRole | null): Promise<void> {
    if (!hasRole(member, 'manager')) {
      await context.sendActivity(staffText.managersOnly('grant or remove roles'));
      return;
    }
    const mentioned = TurnContext.getMentions(context.activity).find((m) => m.mentioned?.id && m.mentioned.id !== context.activity.recipient?.id);
    if (!role || !mentioned) {
      await context.sendActivity(staffText.grantUsage);
      return;
    }
    let person: { aadObjectId?: string; name?: string } | undefined;
    try {
      person = await TeamsInfo.getMember(context, mentioned.mentioned.id);
    } catch {
      person = undefined;
    }
    if (!person?.aadObjectId) {
      await context.sendActivity(staffText.cannotFindPerson);
      return;
    }
    const name = person.name ?? mentioned.mentioned.name ?? 'That person';
    if (kind === 'grant') {
      await this.deps.staff.grant({ aadObjectId: person.aadObjectId, name, teamsUserId: mentioned.mentioned.id }, role);
      this.deps.logger.info({ by: member.aadObjectId, to: person.aadObjectId, role }, 'teams: role granted');
      await context.sendActivity(staffText.granted(name, role));
    } else {
      if (role === 'manager' && person.aadObjectId === member.aadObjectId) {
        await context.sendActivity(staffText.cannotRevokeOwnManager);
        return;
      }
      await this.deps.staff.revoke(person.aadObjectId, role);
      this.deps.logger.info({ by: member.aadObjectId, from: person.aadObjectId, role }, 'teams: role removed');
      await context.sendActivity(staffText.revoked(name, role));
    }
  }
}
