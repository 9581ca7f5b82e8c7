#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node
// CommonJS (bin/package.json): as an ES module this file would have Node set up its ES module
// loader before it loads trace-q's bundle. Node reads the file NODE_EXTRA_CA_CERTS names as it
// starts (30-40 ms where it is set) and trace-q makes no TLS connection: env unsets it.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '../dist/bundle/start.cjs');
if (existsSync(bundle)) require(bundle).start('trace-q');
else import('../dist/bin/trace-q.js'); // a build by tsc alone
