#!/usr/bin/env node
import { runSandboxCli } from './cli.ts';

process.exitCode = await runSandboxCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
