/**
 * The Teams side's settings, derived once from the config: which tenant is served, how tab
 * sign-in tokens are checked, and who the first managers are.
 */
import type { Config } from '../config';

export interface TeamsSettings {
  /** MicrosoftAppId, or '' in local mode (the adapter's proactive calls take it as is). */
  botAppId: string;
  /** The council's Microsoft 365 tenant; null = every tenant (local mode only). */
  tenantId: string | null;
  /** True in local mode with no tenant: anyone may try the app, and the first user becomes a manager. */
  openToAnyTenant: boolean;
  /** Accepted `aud` values of tab SSO tokens; empty = tab sign-in not set up. */
  ssoAudiences: string[];
  jwksUrl: string;
  /** Entra object ids that are always managers. */
  bootstrapManagers: string[];
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function teamsSettingsFrom(config: Config): TeamsSettings {
  const tenantId = (config.TEAMS_TENANT_ID ?? config.MicrosoftAppTenantId ?? '').toLowerCase() || null;
  const appId = config.MicrosoftAppId ?? '';
  const defaultAudiences = appId ? [...(config.PUBLIC_URL ? [`api://${new URL(config.PUBLIC_URL).host}/${appId}`] : []), appId] : [];
  return {
    botAppId: appId,
    tenantId,
    openToAnyTenant: config.localMode && !tenantId,
    ssoAudiences: config.TEAMS_SSO_AUDIENCE ? list(config.TEAMS_SSO_AUDIENCE) : defaultAudiences,
    jwksUrl: config.TEAMS_SSO_JWKS_URL ?? `https://login.microsoftonline.com/${tenantId ?? 'common'}/discovery/v2.0/keys`,
    bootstrapManagers: list(config.TEAMS_BOOTSTRAP_MANAGERS),
  };
}

/** Whether activities and tokens from `tenantId` are served. */
export function servesTenant(settings: Pick<TeamsSettings, 'tenantId' | 'openToAnyTenant'>, tenantId: string | null | undefined): boolean {
  if (settings.openToAnyTenant) return true;
  return !!tenantId && tenantId.toLowerCase() === settings.tenantId;
}
