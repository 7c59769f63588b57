import { newSid } from '../../../core/index.ts';
import type { ApplicationRow } from '../../../store/index.ts';
import { bool01, str, url } from '../../params.ts';
import { scopedRoutes } from '../../scoped.ts';
import { defined, voiceColumns } from '../voice-params.ts';
import { presentApplication } from './presenter.ts';
import { applicationFilters, applicationParams } from './schema.ts';

const extraColumns = (p: Parameters<typeof voiceColumns>[0]) => ({
  api_version: str(p, 'ApiVersion'),
  sms_status_callback: url(p, 'SmsStatusCallback'),
  message_status_callback: url(p, 'MessageStatusCallback'),
  public_application_connect_enabled: bool01(p, 'PublicApplicationConnectEnabled'),
});

export const applicationRoutes = scopedRoutes<ApplicationRow>({
  collection: 'Applications',
  key: 'applications',
  prefix: 'AP',
  table: (store) => store.applications,
  present: presentApplication,
  filters: applicationFilters,
  create: {
    params: applicationParams,
    async build(p, account, ctx) {
      const now = ctx.deps.clock.now();
      const row: ApplicationRow = {
        sid: newSid('AP'), account_sid: account.sid, friendly_name: '', api_version: '2010-04-01',
        voice_url: null, voice_method: 'POST', voice_fallback_url: null, voice_fallback_method: 'POST',
        status_callback: null, status_callback_method: 'POST', voice_caller_id_lookup: 0,
        sms_url: null, sms_method: 'POST', sms_fallback_url: null, sms_fallback_method: 'POST',
        sms_status_callback: null, message_status_callback: null, public_application_connect_enabled: 1,
        date_created: now, date_updated: now,
        ...defined(voiceColumns(p)),
        ...defined(extraColumns(p)),
      };
      return { row };
    },
  },
  update: {
    params: applicationParams,
    async patch(p) {
      return defined({ ...voiceColumns(p), ...extraColumns(p) });
    },
  },
  remove: true,
});
