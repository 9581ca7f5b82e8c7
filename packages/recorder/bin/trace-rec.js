#!/usr/bin/env node
// CommonJS (bin/package.json): as an ES module this file would have Node set up its ES module
// loader, ~15 ms, before trace-rec could start its tracing thread.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '../dist/bundle/trace-rec-start.cjs');
if (existsSync(bundle)) require(bundle).start();
else import('../dist/bin/trace-rec.js'); // a build by tsc alone
