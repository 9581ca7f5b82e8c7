#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node
// CommonJS (bin/package.json): as an ES module this file would have Node set up its ES module
// loader, ~15 ms, before trace-replay could start its replay thread. Node reads the file
// NODE_EXTRA_CA_CERTS names as it starts (30-40 ms where it is set) and trace-replay makes no TLS
// connection (a program it runs gets its recorded environment): env unsets it.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '../dist/bundle/trace-replay-start.cjs');
if (existsSync(bundle)) require(bundle).start();
else import('../dist/bin/trace-replay.js'); // a build by tsc alone
