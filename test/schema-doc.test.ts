// docs/schema.md is what scripts/gen-schema-doc.mjs makes of migrations/ (a new migration, or a
// changed comment, without `npm run gen:schema-doc` fails here), and it documents every table,
// view and column of a recording trace-rec writes.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCwd, testEnv } from './support/paths.js';
import { query, runTraceRec } from './support/recording.js';

const doc = path.join(repoRoot, 'docs', 'schema.md');

describe('docs/schema.md', () => {
  it('is what the script generates from the migrations', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'gen-schema-doc.mjs'), '--stdout'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(doc, 'utf8')).toBe(r.stdout);
  });

  it("names every table, view and column of a recording, at the recording's schema version", () => {
    const run = runTraceRec(['/bin/true'], { env: testEnv(), cwd: runCwd() });
    expect(run.status).toBe(0);
    const text = readFileSync(doc, 'utf8');
    const [{ user_version: version }] = query<{ user_version: number }>(run.dbPath, 'PRAGMA user_version');
    expect(text).toContain(`Schema version ${version} `);
    const objects = query<{ name: string; type: string }>(run.dbPath, "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%'");
    expect(objects.map((o) => o.name)).toEqual(expect.arrayContaining(['syscall', 'import_problems', 'regs', 'stops', 'syscalls']));
    for (const o of objects) {
      const section = new RegExp(`^## ${o.name}\\n\\n${o.type === 'view' ? 'View' : 'Table'}\\.[^\\n]*\\n\\n((?:\\|[^\\n]*\\n)+)`, 'm').exec(text);
      expect(section, o.name).not.toBeNull();
      const documented = [...section![1].matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
      const columns = query<{ name: string }>(run.dbPath, `PRAGMA table_xinfo(${o.name})`).map((c) => c.name);
      expect(documented, o.name).toEqual(columns);
    }
  });
});
