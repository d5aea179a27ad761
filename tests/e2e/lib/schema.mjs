// The contract's JSON Schemas (schemas/) with ajv, for checking what the widget sends.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './browser.mjs';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const addFormats = addFormatsModule.default ?? addFormatsModule;

/** A validator for `schemas/<name>` (every schema is loaded, so references resolve). */
export function validator(name) {
  const dir = resolve(ROOT, 'schemas');
  const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(resolve(dir, file), 'utf8')), file);
  }
  return ajv.getSchema(name);
}
