import type { RouteDef } from '../../context.ts';
import { sipCredentialListRoutes } from './credential-lists/routes.ts';
import { sipCredentialRoutes } from './credentials/routes.ts';
import { sipDomainRoutes } from './domains/routes.ts';
import { sipMappingRoutes } from './mappings/routes.ts';

/** The SIP endpoint resources (twilio-surface §2.10), one folder each. */
export const sipResources: Record<string, readonly RouteDef[]> = {
  sipDomains: sipDomainRoutes,
  sipCredentialLists: sipCredentialListRoutes,
  sipCredentials: sipCredentialRoutes,
  sipMappings: sipMappingRoutes,
};
