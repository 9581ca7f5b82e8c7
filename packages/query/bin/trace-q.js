#!/usr/bin/env node
import { rawArgs } from "@tracedb/native/text";
import { loadMain } from "../dist/bundle/load-main.js";

const main = await loadMain("trace-q");
process.exitCode = await main(rawArgs());
