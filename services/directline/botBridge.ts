/**
 * Hands Direct Line activities to the bot in-process, through the same CloudAdapter that serves
 * /api/messages, one turn at a time per conversation (so conversation state is never written by
 * two turns at once). The bot's replies travel the normal Bot Framework way: the adapter POSTs
 * them to the activity's serviceUrl, which is our own Bot Connector endpoint; they carry our
 * connector token, so that endpoint knows they came from this bot.
 *
 * The activity was authenticated by our own token already, so the adapter is given the
 * authentication result directly instead of a channel's JWT (there is none for a self-hosted channel).
 */
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import type { Logger } from 'pino';
import type { DirectLineTokens } from './tokens';

type Credentials = ConstructorParameters<typeof ConnectorClient>[0];

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export class QueueFullError extends Error {
  constructor() {
    super('Too many messages are waiting for an answer in this conversation. Please wait a moment.');
    this.name = 'QueueFullError';
  }
}

/**
 * Gives the adapter ConnectorClients that sign requests with our connector token. `reach` maps a
 * serviceUrl to where this process sends the request: behind a load balancer the activities carry
 * the public address (PUBLIC_URL, the same on every instance, so a reference stored by one works
 * on all), while this process's replies go straight to itself.
 */
export class SelfConnectorFactory extends ConnectorFactory {
  private readonly clients = new Map<string, ConnectorClient>();

  constructor(
    private readonly tokens: DirectLineTokens,
    private readonly reach: (serviceUrl: string) => string = (url) => url,
  ) {
    super();
  }

  async create(serviceUrl: string): Promise<ConnectorClient> {
    let client = this.clients.get(serviceUrl);
    if (!client) {
      const tokens = this.tokens;
      const credentials: Credentials = {
        async signRequest(request) {
          request.headers.set('authorization', `Bearer ${await tokens.connector()}`);
          return request;
        },
      };
      client = new ConnectorClient(credentials, { baseUri: this.reach(serviceUrl) });
      this.clients.set(serviceUrl, client);
    }
    return client;
  }
}

const MAX_WAITING_PER_CONVERSATION = 10;
/**
 * Turns running at once across all conversations. A turn mostly waits on the database; past a
 * few dozen at once more only add memory (each holds its dialog state and buffers) and contend
 * for the same database, so the rest wait their turn here, in order.
 */
const DEFAULT_MAX_CONCURRENT_TURNS = 24;

/** A counting semaphore: at most `limit` holders, the rest queued first come, first served. */
class Slots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.used >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.used++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next turn
      else this.used--;
    }
  }
}

export class BotBridge {
  private readonly queues = new Map<string, { tail: Promise<void>; waiting: number }>();
  /** Signs the bot's requests to our own Bot Connector endpoint; proactive sends use it too. */
  readonly factory: SelfConnectorFactory;
  private readonly slots: Slots;
  private inFlight = 0;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly bot: TurnRunner,
    tokens: DirectLineTokens,
    private readonly botAppId: string | undefined,
    private readonly logger: Logger,
    maxConcurrentTurns = DEFAULT_MAX_CONCURRENT_TURNS,
    reach?: (serviceUrl: string) => string,
  ) {
    this.factory = new SelfConnectorFactory(tokens, reach);
    this.slots = new Slots(maxConcurrentTurns);
  }

  /** Whether another turn may queue for this conversation. */
  hasRoom(conversationId: string): boolean {
    return (this.queues.get(conversationId)?.waiting ?? 0) < MAX_WAITING_PER_CONVERSATION;
  }

  /** Runs the bot's turn for `activity` after the conversation's earlier turns; resolves when it ends. */
  deliver(activity: Partial<Activity> & { conversation: { id: string } }): Promise<void> {
    const key = activity.conversation.id;
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (queue.waiting >= MAX_WAITING_PER_CONVERSATION) return Promise.reject(new QueueFullError());
    queue.waiting++;
    this.inFlight++;
    const turn = queue.tail.then(() => this.slots.run(() => this.runTurn(activity as Activity)));
    queue.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, queue);
    void queue.tail.then(() => {
      queue.waiting--;
      this.inFlight--;
      if (queue.waiting === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    });
    return turn;
  }

  private async runTurn(activity: Activity): Promise<void> {
    const appId = this.botAppId ?? '';
    const claims = appId
      ? [
          { type: AuthenticationConstants.AudienceClaim, value: appId },
          { type: AuthenticationConstants.AppIdClaim, value: appId },
        ]
      : [];
    try {
      await this.adapter.processActivityDirect(
        {
          audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
          claimsIdentity: new ClaimsIdentity(claims, true),
          connectorFactory: this.factory,
        },
        activity,
        (context) => this.bot.run(context),
      );
    } catch (err) {
      // Ids only: never the text.
      this.logger.error({ err: (err as Error).message.split('\n')[0] }, 'direct line turn failed');
      throw err;
    }
  }

  turnsInFlight(): number {
    return this.inFlight;
  }

  /** Waits (up to timeoutMs) for every queued turn to finish. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    if (this.inFlight > 0) this.logger.warn({ inFlight: this.inFlight }, 'direct line: shutting down with turns still running');
  }
}
