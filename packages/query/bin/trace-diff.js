#!/usr/bin/env node
// CommonJS (bin/package.json): as an ES module this file would have Node set up its ES module
// loader before it loads trace-diff's bundle.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '../dist/bundle/start.cjs');
if (existsSync(bundle)) require(bundle).start('trace-diff');
else import('../dist/bin/trace-diff.js'); // a build by tsc alone
