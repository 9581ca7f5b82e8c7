#!/usr/bin/env node
import { loadMain } from "../dist/bundle/load-main.js";

const main = await loadMain("trace-q");
process.exitCode = await main(process.argv.slice(2));
