import { after, before, describe } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';
import type { Engine } from '../engines.ts';
import { accountTests, keyTests } from './accounts-keys.ts';
import { applicationTests, numberTests } from './applications-numbers.ts';
import { callTests } from './calls.ts';
import { notificationTests } from './notifications.ts';
import { pagingTests } from './paging.ts';
import { recordingTests } from './recordings.ts';
import { sipTests } from './sip.ts';

/** Every implemented REST operation through the unmodified twilio SDK, on one platform per engine. */
export function conformanceSuite(engine: Engine): void {
  describe(`REST conformance through the twilio SDK (${engine.name})`, () => {
    let platform: TestPlatform | undefined;
    let cleanup: (() => Promise<void>) | undefined;
    before(async () => {
      const opened = await engine.open();
      cleanup = opened.cleanup;
      platform = await startTestPlatform(opened.storeUrl ? { storeUrl: opened.storeUrl } : {});
    });
    after(async () => {
      await platform?.close();
      await cleanup?.();
    });
    const get = (): TestPlatform => {
      if (!platform) throw new Error('platform not started');
      return platform;
    };
    describe('Accounts', () => accountTests(get));
    describe('Keys', () => keyTests(get));
    describe('Applications', () => applicationTests(get));
    describe('IncomingPhoneNumbers', () => numberTests(get));
    describe('Calls', () => callTests(get));
    describe('Paging', () => pagingTests(get));
    describe('Notifications', () => notificationTests(get));
    describe('Recordings', () => recordingTests(get));
    describe('SIP', () => sipTests(get));
  });
}
