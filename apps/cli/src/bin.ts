#!/usr/bin/env node
/**
 * The `zcc-sms` executable. Node 24 runs this TypeScript file directly (type stripping).
 */
import { processIo } from './io.ts';
import { main } from './main.ts';

const code = await main(process.argv.slice(2), processIo());
// Let stdout drain (a pipe may still hold data) before exiting with the command's code.
process.exitCode = code;
if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => process.exit(code));
else process.exit(code);
