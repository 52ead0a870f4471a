#!/usr/bin/env node
// The `nnft` command: runs the built CLI (dist/cli/main.js; `npm run build` makes it).
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
// Let stdout and stderr drain (pipes may be asynchronous), then exit even if a handle lingers.
await new Promise((resolve) => process.stdout.write('', resolve));
await new Promise((resolve) => process.stderr.write('', resolve));
process.exit(code);
