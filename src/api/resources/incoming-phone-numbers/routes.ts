import { SwitchboardError } from '../../../core/index.ts';
import { newNumberRow, type IncomingNumberRow, type Store } from '../../../store/index.ts';
import { accountInScope } from '../../auth.ts';
import { str, type Params } from '../../params.ts';
import { scopedRoutes } from '../../scoped.ts';
import { defined, voiceColumns } from '../voice-params.ts';
import { presentNumber } from './presenter.ts';
import { createNumberParams, numberFilters, updateNumberParams } from './schema.ts';

async function checkApplication(store: Store, accountSid: string, sid: string | undefined): Promise<void> {
  if (sid && !(await store.applications.get({ sid, account_sid: accountSid }))) {
    throw new SwitchboardError(21218, `Invalid ApplicationSid: ${sid} is not an application of account ${accountSid}`);
  }
}

function numberColumns(p: Params) {
  return {
    ...voiceColumns(p),
    voice_application_sid: p.VoiceApplicationSid === undefined ? undefined : str(p, 'VoiceApplicationSid') || null,
    sms_application_sid: p.SmsApplicationSid === undefined ? undefined : str(p, 'SmsApplicationSid') || null,
    voice_receive_mode: str(p, 'VoiceReceiveMode'),
    trunk_sid: p.TrunkSid === undefined ? undefined : str(p, 'TrunkSid') || null,
  };
}

export const numberRoutes = scopedRoutes<IncomingNumberRow>({
  collection: 'IncomingPhoneNumbers',
  key: 'incoming_phone_numbers',
  prefix: 'PN',
  table: (store) => store.numbers,
  present: presentNumber,
  filters: numberFilters,
  create: {
    params: createNumberParams,
    async build(p, account, ctx) {
      const cols = defined(numberColumns(p));
      await checkApplication(ctx.deps.store, account.sid, cols.voice_application_sid ?? undefined);
      await checkApplication(ctx.deps.store, account.sid, cols.sms_application_sid ?? undefined);
      const row = newNumberRow({ accountSid: account.sid, phoneNumber: str(p, 'PhoneNumber') as string, now: ctx.deps.clock.now(), ...cols });
      return { row };
    },
    onConflict: (row) => new SwitchboardError(21422, `PhoneNumber ${row.phone_number} is unavailable: another account has it`),
  },
  update: {
    params: updateNumberParams,
    async patch(p, row, ctx) {
      const cols = defined(numberColumns(p));
      let accountSid = row.account_sid;
      const target = str(p, 'AccountSid');
      if (target) accountSid = (await accountInScope(ctx.deps.store, ctx.principal, target, `/2010-04-01/Accounts/${target}.json`)).sid;
      // A number that moves keeps its applications only if they belong to the new account too.
      const moving = accountSid !== row.account_sid;
      const voiceApp = cols.voice_application_sid === undefined && moving ? row.voice_application_sid : cols.voice_application_sid;
      const smsApp = cols.sms_application_sid === undefined && moving ? row.sms_application_sid : cols.sms_application_sid;
      await checkApplication(ctx.deps.store, accountSid, voiceApp ?? undefined);
      await checkApplication(ctx.deps.store, accountSid, smsApp ?? undefined);
      return { ...cols, account_sid: accountSid };
    },
  },
  remove: true,
});
