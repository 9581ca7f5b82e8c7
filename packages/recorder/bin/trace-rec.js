#!/usr/bin/env node
import "../dist/bin/trace-rec.js";
