#!/usr/bin/env node
// ruleport KQL validator (test support only).
//
// Parses and binds KQL with Microsoft's Kusto.Language (npm @kusto/language-service-next,
// the JavaScript build of the library behind Microsoft's KQL editors) against the table
// schemas in <schemasDir>/sentinel-tables.json and <schemasDir>/defender-xdr-tables.json.
//
// Usage:  node validate.js <schemasDir> [<name>=<tables.json> ...]
//   Each extra argument adds a schema <name> read from that file (same format: {"Table": {"Column": "type"}}),
//   e.g. ecs=core/src/main/resources/dev/ruleport/mapping/kusto/ecs-table.json for the EcsEvents table.
//
// Protocol: one JSON request per line on stdin, one JSON answer per line on stdout, in order.
//   {"id":"q1","query":"SecurityEvent | take 1","schema":"sentinel"|"defender-xdr",
//    "database":"optional database name","analyzers":false}
//     -> {"id":"q1","diagnostics":[{"severity":"Error","code":"KS142","category":"...",
//          "message":"...","start":12,"length":5,"line":1,"column":13}, ...]}
//        line and column are 1-based; start/length are UTF-16 offsets into "query"
//        (the same unit as Java's String indices). "analyzers":true adds Kusto's
//        best-practice analyzer diagnostics (e.g. KS501) to the parser/binder ones.
//   {"id":"p","ping":true}
//     -> {"id":"p","pong":true,"kusto":"12.4.1","node":"v20.x","schemas":["defender-xdr","sentinel"]}
//   A request that cannot be served gets {"id":...,"error":"..."}; the process keeps going.
// Startup (loading Kusto.Language, building one GlobalState per schema, one warm-up parse)
// happens before the first line is read, so the answer to the first "ping" means "ready".
// Diagnostics go to stdout only; stderr carries startup failures and timing notes.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');

const t0 = Date.now();

function fail(message) {
    process.stderr.write('kql-validator: ' + message + '\n');
    process.exit(2);
}

const schemasDir = process.argv[2];
if (!schemasDir) fail('usage: node validate.js <schemasDir>');

// --- load Kusto.Language (Bridge.NET runtime first; both scripts define globals) ---------
const pkgDir = path.join(__dirname, 'node_modules', '@kusto', 'language-service-next');
try {
    require(path.join(pkgDir, 'bridge.min.js'));
    require(path.join(pkgDir, 'Kusto.Language.Bridge.min.js'));
} catch (e) {
    fail('cannot load @kusto/language-service-next from ' + pkgDir
        + ' (run: npm ci --prefix core/src/test/kql-validator): ' + e.message);
}
const Lang = globalThis.Kusto && globalThis.Kusto.Language;
if (!Lang) fail('@kusto/language-service-next loaded but did not define Kusto.Language');
const kustoVersion = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

// --- schemas ------------------------------------------------------------------------------
const SCHEMA_FILES = { 'sentinel': 'sentinel-tables.json', 'defender-xdr': 'defender-xdr-tables.json' };
const DEFAULT_DATABASE = { 'sentinel': 'SecurityInsights', 'defender-xdr': 'DefenderXDR' };
for (const arg of process.argv.slice(3)) {
    const eq = arg.indexOf('=');
    if (eq <= 0) fail('extra schema argument must be <name>=<file.json>: ' + arg);
    const name = arg.substring(0, eq);
    SCHEMA_FILES[name] = path.resolve(arg.substring(eq + 1));
    DEFAULT_DATABASE[name] = name;
}
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function columnName(name) {
    if (IDENTIFIER.test(name)) return name;
    return "['" + name.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "']";
}

function buildTables(schema) {
    const file = path.isAbsolute(SCHEMA_FILES[schema]) ? SCHEMA_FILES[schema] : path.join(schemasDir, SCHEMA_FILES[schema]);
    let json;
    try {
        json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
        fail('cannot read schema ' + file + ': ' + e.message);
    }
    const tables = [];
    for (const tableName of Object.keys(json)) {
        const columns = json[tableName];
        const names = Object.keys(columns);
        const text = '(' + names.map(n => columnName(n) + ':' + columns[n]).join(', ') + ')';
        const table = new Lang.Symbols.TableSymbol.$ctor7(tableName, text, null);
        // The schema text is parsed leniently: make sure every column came through with its type.
        const cols = table.Columns;
        if (cols.Count !== names.length) {
            fail(file + ': table ' + tableName + ' has ' + names.length + ' columns but Kusto read '
                + cols.Count + ' from its schema text');
        }
        for (let i = 0; i < cols.Count; i++) {
            const c = cols.getItem(i);
            const expected = columns[names[i]];
            if (c.Name !== names[i] || c.Type.Name !== expected) {
                fail(file + ': table ' + tableName + ' column ' + names[i] + ':' + expected
                    + ' was read as ' + c.Name + ':' + c.Type.Name);
            }
        }
        tables.push(table);
    }
    return tables;
}

const tablesBySchema = {};
for (const schema of Object.keys(SCHEMA_FILES)) tablesBySchema[schema] = buildTables(schema);
const tLoaded = Date.now();

// One GlobalState per (schema, database name), built once and reused.
const states = new Map();
function globalState(schema, database) {
    const dbName = database || DEFAULT_DATABASE[schema];
    const key = schema + '\u0000' + dbName;
    let state = states.get(key);
    if (!state) {
        const db = new Lang.Symbols.DatabaseSymbol.ctor(dbName, tablesBySchema[schema]);
        state = Lang.GlobalState.Default.WithDatabase(db);
        states.set(key, state);
    }
    return state;
}

// --- analysis -----------------------------------------------------------------------------
function lineStarts(text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 /* \r */) {
            if (text.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
        } else if (ch === 10 /* \n */) {
            starts.push(i + 1);
        }
    }
    return starts;
}

function position(starts, offset) {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
}

function toJson(d, starts) {
    const out = {
        severity: d.Severity,
        code: d.Code,
        category: d.Category,
        message: d.Message,
        start: d.HasLocation ? d.Start : -1,
        length: d.HasLocation ? d.Length : 0,
    };
    if (d.HasLocation) {
        const p = position(starts, d.Start);
        out.line = p.line;
        out.column = p.column;
    }
    return out;
}

function analyze(query, schema, database, analyzers) {
    const code = Lang.KustoCode.ParseAndAnalyze(query, globalState(schema, database));
    const starts = lineStarts(query);
    const result = [];
    const diags = code.GetDiagnostics();
    for (let i = 0; i < diags.Count; i++) result.push(toJson(diags.getItem(i), starts));
    if (analyzers) {
        const more = new Lang.Editor.KustoCodeService.ctor(code).GetAnalyzerDiagnostics(true);
        for (let i = 0; i < more.Count; i++) result.push(toJson(more.getItem(i), starts));
    }
    return result;
}

function handle(line) {
    let req;
    try {
        req = JSON.parse(line);
    } catch (e) {
        return { id: null, error: 'request is not JSON: ' + e.message };
    }
    if (req === null || typeof req !== 'object' || Array.isArray(req)) {
        return { id: null, error: 'request must be a JSON object' };
    }
    const id = req.id === undefined ? null : req.id;
    if (req.ping) {
        return { id, pong: true, kusto: kustoVersion, node: process.version,
            schemas: Object.keys(SCHEMA_FILES).sort() };
    }
    if (typeof req.query !== 'string') return { id, error: '"query" must be a string' };
    const schema = req.schema === undefined ? 'sentinel' : req.schema;
    if (!Object.prototype.hasOwnProperty.call(SCHEMA_FILES, schema)) {
        return { id, error: 'unknown schema ' + JSON.stringify(schema)
            + ' (expected one of ' + Object.keys(SCHEMA_FILES).join(', ') + ')' };
    }
    if (req.database !== undefined && req.database !== null && typeof req.database !== 'string') {
        return { id, error: '"database" must be a string' };
    }
    try {
        return { id, diagnostics: analyze(req.query, schema, req.database, req.analyzers === true) };
    } catch (e) {
        return { id, error: 'Kusto.Language failed: ' + (e && e.message ? e.message : String(e)) };
    }
}

// Warm-up: the first parse builds the grammar lazily (seconds); pay it before answering.
for (const schema of ['sentinel', 'defender-xdr']) analyze('DeviceProcessEvents | where FileName =~ "x" | take 1', schema);
const tReady = Date.now();
if (process.env.RULEPORT_KQL_VALIDATOR_TIMING) {
    process.stderr.write('kql-validator: schemas loaded in ' + (tLoaded - t0) + ' ms, ready in '
        + (tReady - t0) + ' ms\n');
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
rl.on('line', line => {
    if (line.trim() === '') return;
    process.stdout.write(JSON.stringify(handle(line)) + '\n');
});
rl.on('close', () => process.exit(0));
