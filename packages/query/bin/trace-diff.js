#!/usr/bin/env node
import "../dist/bin/trace-diff.js";
