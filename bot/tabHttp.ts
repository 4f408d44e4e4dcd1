/** Small HTTP helpers shared by the tab's API routes (bot/tabRoutes.ts, bot/governanceRoutes.ts). */
import type { Request, Response } from 'restify';
import type { StaffRole } from '../models/staffMember';
import type { StaffMember } from '../services/teams/staffDirectory';
import { z } from 'zod';
import type { Readable } from 'node:stream';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A handler's answer that is a file to download (CSV, JSON export) rather than a JSON reply. */
export class FileReply {
  constructor(
    readonly contentType: string,
    readonly filename: string,
    readonly body: string,
  ) {}
}

/** A handler's answer that is a stored file streamed to the browser (evidence), never held whole in memory. */
export class StreamReply {
  constructor(
    readonly contentType: string,
    readonly filename: string,
    readonly size: number,
    readonly stream: Readable,
  ) {}
}

/** An empty query parameter means "not given" (a form's "Any" option). */
export const blank = (v: unknown) => (v === '' ? undefined : v);

export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams.entries());
}

export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, r.error.issues.map((i) => `${i.path.join('.') || 'request'} ${i.message}`).join('; '));
  return r.data;
}

/** Wraps a handler with the token check and a role (see mountTab). */
export type TabApi = (need: 'staff' | StaffRole, fn: (req: Request, me: StaffMember) => Promise<unknown>) => (req: Request, res: Response) => Promise<void>;
