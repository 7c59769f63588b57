import { conformanceSuite } from './conformance/suite.ts';
import { sqlite } from './engines.ts';

conformanceSuite(sqlite);
