#!/usr/bin/env node
// Launcher: loads the TypeScript CLI in this same process through tsx's loader, so signals
// (Ctrl-C, SIGTERM from a supervisor) reach the server directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
