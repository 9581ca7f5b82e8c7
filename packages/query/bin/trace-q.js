#!/usr/bin/env node
import "../dist/bin/trace-q.js";
