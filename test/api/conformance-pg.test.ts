import { conformanceSuite } from './conformance/suite.ts';
import { postgres } from './engines.ts';

// The same suite on PostgreSQL, so the Kysely path runs end to end on both engines.
conformanceSuite(postgres);
