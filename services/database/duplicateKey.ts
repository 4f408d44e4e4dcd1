/** True for MongoDB's (and FerretDB's) duplicate-key error: the insert that lost a race. */
export const isDuplicateKey = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
