// The JSON Schemas in schemas/ against the examples, hand-made negative cases and, above all,
// the real `prequal` binary: every line the CLI prints must validate against its schema, and
// every reason code it emits must be in schemas/reason-codes.json.
//
//   node --test tests/schemas.test.mjs            (from the repository root)
//   UPDATE_EXAMPLES=1 node --test tests/schemas.test.mjs   rewrites schemas/examples/verdict.json
//                                                           and quote.json from the CLI
//
// The binary is target/debug/prequal (PREQUAL_BIN overrides); it is built first when missing.
// It builds the CLI first (a no-op when nothing changed). No network; a few seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const addFormats = addFormatsModule.default ?? addFormatsModule;

const ROOT = resolve(import.meta.dirname, '..');
const SCHEMAS = resolve(ROOT, 'schemas');
const EXAMPLES = resolve(SCHEMAS, 'examples');
const BIN = resolve(ROOT, process.env.PREQUAL_BIN ?? 'target/debug/prequal');
const BASE = 'https://prequal.example/schemas/';
const TODAY = '2026-11-24';

// ---------------------------------------------------------------------------------------------
// Schemas

const schemaFiles = readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')).sort();
const schemas = Object.fromEntries(
  schemaFiles.map((f) => [f, JSON.parse(readFileSync(resolve(SCHEMAS, f), 'utf8'))]),
);

function newAjv(docs) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const doc of docs) ajv.addSchema(doc);
  return ajv;
}

const ajv = newAjv(Object.values(schemas));

/** The validator of `name` (`verdict`, `quote#/$defs/error`…). */
function validator(name, instance = ajv) {
  const [file, pointer] = name.split('#');
  const v = instance.getSchema(`${BASE}${file}.json${pointer ? `#${pointer}` : ''}`);
  assert.ok(v, `no schema ${name}`);
  return v;
}

function assertValid(name, data, label = name, instance = ajv) {
  const v = validator(name, instance);
  const ok = v(data);
  assert.ok(
    ok,
    `${label} does not validate against ${name}: ${instance.errorsText(v.errors, { separator: '\n  ' })}\n` +
      `  data: ${JSON.stringify(data).slice(0, 400)}`,
  );
}

/** Asserts `data` is invalid against `name`, with an error at `path` (a JSON pointer). */
function assertInvalid(name, data, path, label) {
  const v = validator(name);
  assert.equal(v(data), false, `${label}: expected ${name} to reject it`);
  if (path !== undefined) {
    const paths = v.errors.map((e) => e.instancePath);
    assert.ok(paths.includes(path), `${label}: no error at ${path}, errors at ${paths.join(', ')}`);
  }
}

/**
 * The same schemas with every `"type": "object"` that lists its `properties` closed
 * (`unevaluatedProperties: false`): what the CLI prints must be documented field by field.
 * The published schemas stay open, since the contract grows by new optional fields.
 */
function closed(node) {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // `examples`, `enum`, `const`, `default` hold data, not schemas.
    out[k] = ['examples', 'enum', 'const', 'default'].includes(k) ? v : closed(v);
  }
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (isObject && out.properties && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) {
    out.unevaluatedProperties = false;
  }
  return out;
}

const closedAjv = newAjv(Object.values(schemas).map(closed));

const clone = (x) => structuredClone(x);
const example = (name) => JSON.parse(readFileSync(resolve(EXAMPLES, name), 'utf8'));

// ---------------------------------------------------------------------------------------------
// The CLI

function ensureBinary() {
  // Always: cargo is quick when nothing changed, and a stale binary would test old sources.
  if (!process.env.PREQUAL_BIN) {
    execFileSync('cargo', ['build', '-q', '-p', 'prequal-cli'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 15 * 60 * 1000,
    });
  }
  assert.ok(existsSync(BIN), `${BIN} is missing after cargo build`);
}

/** Runs `prequal args…` with `input` on stdin: exit status, stdout as parsed JSON lines, stderr. */
function prequal(args, input = '') {
  ensureBinary();
  const r = spawnSync(BIN, args, { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        assert.fail(`prequal ${args.join(' ')} printed a line that is not JSON: ${l}`);
      }
    });
  return { status: r.status, lines, stdout: r.stdout, stderr: r.stderr };
}

/** Every reason code the CLI has printed during this run, with where it was seen. */
const emitted = new Map();
function collectCodes(value, where) {
  const visit = (node, path) => {
    if (Array.isArray(node)) return node.forEach((x, i) => visit(x, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'code' && typeof v === 'string') {
        if (!emitted.has(v)) emitted.set(v, `${where} ${path}.code`);
      } else {
        visit(v, `${path}.${k}`);
      }
    }
  };
  visit(value, '');
}

/** `prequal check` on applications (objects are written as one JSON line each). */
function check(apps, args = []) {
  const input = apps.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join('\n') + '\n';
  const r = prequal(['check', '--today', TODAY, ...args], input);
  r.lines.forEach((line, i) => {
    assertValid('check-line', line, `check output line ${i + 1}`);
    assertValid('check-line', line, `check output line ${i + 1} (every field documented)`, closedAjv);
    if (!line.error) assertValid('verdict', line, `check output line ${i + 1}`);
    collectCodes(line, `check line ${i + 1}`);
  });
  return r;
}

function quote(args) {
  const r = prequal(['quote', ...args, '--today', TODAY]);
  assert.equal(r.lines.length, 1, `quote ${args.join(' ')} prints one line`);
  collectCodes(r.lines[0], `quote ${args.join(' ')}`);
  return r;
}

function validate(kind, values, extra = []) {
  const r = prequal(['validate', kind, ...values, '--today', TODAY, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  r.lines.forEach((line, i) => {
    assertValid('validate-line', line, `validate ${kind} line ${i + 1}`);
    assertValid('validate-line', line, `validate ${kind} line ${i + 1} (every field documented)`, closedAjv);
    collectCodes(line, `validate ${kind}`);
  });
  return r;
}

const verdictCodes = (v) => [...v.problems, ...v.offers.flatMap((o) => o.problems)].map((p) => p.code);

// ---------------------------------------------------------------------------------------------
// The schemas themselves

test('every schema is draft 2020-12, has its $id, title and description, and compiles in strict mode', () => {
  const expected = [
    'application-status.schema.json',
    'application.schema.json',
    'check-line.schema.json',
    'config.schema.json',
    'problem.schema.json',
    'quote.schema.json',
    'reason-codes.json',
    'validate-line.schema.json',
    'verdict.schema.json',
  ];
  for (const f of expected) assert.ok(schemaFiles.includes(f), `schemas/${f} is missing`);
  for (const [file, schema] of Object.entries(schemas)) {
    const name = file.replace(/\.schema\.json$|\.json$/, '');
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', file);
    assert.equal(schema.$id, `${BASE}${name}.json`, file);
    assert.ok(schema.title && schema.description, `${file}: title and description`);
    assert.ok(ajv.validateSchema(schema), `${file}: ${ajv.errorsText(ajv.errors)}`);
    assert.doesNotThrow(() => validator(name), file);
    assert.doesNotThrow(() => validator(name, closedAjv), `${file} (closed)`);
  }
});

test('the examples and each schema\'s own examples validate', () => {
  assertValid('application', example('application.json'), 'examples/application.json');
  assertValid('config', example('config.json'), 'examples/config.json');
  assertValid('verdict', example('verdict.json'), 'examples/verdict.json');
  assertValid('check-line', example('verdict.json'), 'examples/verdict.json');
  assertValid('quote', example('quote.json'), 'examples/quote.json');
  const demo = JSON.parse(readFileSync(resolve(ROOT, 'crates/rules/src/demo_config.json'), 'utf8'));
  assertValid('config', demo, 'the built-in demo configuration');
  for (const [file, schema] of Object.entries(schemas)) {
    const name = file.replace(/\.schema\.json$|\.json$/, '');
    for (const [i, ex] of (schema.examples ?? []).entries()) assertValid(name, ex, `${file} examples[${i}]`);
  }
});

test('unknown fields are ignored on input; optional fields may be absent, null or blank', () => {
  const app = clone(example('application.json'));
  app.extra = { anything: 1 };
  app.applicant.middle_name_latin = 'x';
  assertValid('application', app, 'an application with unknown fields');

  const minimal = clone(example('application.json'));
  for (const k of ['applied_at', 'locale', 'offer_id', 'tracking']) delete minimal[k];
  for (const k of ['patronymic', 'email', 'inn', 'snils']) delete minimal.applicant[k];
  assertValid('application', minimal, 'an application without its optional fields');

  const blanks = clone(example('application.json'));
  Object.assign(blanks.applicant, { patronymic: '', email: ' ', inn: null, snils: '' });
  blanks.tracking = null;
  assertValid('application', blanks, 'an application with blank optional fields');

  const config = clone(example('config.json'));
  config.extra = true;
  config.offers[0].future_option = { x: 1 };
  delete config.policy;
  assertValid('config', config, 'a configuration with unknown fields and no policy');
});

// The identifier vector files of the rules engine (crates/rules/tests/vectors/*.txt, grammar in
// crates/rules/tests/ident_vectors.rs): each value and whether the rules accept it.
function vectors(file) {
  const out = [];
  let valid = null;
  const text = readFileSync(resolve(ROOT, 'crates/rules/tests/vectors', file), 'utf8');
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '# valid') valid = true;
    else if (line.startsWith('# invalid ')) valid = false;
    if (!line || line.startsWith('#')) continue;
    const quoted = line.match(/^"(.*)"(.*)$/);
    const [value, rest] = quoted ? [quoted[1], quoted[2]] : [line.split(' => ')[0].trim(), line.slice(line.split(' => ')[0].length)];
    const override = rest.match(/=> (valid|invalid)\b/);
    out.push({ value, valid: override ? override[1] === 'valid' : valid });
  }
  return out;
}

test('the schema\'s patterns take every identifier the rules accept; the e-mail one refuses what they refuse', () => {
  const app = schemas['application.schema.json'];
  const applicant = app.properties.applicant.properties;
  const pattern = (p) => new RegExp(p, 'u');
  const patterns = {
    'inn.txt': pattern(app.$defs.optional_digits.pattern),
    'snils.txt': pattern(app.$defs.optional_digits.pattern),
    'passport.txt': pattern(app.$defs.digits.pattern),
    'issuer_code.txt': pattern(app.$defs.digits.pattern),
    'phone.txt': pattern(applicant.phone.pattern),
    'email.txt': pattern(applicant.email.pattern),
  };
  for (const [file, re] of Object.entries(patterns)) {
    const cases = vectors(file);
    assert.ok(cases.length > 10, file);
    for (const { value, valid } of cases) {
      if (valid) assert.ok(re.test(value), `${file}: the rules accept ${JSON.stringify(value)}, the schema does not`);
    }
  }
  // The e-mail pattern is the rules' check but for the total length (254) and blank (no address).
  for (const { value, valid } of vectors('email.txt')) {
    if (!valid && value.trim() && [...value].length <= 254) {
      assert.ok(!patterns['email.txt'].test(value), `email.txt: the rules refuse ${JSON.stringify(value)}, the schema does not`);
    }
  }
});

test('negative cases fail, at the right place', () => {
  const app = () => clone(example('application.json'));
  const cases = [
    ['a string amount', (a) => (a.loan.amount_kop = '1000000'), '/loan/amount_kop'],
    ['a negative amount', (a) => (a.loan.amount_kop = -1), '/loan/amount_kop'],
    ['a fractional amount', (a) => (a.loan.amount_kop = 10.5), '/loan/amount_kop'],
    ['an unknown employment', (a) => (a.income.employment = 'freelancer'), '/income/employment'],
    ['a bad date pattern', (a) => (a.applicant.birth_date = '10.05.1990'), '/applicant/birth_date'],
    ['a date without its zeros', (a) => (a.applicant.birth_date = '1990-5-10'), '/applicant/birth_date'],
    ['a day that does not exist', (a) => (a.applicant.passport.issue_date = '2010-02-30'), '/applicant/passport/issue_date'],
    ['a missing loan', (a) => delete a.loan, ''],
    ['a missing phone', (a) => delete a.applicant.phone, '/applicant'],
    ['a null phone', (a) => (a.applicant.phone = null), '/applicant/phone'],
    ['an unknown locale', (a) => (a.locale = 'de'), '/locale'],
    ['an instant without offset', (a) => (a.applied_at = '2026-11-24T10:15:00'), '/applied_at'],
    ['a missing transfer consent', (a) => a.consents.pop(), '/consents'],
    ['an unknown consent kind', (a) => (a.consents[0].kind = 'marketing'), '/consents/0/kind'],
    ['a Latin name', (a) => (a.applicant.last_name = 'Ivanov'), '/applicant/last_name'],
    ['a letter in the INN', (a) => (a.applicant.inn = '50010073225X'), '/applicant/inn'],
    ['a one-digit region', (a) => (a.applicant.region = '7'), '/applicant/region'],
    ['a boolean as a number', (a) => (a.obligations.utility_arrears = 0), '/obligations/utility_arrears'],
  ];
  for (const [label, mutate, path] of cases) {
    const a = app();
    mutate(a);
    assertInvalid('application', a, path, label);
  }

  const cfg = () => clone(example('config.json'));
  const configCases = [
    ['a string rate', (c) => (c.offers[0].daily_rate_pct = '0.8'), '/offers/0/daily_rate_pct'],
    ['an annuity without its period', (c) => (c.offers[0].schedule = { kind: 'annuity' }), '/offers/0/schedule'],
    ['an unknown schedule kind', (c) => (c.offers[0].schedule = { kind: 'bullet' }), '/offers/0/schedule'],
    ['a CPA payout without its status', (c) => delete c.offers[0].payout.on, '/offers/0/payout'],
    ['an unknown payout model', (c) => (c.offers[0].payout = { model: 'cpl', amount_kop: 1 }), '/offers/0/payout'],
    ['a missing config_version', (c) => delete c.config_version, ''],
    ['a three-digit excluded region', (c) => (c.offers[0].regions_excluded = ['005']), '/offers/0/regions_excluded/0'],
  ];
  for (const [label, mutate, path] of configCases) {
    const c = cfg();
    mutate(c);
    assertInvalid('config', c, path, label);
  }

  const verdict = example('verdict.json');
  const v1 = clone(verdict);
  v1.problems[0].severity = 'fatal';
  assertInvalid('verdict', v1, '/problems/0/severity', 'an unknown severity');
  const v2 = clone(verdict);
  v2.problems[0].code = 'pdn.too_high';
  assertInvalid('verdict', v2, '/problems/0/code', 'an unknown reason code');
  const v3 = clone(verdict);
  v3.pdn.band = 'danger';
  assertInvalid('verdict', v3, '/pdn/band', 'an unknown ПДН band');
  const v4 = clone(verdict);
  delete v4.line;
  assertValid('verdict', v4, 'a verdict without line');
  assertInvalid('check-line', v4, undefined, 'a check line without line');

  assertInvalid('check-line', { line: 1, error: { code: 'inn.checksum', message: 'x' } }, '/error/code', 'an error line with a field code');
  assertInvalid('validate-line', { input: '1', valid: true, normalized: null, error: null }, '/normalized', 'valid without normalized');
  assertInvalid('validate-line', { input: '1', valid: false, normalized: null, error: null }, '/error', 'invalid without error');
  assertInvalid('quote', { ...example('quote.json'), total_kop: '2852881' }, '/total_kop', 'a string total');
  assertInvalid('problem', { type: 'about:blank', title: 'x', status: 200, detail: 'x' }, '/status', 'a 200 problem');
  assertInvalid('application-status', { application_id: 'x', status: 'pending' }, '/status', 'an unknown status');

  const codes = validator('reason-codes');
  for (const ok of ['inn.checksum', 'cap.overpayment', 'applicant.passport.series.missing']) assert.ok(codes(ok), ok);
  for (const bad of ['inn.bad', 'missing', '.missing', 'Applicant.phone.missing', 'applicant..missing']) {
    assert.equal(codes(bad), false, bad);
  }
});

// ---------------------------------------------------------------------------------------------
// The CLI against the schemas

test('check: the example application qualifies, and the verdict validates', () => {
  const r = check([example('application.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.lines.length, 1);
  const [v] = r.lines;
  assert.equal(v.line, 1);
  assert.equal(v.qualified, true);
  assert.equal(v.application_id, example('application.json').application_id);
  assert.equal(v.application_date, TODAY);
  assert.deepEqual(verdictCodes(v), ['pdn.warn']);
});

test('check: variants of the application give verdicts that validate', () => {
  const base = example('application.json');
  const variant = (f) => {
    const a = clone(base);
    f(a);
    return a;
  };
  const noPhone = variant((a) => delete a.applicant.phone);
  assertInvalid('application', noPhone, '/applicant', 'the application without a phone');
  const apps = [
    noPhone,
    variant((a) => (a.applicant.inn = '500100732258')),
    variant((a) => {
      a.locale = 'en';
      delete a.offer_id;
    }),
    variant((a) => (a.applicant.phone = '8 (495) 123-45-67')),
    variant((a) => (a.applicant.birth_date = '2010-01-01')),
    variant((a) => {
      a.loan = { amount_kop: 5_000_000, term_days: 56 };
      a.offer_id = 'mfo-b-instalment';
      a.applicant.has_emergency_contact = true;
    }),
    variant((a) => {
      a.consents = [];
      a.obligations.overdue_now_days = 45;
      a.income = { employment: 'student', tenure_months: 0, confirmed_kop: 0, unconfirmed_kop: 0 };
    }),
    variant((a) => (a.offer_id = 'no-such-offer')),
    variant((a) => (a.applicant.email = '')),
    {},
  ];
  const r = check(apps);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.lines.length, apps.length);
  const [phone, inn, en, landline, young, instalment, poor, unknown, blankEmail, empty] = r.lines;

  assert.equal(phone.qualified, false);
  assert.ok(
    phone.problems.some((p) => p.code === 'applicant.phone.missing' && p.field === 'applicant.phone' && p.severity === 'blocker'),
    JSON.stringify(phone.problems),
  );
  assert.ok(verdictCodes(inn).includes('inn.checksum'));
  assert.equal(en.offers.length, 2, 'without offer_id every offer is tried');
  assert.ok(!/[а-яё]/i.test(en.problems.map((p) => p.message).join(' ')), 'locale en: English messages');
  assert.ok(verdictCodes(landline).includes('phone.not_mobile'));
  assert.ok(verdictCodes(young).includes('age.under_min'));
  assert.equal(instalment.offers[0].id, 'mfo-b-instalment');
  assert.ok(instalment.offers[0].quote.schedule.length > 1, 'an annuity quote in a verdict');
  for (const code of ['consent.personal_data', 'consent.credit_bureau', 'consent.transfer', 'credit.overdue_now', 'income.missing']) {
    assert.ok(verdictCodes(poor).includes(code), `${code} in ${verdictCodes(poor)}`);
  }
  assert.equal(poor.pdn, null, 'no income, no ПДН');
  assert.ok(verdictCodes(unknown).includes('offer.unknown'));
  assert.equal(blankEmail.qualified, true, 'a blank optional field is no problem');
  assert.equal(empty.application_id, null);
  assert.ok(verdictCodes(empty).includes('loan.missing'));
});

test('check: an unreadable line gives the error form and exit code 3', () => {
  const app = example('application.json');
  const input = [
    JSON.stringify(app),
    'garbage',
    '',
    JSON.stringify({ ...app, loan: { amount_kop: '10000', term_days: 30 } }),
    'null',
    JSON.stringify({ ...app, income: { ...app.income, employment: 'freelancer' } }),
  ].join('\n');
  const r = prequal(['check', '--today', TODAY], input + '\n');
  assert.equal(r.status, 3, 'exit 3 when a line was not read');
  r.lines.forEach((line, i) => {
    assertValid('check-line', line, `line ${i + 1}`);
    assertValid('check-line', line, `line ${i + 1} (every field documented)`, closedAjv);
    assertValid('check-line#/$defs/' + (line.error ? 'error_line' : 'verdict_line'), line);
    collectCodes(line, 'check with unreadable lines');
  });
  assert.deepEqual(
    r.lines.map((l) => [l.line, l.error?.code ?? 'verdict', l.error?.field]),
    [
      [1, 'verdict', undefined],
      [2, 'input.json', undefined],
      [4, 'input.schema', 'loan.amount_kop'],
      [5, 'input.schema', undefined],
      [6, 'input.schema', 'income.employment'],
    ],
    'blank lines are skipped; the others keep their line numbers',
  );

  const garbage = prequal(['check', '--today', TODAY], 'garbage\n');
  assert.equal(garbage.status, 3);
  assertValid('check-line#/$defs/error_line', garbage.lines[0], 'a garbage line');
  const bytes = spawnSync(BIN, ['check'], { input: Buffer.from([0xff, 0xfe, 0x0a]) });
  assert.equal(bytes.status, 3);
  assertValid('check-line#/$defs/error_line', JSON.parse(bytes.stdout.toString()), 'a line that is not UTF-8');
});

test('check: the schema\'s integer maxima are what the CLI reads', () => {
  // What the rules engine holds (a count in u32, kopecks in u64) is read and checked; one more
  // is refused by the schema and is `input.schema` for the CLI, never cut to fit.
  const app = example('application.json');
  const withTerm = (term) => ({ ...app, loan: { ...app.loan, term_days: term } });
  assertValid('application', withTerm(4294967295));
  assertInvalid('application', withTerm(4294967296), '/loan/term_days');
  const r = prequal(['check', '--today', TODAY], [4294967295, 4294967296].map((t) => JSON.stringify(withTerm(t))).join('\n') + '\n');
  assert.equal(r.status, 3);
  assert.ok(verdictCodes(r.lines[0]).includes('loan.term_out_of_range'), JSON.stringify(r.lines[0]));
  assert.deepEqual([r.lines[1].error?.code, r.lines[1].error?.field], ['input.schema', 'loan.term_days']);
  // u64's largest, written out, against one more (the text a partner's back end would send).
  const text = JSON.stringify(app);
  const withAmount = (digits) => text.replace('"amount_kop":1000000', `"amount_kop":${digits}`);
  assert.ok(withAmount('1').includes('"amount_kop":1,'), 'the example has the expected amount');
  const big = prequal(['check', '--today', TODAY], `${withAmount('18446744073709551615')}\n${withAmount('18446744073709551616')}\n`);
  assert.ok(verdictCodes(big.lines[0]).includes('loan.amount_out_of_range'), JSON.stringify(big.lines[0]));
  assert.deepEqual([big.lines[1].error?.code, big.lines[1].error?.field], ['input.schema', 'loan.amount_kop']);
});

test('check --config reads a configuration that validates', () => {
  const r = check([example('application.json')], ['--config', resolve(EXAMPLES, 'config.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.lines[0].config_version, example('config.json').config_version);
  assert.equal(r.lines[0].qualified, true);
});

test('quote: single and annuity quotes validate and add up', () => {
  const single = quote(['--amount', '10000', '--term-days', '30', '--daily-rate', '0.8']);
  const annuity = quote(['--amount', '20000', '--term-days', '84', '--daily-rate', '0.8', '--schedule', 'annuity', '--period-days', '14']);
  const capped = quote(['--amount', '10000.50', '--term-days', '200', '--daily-rate', '0.8']);
  for (const [label, r, amount] of [['single', single, 1_000_000], ['annuity', annuity, 2_000_000], ['capped', capped, 1_000_050]]) {
    assert.equal(r.status, 0, r.stderr);
    const q = r.lines[0];
    assertValid('quote', q, label);
    assertValid('quote', q, `${label} (every field documented)`, closedAjv);
    const sum = (k) => q.schedule.reduce((s, p) => s + p[k], 0);
    assert.equal(sum('principal_kop'), amount, `${label}: the principal is repaid exactly`);
    assert.equal(sum('payment_kop'), q.total_kop, `${label}: total`);
    assert.equal(q.total_kop - amount, q.overpayment_kop, `${label}: overpayment`);
    for (const p of q.schedule) assert.equal(p.payment_kop, p.principal_kop + p.interest_kop);
    assert.deepEqual(q.limits.map((l) => l.code), ['cap.daily_rate', 'cap.overpayment', 'cap.psk']);
  }
  assert.equal(single.lines[0].schedule.length, 1);
  assert.equal(annuity.lines[0].schedule.length, 6);
  assert.equal(capped.lines[0].limits[1].applied, true, 'the 100 % cap applies to 200 days at 0.8 %');
});

test('quote: a loan that cannot be quoted prints the error form and exits with 2', () => {
  for (const args of [
    ['--amount', '10000', '--term-days', '30', '--daily-rate', '0.8', '--schedule', 'annuity', '--period-days', '14'],
    ['--amount', '10000', '--term-days', '30', '--daily-rate', '1'],
  ]) {
    const r = quote(args);
    assert.equal(r.status, 2, args.join(' '));
    assertValid('quote#/$defs/error', r.lines[0], `quote ${args.join(' ')}`);
    assertValid('quote#/$defs/error', r.lines[0], `quote ${args.join(' ')} (every field documented)`, closedAjv);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line on stderr');
  }
});

test('validate: every output line validates', () => {
  const inn = validate('inn', ['500100732259', '1234567895']);
  assert.deepEqual(inn.lines.map((l) => [l.valid, l.normalized, l.error?.code ?? null]), [
    [true, '500100732259', null],
    [false, null, 'inn.checksum'],
  ]);
  const phone = validate('phone', ['+79123456789', '8 (912) 345-67-89', '8 (495) 123-45-67', '123', '9123456789']);
  assert.deepEqual(phone.lines.map((l) => l.normalized ?? l.error.code), [
    '+79123456789',
    '+79123456789',
    'phone.not_mobile',
    'phone.format',
    '+79123456789',
  ]);
  validate('inn', ['7707083893', '12345', '50010073225X', '000000000000', ''], ['--locale', 'en']);
  validate('snils', ['112-233-445 95', '11223344594', '1122334459']);
  validate('passport', ['4502 573482', '4502-57348', '4596573482']);
  validate('issuer-code', ['770-001', '77000']);
  validate('email', ['ivan@example.ru', 'иван@почта.рф', 'ivan@example']);
  validate('region', ['77', '7', '99']);

  const stdin = prequal(['validate', 'inn', '--today', TODAY], '500100732259\n1234567895\n');
  assert.equal(stdin.status, 0);
  assert.equal(stdin.lines.length, 2, 'values from stdin, one a line');
  stdin.lines.forEach((l) => assertValid('validate-line', l, 'validate inn from stdin'));
});

test('bad arguments: one line on stderr, exit code 2, nothing on stdout', () => {
  for (const args of [
    ['check', '--today', '2026-13-01'],
    ['check', '--config', resolve(ROOT, 'no/such/file.json')],
    ['validate', 'iban', '1'],
    ['quote', '--amount', 'abc', '--term-days', '30', '--daily-rate', '0.8'],
    ['frobnicate'],
  ]) {
    const r = prequal(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, args.join(' '));
  }
});

// ---------------------------------------------------------------------------------------------
// Reason codes: the schema's list, the Rust table, the CLI and the docs agree

test('every code the CLI emits is in reason-codes.json', (t) => {
  // Applications with one or many things wrong, to make the CLI emit as many codes as it can;
  // the codes seen by the tests above count too.
  const base = example('application.json');
  const v = (f) => {
    const a = clone(base);
    f(a);
    return a;
  };
  const broken = [
    v((a) => {
      Object.assign(a.applicant, {
        last_name: 'Smith', birth_date: '1990-02-30', phone: '123', email: 'x@y', region: '99',
        inn: '5001007322X9', snils: '11a',
      });
      Object.assign(a.applicant.passport, { issue_date: '2010-13-01', issuer_code: '1' });
    }),
    v((a) => {
      a.applicant.birth_date = '1970-01-01';
      Object.assign(a.applicant.passport, { series: '4597', issue_date: '1995-01-01' });
    }),
    v((a) => (a.applicant.passport.issue_date = '2027-01-01')),
    v((a) => (a.applicant.passport.issue_date = '2000-01-01')),
    v((a) => (a.applicant.passport.series = '4550')),
    v((a) => (a.applicant.passport.series = '4512')),
    v((a) => (a.applicant.passport.number = '12')),
    v((a) => Object.assign(a.applicant, { inn: '1234', snils: '1122334459', phone: '84951234567' })),
    v((a) => (a.applicant.snils = '11223344594')),
    v((a) => {
      a.loan = { amount_kop: 1, term_days: 400 };
      a.income.tenure_months = 1;
      Object.assign(a.applicant, { region: '05', birth_date: '2005-01-01' });
      Object.assign(a.applicant.passport, { series: '4519', issue_date: '2025-06-01' });
    }),
    v((a) => (a.obligations.monthly_payments_kop = 3_000_000)),
    v((a) => (a.obligations.monthly_payments_kop = 900_000)),
    v((a) => {
      a.income = { employment: 'unemployed', tenure_months: 0, confirmed_kop: 0, unconfirmed_kop: 9_000_000 };
      Object.assign(a.obligations, { overdue_now_days: 31, overdue_12m_max_days: 60, active_loans: 6, utility_arrears: true });
      a.applied_at = '2026-11-24T03:00:00+03:00';
      a.applicant.has_emergency_contact = false;
    }),
    v((a) => (a.obligations.overdue_12m_max_days = 120)),
    v((a) => (a.obligations.active_loans = 12)),
    v((a) => {
      delete a.offer_id;
      a.loan = { amount_kop: 5_000_000, term_days: 60 };
    }),
    v((a) => (a.offer_id = 'no-such-offer')),
    {},
    { applicant: { passport: {} }, income: {}, obligations: {}, loan: {}, consents: [] },
  ];
  const r = check(broken);
  assert.equal(r.status, 0, r.stderr);

  // applied_at is read only without --today.
  const at = prequal(['check'], '{"applied_at": "yesterday"}\n');
  at.lines.forEach((l) => assertValid('check-line', l, 'check without --today'));
  collectCodes(at.lines, 'check without --today');
  assert.ok(verdictCodes(at.lines[0]).includes('applied_at.invalid'));

  // An offer above the legal daily rate: a configuration error, and the offer cannot fit.
  const dir = mkdtempSync(resolve(tmpdir(), 'prequal-schemas-'));
  try {
    const config = clone(example('config.json'));
    config.offers[0].daily_rate_pct = 1;
    assertValid('config', config, 'a configuration with a rate above the cap');
    writeFileSync(resolve(dir, 'config.json'), JSON.stringify(config));
    const capped = check([base], ['--config', resolve(dir, 'config.json')]);
    assert.match(capped.stderr, /cap\.daily_rate/);
    assert.ok(verdictCodes(capped.lines[0]).includes('cap.daily_rate'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const valid = validator('reason-codes');
  const unknown = [...emitted].filter(([code]) => !valid(code)).map(([code, where]) => `${code} (${where})`);
  assert.deepEqual(unknown, [], 'codes the CLI emits but reason-codes.json does not list');
  assert.ok(emitted.size >= 50, `only ${emitted.size} codes seen: ${[...emitted.keys()].sort().join(' ')}`);
  const { required, extension } = schemas['reason-codes.json'].$defs;
  const unseen = [...required.enum, ...extension.enum].filter((c) => !emitted.has(c));
  t.diagnostic(`${emitted.size} codes seen; listed but not seen in these runs: ${unseen.join(' ') || 'none'}`);
});

test('reason-codes.json lists exactly the codes of crates/rules/src/code.rs', () => {
  const rust = readFileSync(resolve(ROOT, 'crates/rules/src/code.rs'), 'utf8');
  // `Code::as_str`'s arms (`InnChecksum => "inn.checksum",`) and the `REQUIRED_FIELDS` table.
  const between = (from, to) => rust.slice(rust.indexOf(from), rust.indexOf(to, rust.indexOf(from)));
  const asStr = between('pub fn as_str', '\n}\n');
  const table = between('pub const REQUIRED_FIELDS', '\n];');
  const wire = new Set([...asStr.matchAll(/\b[A-Z]\w*\s*=>\s*"([a-z0-9_.]+)"/g)].map((m) => m[1]));
  const required = [...table.matchAll(/\(\s*"([a-z0-9_.]+)",\s*"([a-z0-9_.]+)",?\s*\)/g)];
  assert.ok(wire.size >= 40 && required.length >= 20, 'code.rs no longer parses as expected');
  const { required: req, extension: ext, missing } = schemas['reason-codes.json'].$defs;
  const listed = new Set([...req.enum, ...ext.enum]);
  assert.deepEqual([...wire].filter((c) => !listed.has(c)), [], 'in code.rs, not in reason-codes.json');
  assert.deepEqual([...listed].filter((c) => !wire.has(c)), [], 'in reason-codes.json, not in code.rs');
  assert.equal(new Set([...req.enum, ...ext.enum]).size, req.enum.length + ext.enum.length, 'listed twice');
  const pattern = new RegExp(missing.pattern, 'u');
  for (const [, field, code] of required) {
    assert.equal(code, `${field}.missing`);
    assert.ok(pattern.test(code), code);
  }
});

test('docs/formats.md mentions every listed code and links every schema', () => {
  const doc = readFileSync(resolve(ROOT, 'docs/formats.md'), 'utf8');
  const { required: req, extension: ext } = schemas['reason-codes.json'].$defs;
  const absent = [...req.enum, ...ext.enum].filter((c) => !doc.includes(`\`${c}\``));
  assert.deepEqual(absent, [], 'codes docs/formats.md does not mention');
  for (const file of schemaFiles) assert.ok(doc.includes(`../schemas/${file}`), `docs/formats.md links ${file}`);
});

test('the examples are what the CLI prints today', () => {
  const app = JSON.stringify(example('application.json'));
  const verdict = prequal(['check', '--today', TODAY], app + '\n').lines[0];
  const q = prequal(['quote', '--amount', '20000', '--term-days', '84', '--daily-rate', '0.8', '--schedule', 'annuity', '--period-days', '14', '--today', TODAY]).lines[0];
  if (process.env.UPDATE_EXAMPLES) {
    writeFileSync(resolve(EXAMPLES, 'verdict.json'), JSON.stringify(verdict, null, 2) + '\n');
    writeFileSync(resolve(EXAMPLES, 'quote.json'), JSON.stringify(q, null, 2) + '\n');
  }
  const hint = '; regenerate with UPDATE_EXAMPLES=1 node --test tests/schemas.test.mjs';
  assert.deepEqual(example('verdict.json'), verdict, `schemas/examples/verdict.json is stale${hint}`);
  assert.deepEqual(example('quote.json'), q, `schemas/examples/quote.json is stale${hint}`);
});
