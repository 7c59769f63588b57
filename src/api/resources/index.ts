import type { RouteDef } from '../context.ts';
import { accountRoutes } from './accounts/routes.ts';
import { applicationRoutes } from './applications/routes.ts';
import { callRoutes } from './calls/routes.ts';
import { numberRoutes } from './incoming-phone-numbers/routes.ts';
import { keyRoutes } from './keys/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { recordingRoutes } from './recordings/routes.ts';
import { sipResources } from './sip/index.ts';

/** Every REST resource of the 2010 voice API. A new resource is one folder and one line here. */
export const resources: Record<string, readonly RouteDef[]> = {
  accounts: accountRoutes,
  keys: keyRoutes,
  applications: applicationRoutes,
  incomingPhoneNumbers: numberRoutes,
  calls: callRoutes,
  notifications: notificationRoutes,
  recordings: recordingRoutes,
  ...sipResources,
};
