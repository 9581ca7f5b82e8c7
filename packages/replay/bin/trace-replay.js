#!/usr/bin/env node
// CommonJS (bin/package.json): as an ES module this file would have Node set up its ES module
// loader, ~15 ms, before trace-replay could start its replay thread.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '../dist/bundle/trace-replay-start.cjs');
if (existsSync(bundle)) require(bundle).start();
else import('../dist/bin/trace-replay.js'); // a build by tsc alone
