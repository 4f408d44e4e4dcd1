/** The token from an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,4096})\s*$/i.exec(value ?? '');
  return m?.[1];
}
