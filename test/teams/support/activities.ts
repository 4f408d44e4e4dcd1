/**
 * Teams activities as Teams posts them to /api/messages, after the payloads in Microsoft's docs
 * ("Conversation events in your Teams bot", "Universal Actions for Adaptive Cards", "Search
 * commands" and "installationUpdate"): ids 28:/29:/19:, aadObjectId on `from`, the tenant in
 * channelData and on the conversation.
 */
let n = 0;
const nextId = () => `f:${Date.now()}${++n}`;

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const OTHER_TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const BOT = { id: '28:f5d48856-5b42-41a0-8c3a-c5f944b679b0', name: 'Council Feedback' };
export const TEAM_ID = '19:efa9296d959346209fea44151c742e73@thread.tacv2';
export const TRIAGE_CHANNEL = '19:a1b2c3d4e5f60718293a4b5c6d7e8f90@thread.tacv2';

export interface Person {
  id: string;
  aadObjectId: string;
  name: string;
}

export const person = (name: string, aadObjectId: string): Person => ({ id: `29:1${aadObjectId.replace(/-/g, '')}`, aadObjectId, name });

interface Where {
  serviceUrl: string;
  tenant?: string;
  /** 'personal' (1:1 chat with the bot) or a channel id. */
  in?: 'personal' | string;
}

function conversationOf(w: Where, from: Person): Record<string, unknown> {
  const tenantId = w.tenant ?? TENANT;
  if (!w.in || w.in === 'personal') return { conversationType: 'personal', tenantId, id: `a:1personal-${from.aadObjectId}` };
  return { isGroup: true, conversationType: 'channel', tenantId, id: w.in };
}

function channelDataOf(w: Where): Record<string, unknown> {
  const tenant = { id: w.tenant ?? TENANT };
  if (!w.in || w.in === 'personal') return { tenant };
  const channel = w.in.split(';')[0];
  return { teamsChannelId: channel, teamsTeamId: TEAM_ID, channel: { id: channel }, team: { id: TEAM_ID }, tenant };
}

/** What every activity from Teams carries: ids, time, where it came from and who sent it. */
function envelope(w: { serviceUrl: string }, from: Record<string, unknown>, conversation: Record<string, unknown>, id = nextId()): Record<string, unknown> {
  return { id, timestamp: new Date().toISOString(), channelId: 'msteams', serviceUrl: w.serviceUrl, from, conversation, recipient: BOT };
}

const sender = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });
const teamConversation = (w: { tenant?: string }) => ({ isGroup: true, conversationType: 'channel', tenantId: w.tenant ?? TENANT, id: TEAM_ID });

/** A message to the bot; in a channel the text starts with the bot's <at> mention, as Teams sends it. */
export function message(w: Where, from: Person, text: string, extra: { mentions?: Person[] } = {}): Record<string, unknown> {
  const inChannel = !!w.in && w.in !== 'personal';
  const mentions = [...(inChannel ? [{ id: BOT.id, name: BOT.name }] : []), ...(extra.mentions ?? [])];
  return {
    ...envelope(w, sender(from), conversationOf(w, from)),
    type: 'message',
    localTimestamp: new Date().toISOString(),
    textFormat: 'plain',
    locale: 'en-GB',
    text: `${inChannel ? `<at>${BOT.name}</at> ` : ''}${text}`,
    entities: [
      ...mentions.map((m) => ({ type: 'mention', mentioned: { id: m.id, name: m.name }, text: `<at>${m.name}</at>` })),
      { type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/London' },
    ],
    channelData: channelDataOf(w),
  };
}

/** conversationUpdate when the bot is added to a team (sent in the team's General channel). */
export function botAddedToTeam(w: { serviceUrl: string; tenant?: string }, by: Person): Record<string, unknown> {
  return {
    ...envelope(w, { id: by.id, aadObjectId: by.aadObjectId }, teamConversation(w)),
    membersAdded: [{ id: BOT.id }],
    type: 'conversationUpdate',
    channelData: { team: { id: TEAM_ID, name: 'Complaints', aadGroupId: 'b1d0a7f7-0000-4000-8000-000000000001' }, eventType: 'teamMemberAdded', tenant: { id: w.tenant ?? TENANT } },
  };
}

/** installationUpdate "add" in a team, with the channel chosen during installation. */
export function installedInTeam(w: { serviceUrl: string; tenant?: string; selectedChannel: string }, by: Person): Record<string, unknown> {
  return {
    ...envelope(w, { id: by.id, aadObjectId: by.aadObjectId }, teamConversation(w)),
    action: 'add',
    type: 'installationUpdate',
    entities: [{ locale: 'en-GB', country: 'GB', platform: 'Web', type: 'clientInfo' }],
    channelData: {
      settings: { selectedChannel: { id: w.selectedChannel } },
      channel: { id: TEAM_ID },
      team: { id: TEAM_ID, name: 'Complaints', aadGroupId: 'b1d0a7f7-0000-4000-8000-000000000001' },
      tenant: { id: w.tenant ?? TENANT },
      source: { name: 'message' },
    },
    locale: 'en-GB',
  };
}

/** adaptiveCard/action: a press of an Action.Execute button (inputs merged into data). `id` repeats for a retry. */
export function cardAction(w: Where, from: Person, verb: string, data: Record<string, unknown>, opts: { id?: string; trigger?: 'manual' | 'automatic' } = {}): Record<string, unknown> {
  return {
    ...envelope(w, sender(from), conversationOf(w, from), opts.id),
    type: 'invoke',
    name: 'adaptiveCard/action',
    locale: 'en-GB',
    value: { action: { type: 'Action.Execute', id: `action-${verb}`, verb, data }, trigger: opts.trigger ?? 'manual' },
    channelData: { ...channelDataOf(w), source: { name: 'message' }, legacy: { replyToId: '1:abc' } },
  };
}

/** composeExtension/query from the search message extension. */
export function searchQuery(w: Where, from: Person, parameters: Array<{ name: string; value: string }>, commandId = 'searchCases'): Record<string, unknown> {
  return {
    ...envelope(w, sender(from), conversationOf(w, from)),
    type: 'invoke',
    name: 'composeExtension/query',
    locale: 'en-GB',
    value: { commandId, parameters, queryOptions: { skip: 0, count: 25 } },
    channelData: { ...channelDataOf(w), source: { name: 'compose' } },
  };
}

export async function post(botUrl: string, activity: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
