import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../store/migrator.js';
import { copySchemaTemplate, writeSchemaTemplate } from './schema-template.js';

describe('copySchemaTemplate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'schema-template-'));
  const template = path.join(dir, 'template.db');
  writeSchemaTemplate(template);

  it('copies a template at the schema version of the migrations', () => {
    const out = path.join(dir, 'new.db');
    writeFileSync(out, '');
    expect(copySchemaTemplate(out, template)).toBe(true);
    expect(readFileSync(out).equals(readFileSync(template))).toBe(true);
  });

  it('leaves the file empty when the template is of another version (a build older than its migrations) or missing', () => {
    const old = Buffer.from(readFileSync(template));
    old.writeUInt32BE(SCHEMA_VERSION - 1, 60);
    const oldFile = path.join(dir, 'old.db');
    writeFileSync(oldFile, old);
    const out = path.join(dir, 'new2.db');
    writeFileSync(out, '');
    expect(copySchemaTemplate(out, oldFile)).toBe(false);
    expect(copySchemaTemplate(out, path.join(dir, 'missing.db'))).toBe(false);
    expect(readFileSync(out).length).toBe(0);
  });
});
