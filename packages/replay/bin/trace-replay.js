#!/usr/bin/env node
import "../dist/bin/trace-replay.js";
