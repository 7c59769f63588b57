import { describe } from 'node:test';
import type { TestPlatform } from '../../support/platform.ts';
import { sipCredentialListTests, sipCredentialTests } from './sip-credentials.ts';
import { sipDomainTests, sipMappingTests } from './sip-domains.ts';

/** SIP domains, credential lists, credentials and their mappings (twilio-surface §2.10). */
export function sipTests(get: () => TestPlatform): void {
  describe('SIP Domains', () => sipDomainTests(get));
  describe('SIP CredentialLists', () => sipCredentialListTests(get));
  describe('SIP Credentials', () => sipCredentialTests(get));
  describe('SIP CredentialListMappings', () => sipMappingTests(get));
}
