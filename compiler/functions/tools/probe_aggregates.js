#!/usr/bin/env node
// Probes ClickHouse 26.7 (embedded chDB) for the result type of every aggregate and window
// function over a grid of argument types, plain and under each combinator. The output is the
// evidence for the rules in ../aggregate_functions.tsv and the expected data of the
// `aggregate_probes` test (tests/functions/aggregate_probes.tsv).
//
// Types come from `DESCRIBE (SELECT <call> AS r)`, which types the query without running it, so
// errors that only happen on execution (empty samples, aggThrow) do not hide a type.
//
// Usage:
//   node probe_aggregates.js [--only f1,f2] [--groups plain,State,...] [--out file]
//   node probe_aggregates.js --golden      # the smaller set kept as tests/functions/aggregate_probes.tsv
//   node probe_aggregates.js --list        # aggregate names, aliases, case-insensitivity
//   node probe_aggregates.js --expr 'sumIf(CAST(7 AS UInt8), CAST(1 AS UInt8))'
//
// Output: TSV `group<TAB>expression<TAB>type or "ERROR <CODE>"`, the format of
// shared/oracle/probe_types.tsv, so one test harness reads both.
'use strict';

const fs = require('fs');
const path = require('path');

function loadChdb() {
  const candidates = [
    path.join(__dirname, '../../../tests/oracle/node_modules/chdb'),
    'chdb',
  ];
  for (const c of candidates) {
    try { return require(c); } catch (e) { /* next */ }
  }
  throw new Error('chdb not found: run `npm install` in tests/oracle');
}
const { query } = loadChdb();

// ---- The argument grid -------------------------------------------------------------------
// [type name, expression]. Expressions use only CAST of literals, NULL and `map(...)`, which
// the C++ test harness types without a full analyzer.
const c7 = (t) => [t, `CAST(7 AS ${t})`];
const cs = (t, v) => [t, `CAST('${v}' AS ${t})`];
const GRID = [
  c7('UInt8'), c7('UInt16'), c7('UInt32'), c7('UInt64'), c7('UInt128'), c7('UInt256'),
  c7('Int8'), c7('Int16'), c7('Int32'), c7('Int64'), c7('Int128'), c7('Int256'),
  c7('Float32'), c7('Float64'), c7('BFloat16'),
  c7('Decimal(9, 2)'), c7('Decimal(18, 4)'), c7('Decimal(38, 6)'), c7('Decimal(76, 10)'),
  ['Bool', 'CAST(1 AS Bool)'],
  cs('String', 'abcd'), cs('FixedString(4)', 'abcd'),
  cs('Date', '2024-01-02'), cs('Date32', '2024-01-02'),
  cs('DateTime', '2024-01-02 03:04:05'), cs("DateTime('UTC')", '2024-01-02 03:04:05'),
  cs('DateTime64(3)', '2024-01-02 03:04:05'),
  cs('UUID', '00000000-0000-0000-0000-000000000001'),
  cs('IPv4', '1.2.3.4'), cs('IPv6', '::1'),
  cs("Enum8('a' = 1, 'b' = 2)", 'a'),
  c7('Nullable(UInt8)'), c7('Nullable(Int64)'), c7('Nullable(Float64)'), c7('Nullable(Decimal(9, 2))'),
  cs('Nullable(String)', 'abcd'), cs('Nullable(DateTime)', '2024-01-02 03:04:05'),
  cs('LowCardinality(String)', 'abcd'), cs('LowCardinality(Nullable(String))', 'abcd'),
  ['Array(UInt8)', 'CAST([1, 2] AS Array(UInt8))'],
  ['Array(String)', "CAST(['a'] AS Array(String))"],
  ['Array(Nullable(UInt8))', 'CAST([1, NULL] AS Array(Nullable(UInt8)))'],
  ['Array(Float64)', 'CAST([1.5] AS Array(Float64))'],
  ['Tuple(UInt8, String)', "CAST((1, 'a') AS Tuple(UInt8, String))"],
  ['Map(String, UInt64)', "CAST(map('a', 1) AS Map(String, UInt64))"],
  ['Nullable(Nothing)', 'NULL'],
  ['Dynamic', 'CAST(7 AS Dynamic)'],
  ['JSON', `CAST('{"a":1}' AS JSON)`],
  cs("Enum16('a' = 1000, 'b' = 2000)", 'a'),
  cs('Time', '01:02:03'), cs('Time64(3)', '01:02:03'),
  c7('IntervalDay'),
  c7('SimpleAggregateFunction(max, UInt64)'),
  ['Array(LowCardinality(String))', "CAST(['a'] AS Array(LowCardinality(String)))"],
  ['Tuple(a UInt8, b String)', "CAST((1, 'a') AS Tuple(a UInt8, b String))"],
];
const G = Object.fromEntries(GRID);
// A smaller grid for combinator forms: every kind of rule input once.
let SMALL = ['UInt8', 'Int32', 'Float32', 'Decimal(9, 2)', 'String', 'DateTime', 'Nullable(UInt8)',
  'LowCardinality(String)', 'Array(UInt8)', 'Nullable(Nothing)', 'SimpleAggregateFunction(max, UInt64)'];
// Combinator chains, tried on the functions of CHAIN_FUNCTIONS over CHAIN_GRID.
const CHAINS = [
  ['If', 'State'], ['State', 'If'], ['If', 'Merge'], ['If', 'MergeState'], ['Array', 'If'], ['If', 'Array'],
  ['ForEach', 'If'], ['Distinct', 'If'], ['If', 'Distinct'], ['OrNull', 'If'], ['If', 'OrNull'],
  ['State', 'OrNull'], ['OrNull', 'State'], ['State', 'OrDefault'], ['Array', 'State'], ['State', 'Array'],
  ['Map', 'State'], ['Resample', 'State'], ['ArgMax', 'State'], ['If', 'SimpleState'], ['SimpleState', 'If'],
  ['Array', 'SimpleState'], ['Distinct', 'State'], ['ForEach', 'State'], ['If', 'ForEach'], ['Array', 'OrNull'],
  ['If', 'OrDefault'], ['ArgMin', 'If'], ['Array', 'Array'], ['ForEach', 'ForEach'], ['Tuple'], ['Tuple', 'State'],
  ['ArgMin'], ['Map', 'If'], ['If', 'Map'], ['If', 'State', 'Merge'], ['Merge', 'State'], ['State', 'Merge'],
  ['If', 'Resample'], ['Resample', 'If'], ['Distinct', 'Distinct'],
];
const CHAIN_FUNCTIONS = ['sum', 'count', 'avg', 'uniq', 'uniqExact', 'min', 'max', 'any', 'anyLast', 'argMax',
  'groupArray', 'groupUniqArray', 'quantile', 'quantiles', 'topK', 'sumMap', 'maxMap', 'sumCount', 'uniqCombined',
  'countDistinct', 'simpleLinearRegression', 'groupBitOr', 'sumWithOverflow', 'first_value', 'median'];
let CHAIN_GRID = ['UInt8', 'Nullable(UInt8)', 'String', 'LowCardinality(String)', 'Decimal(9, 2)', 'Nullable(Nothing)'];
// The golden set: every function and combinator, over fewer argument types.
const GOLDEN_GRID = ['UInt8', 'Int64', 'UInt256', 'Float32', 'Decimal(18, 4)', 'Bool', 'String', 'Date',
  "DateTime('UTC')", 'DateTime64(3)', 'UUID', 'Nullable(UInt8)', 'LowCardinality(String)', 'Array(UInt8)',
  'Tuple(UInt8, String)', 'Nullable(Nothing)', 'SimpleAggregateFunction(max, UInt64)', "Enum8('a' = 1, 'b' = 2)"];
const GOLDEN_SMALL = ['UInt8', 'Nullable(UInt8)'];
const GOLDEN_CHAIN_GRID = ['Nullable(UInt8)'];

// ---- Per-function shapes -----------------------------------------------------------------
// Functions the generic discovery cannot find a valid call for (they need parameters or
// special argument types). Each shape: params text (null: none) and anchor argument types.
const ARR = 'Array(UInt8)';
const SPECS = {
  MVTEncode: [{ params: "'layer'", args: ['String'] }],
  analysisOfVariance: [{ args: ['Float64', 'UInt8'] }],
  categoricalInformationValue: [{ args: ['UInt8', 'UInt8'] }],
  deltaSumTimestamp: [{ args: ['UInt64', 'DateTime'] }],
  distinctDynamicTypes: [{ args: ['Dynamic'] }],
  distinctJSONPaths: [{ args: ['JSON'] }],
  distinctJSONPathsAndTypes: [{ args: ['JSON'] }],
  exponentialMovingAverage: [{ params: '5', args: ['Float64', 'UInt32'] }],
  exponentialTimeDecayedAvg: [{ params: '5', args: ['Float64', 'UInt32'] }],
  exponentialTimeDecayedCount: [{ params: '5', args: ['UInt32'] }],
  exponentialTimeDecayedMax: [{ params: '5', args: ['Float64', 'UInt32'] }],
  exponentialTimeDecayedSum: [{ params: '5', args: ['Float64', 'UInt32'] }],
  flameGraph: [{ args: ['Array(UInt64)'] }, { args: ['Array(String)'] }],
  groupArrayIntersect: [{ args: [ARR] }],
  groupArrayLast: [{ params: '10', args: ['UInt8'] }],
  groupArraySample: [{ params: '10', args: ['UInt8'] }],
  groupArraySorted: [{ params: '10', args: ['UInt8'] }],
  groupBitmapAnd: [{ args: ['AggregateFunction(groupBitmap, UInt32)'] }, { args: ['AggregateFunction(groupBitmap, Int64)'] }],
  groupBitmapOr: [{ args: ['AggregateFunction(groupBitmap, UInt32)'] }],
  groupBitmapXor: [{ args: ['AggregateFunction(groupBitmap, UInt8)'] }],
  groupFormat: [{ params: "'JSONEachRow'", args: ['UInt8'] }],
  groupNumericIndexedVector: [{ args: ['UInt32', 'Float64'] }],
  histogram: [{ params: '3', args: ['Float64'] }],
  intervalLengthSum: [{ args: ['UInt32', 'UInt32'] }],
  kolmogorovSmirnovTest: [{ args: ['Float64', 'UInt8'] }, { params: "'two-sided'", args: ['Float64', 'UInt8'] }],
  largestTriangleThreeBuckets: [{ params: '10', args: ['Float64', 'Float64'] }],
  mannWhitneyUTest: [{ args: ['Float64', 'UInt8'] }],
  maxIntersections: [{ args: ['UInt32', 'UInt32'] }],
  maxIntersectionsPosition: [{ args: ['UInt32', 'UInt32'] }],
  maxMappedArrays: [{ args: [ARR, 'Array(UInt64)'] }],
  minMappedArrays: [{ args: [ARR, 'Array(UInt64)'] }],
  sumMappedArrays: [{ args: [ARR, 'Array(UInt64)'] }],
  sumMapWithOverflow: [{ args: [ARR, 'Array(UInt64)'] }],
  sumMapFiltered: [{ params: '[1, 2]', args: [ARR, 'Array(UInt64)'] }],
  sumMapFilteredWithOverflow: [{ params: '[1, 2]', args: [ARR, 'Array(UInt64)'] }],
  sumMap: [{ args: [ARR, 'Array(UInt64)'] }, { args: ['Tuple(Array(UInt8), Array(UInt64))'] }],
  minMap: [{ args: [ARR, 'Array(UInt64)'] }],
  maxMap: [{ args: [ARR, 'Array(UInt64)'] }],
  meanZTest: [{ params: '1., 1., 0.95', args: ['Float64', 'UInt8'] }],
  nonNegativeDerivative: [{ args: ['Float64', 'DateTime64(3)'] }],
  quantileDD: [{ params: '0.01', args: ['Float64'] }, { params: '0.01, 0.5', args: ['Float64'] }],
  quantilesDD: [{ params: '0.01, 0.5, 0.9', args: ['Float64'] }],
  quantileGK: [{ params: '100', args: ['Float64'] }, { params: '100, 0.5', args: ['Float64'] }],
  quantilesGK: [{ params: '100, 0.5, 0.9', args: ['Float64'] }],
  quantilePrometheusHistogram: [{ args: ['Float64', 'Float64'] }, { params: '0.5', args: ['Float64', 'Float64'] }],
  quantilesPrometheusHistogram: [{ params: '0.5, 0.9', args: ['Float64', 'Float64'] }],
  retention: [{ args: ['UInt8', 'UInt8'] }],
  sequenceCount: [{ params: "'(?1)(?2)'", args: ['DateTime', 'UInt8', 'UInt8'] }],
  sequenceMatch: [{ params: "'(?1)(?2)'", args: ['DateTime', 'UInt8', 'UInt8'] }],
  sequenceMatchEvents: [{ params: "'(?1)(?2)'", args: ['DateTime', 'UInt8', 'UInt8'] }],
  sequenceNextNode: [{ params: "'forward', 'head'", args: ['DateTime', 'String', 'UInt8'] }],
  sparkbar: [{ params: '9', args: ['UInt32', 'UInt64'] }],
  timeSeriesChangesToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesDeltaToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesDerivToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesIncreaseToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesInstantDeltaToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesInstantRateToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesRateToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesResetsToGrid: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesResampleToGridWithStaleness: [{ params: '100, 200, 10, 30', args: ['DateTime', 'Float64'] }],
  timeSeriesPredictLinearToGrid: [{ params: '100, 200, 10, 30, 60', args: ['DateTime', 'Float64'] }],
  windowFunnel: [{ params: '3600', args: ['DateTime', 'UInt8', 'UInt8'] }],
  // Parametric functions that also work without parameters: probe both forms.
  topK: [{ args: ['UInt8'] }, { params: '3', args: ['UInt8'] }],
  topKWeighted: [{ params: '3', args: ['UInt8', 'UInt64'] }],
  groupArray: [{ args: ['UInt8'] }, { params: '10', args: ['UInt8'] }],
  groupUniqArray: [{ args: ['UInt8'] }, { params: '10', args: ['UInt8'] }],
  groupArrayMovingSum: [{ args: ['UInt8'] }, { params: '3', args: ['UInt8'] }],
  groupArrayMovingAvg: [{ args: ['UInt8'] }, { params: '3', args: ['UInt8'] }],
  groupArrayInsertAt: [{ args: ['UInt8', 'UInt32'] }],
  uniqCombined: [{ args: ['UInt8'] }, { params: '17', args: ['UInt8'] }],
  uniqCombined64: [{ args: ['UInt8'] }, { params: '17', args: ['UInt8'] }],
  uniqUpTo: [{ args: ['UInt8'] }, { params: '3', args: ['UInt8'] }],
  approx_top_k: [{ args: ['UInt8'] }, { params: '3', args: ['UInt8'] }],
  approx_top_sum: [{ params: '3', args: ['UInt8', 'UInt64'] }],
  stochasticLinearRegression: [{ args: ['Float64', 'Float64'] }],
  stochasticLogisticRegression: [{ args: ['Float64', 'Float64'] }],
  groupConcat: [{ args: ['String'] }, { params: "', '", args: ['String'] }],
  corrMatrix: [{ args: ['Float64', 'Float64'] }],
  covarPopMatrix: [{ args: ['Float64', 'Float64'] }],
  covarSampMatrix: [{ args: ['Float64', 'Float64'] }],
};
// Window-only functions, typed with `OVER ()`.
const WINDOW = {
  row_number: [{ args: [] }], rank: [{ args: [] }], denseRank: [{ args: [] }],
  percentRank: [{ args: [] }], cume_dist: [{ args: [] }],
  ntile: [{ args: ['UInt8'], raw: ['3'] }],
  lagInFrame: [{ args: ['UInt16'] }, { args: ['UInt16', 'UInt8'] }, { args: ['UInt16', 'UInt8', 'UInt16'] }],
  leadInFrame: [{ args: ['UInt16'] }, { args: ['UInt16', 'UInt8'] }, { args: ['UInt16', 'UInt8', 'UInt16'] }],
  lag: [{ args: ['UInt16'] }, { args: ['UInt16', 'UInt8'] }, { args: ['UInt16', 'UInt8', 'UInt16'] }],
  lead: [{ args: ['UInt16'] }, { args: ['UInt16', 'UInt8'] }, { args: ['UInt16', 'UInt8', 'UInt16'] }],
  nth_value: [{ args: ['UInt16', 'UInt8'] }],
};
const NOT_PROBED = new Set(['aggThrow', 'timeSeriesGroupArray', 'timeSeriesLastTwoSamples']);

// ---- chDB -------------------------------------------------------------------------------
function typeOf(selectBody) {
  try {
    const out = query(`DESCRIBE (SELECT ${selectBody}) SETTINGS print_pretty_type_names = 0`, 'TSV');
    const line = out.split('\n')[0];
    return unescapeTsv(line.split('\t')[1]);
  } catch (e) {
    const m = String(e.message);
    const codes = [...m.matchAll(/\(([A-Z][A-Z0-9_]+)\)/g)];
    return 'ERROR ' + (codes.length ? codes[codes.length - 1][1] : 'UNKNOWN');
  }
}
function unescapeTsv(s) {
  return s.replace(/\\(.)/g, (m, c) => ({ t: '\t', n: '\n', '\\': '\\' }[c] ?? c));
}
const isError = (t) => t.startsWith('ERROR');

function argExpr(t) {
  if (G[t]) return G[t];
  // Any other type: its default value; the harness only reads the CAST's target type.
  return `CAST(defaultValueOfTypeName('${t.replace(/'/g, "\\'")}') AS ${t})`;
}
function argList(types) {
  return types.map((t) => (t.startsWith('AggregateFunction(') ? stateArg(t) : argExpr(t)));
}
// An AggregateFunction argument is produced by the matching -State call.
function stateArg(t) {
  const m = t.match(/^AggregateFunction\((\w+), (.*)\)$/);
  return `${m[1]}State(${argExpr(m[2])})`;
}
function call(name, params, args) {
  return `${name}${params !== null && params !== undefined ? `(${params})` : ''}(${args.join(', ')})`;
}

// ---- Discovery --------------------------------------------------------------------------
const ANCHORS = ['UInt8', 'Float64', 'String', 'DateTime', 'Array(UInt8)', 'UInt64'];
function discover(name) {
  if (SPECS[name]) return SPECS[name];
  // The quantile family: levels as parameters, a weight as second argument.
  const weighted = /Weighted|Deterministic/.test(name) ? ['Float64', 'UInt64'] : ['Float64'];
  if (/^quantiles/.test(name)) return [{ params: '0.5, 0.9', args: weighted }];
  if (/^quantile/.test(name)) return [{ args: weighted }, { params: '0.9', args: weighted }];
  const shapes = [];
  const tryArgs = (args) => !isError(typeOf(call(name, null, argList(args)) + ' AS r'));
  if (tryArgs([])) shapes.push({ args: [] });
  for (const a of ANCHORS) if (tryArgs([a])) { shapes.push({ args: [a] }); break; }
  outer2: for (const a of ANCHORS) for (const b of ANCHORS) {
    if (tryArgs([a, b])) { shapes.push({ args: [a, b] }); break outer2; }
  }
  if (shapes.length === 0) {
    outer3: for (const a of ANCHORS) for (const b of ANCHORS) for (const c of ANCHORS.slice(0, 3)) {
      if (tryArgs([a, b, c])) { shapes.push({ args: [a, b, c] }); break outer3; }
    }
  }
  return shapes;
}

// ---- Rows -------------------------------------------------------------------------------
// Each variation: the shape's anchors with one position replaced by a grid type (positions
// after the first use `rest` when given).
function variations(shape, grid, rest = grid) {
  const out = [];
  const seen = new Set();
  const push = (args) => {
    const key = args.join('|');
    if (!seen.has(key)) { seen.add(key); out.push(args); }
  };
  push(shape.args.slice());
  for (let i = 0; i < shape.args.length; i++) {
    for (const t of i === 0 ? grid : rest) {
      const args = shape.args.slice();
      args[i] = t;
      push(args);
    }
  }
  return out;
}

function emit(rows, group, expr, body) {
  rows.push([group, expr, typeOf(body)]);
}

let PLAIN_GRID = GRID.map((g) => g[0]);
let PLAIN_REST = PLAIN_GRID;
let FIRST_POSITION_ONLY = false;

function probeFunction(name, groups, rows) {
  const shapes = discover(name);
  if (shapes.length === 0) {
    process.stderr.write(`no valid call found for ${name}\n`);
    return;
  }
  for (const shape of shapes) {
    const params = shape.params ?? null;
    if (groups.has('plain')) {
      for (const args of variations(shape, PLAIN_GRID, PLAIN_REST)) {
        // A state argument comes from a subquery column (aggregates do not nest).
        const state = args.findIndex((t) => t.startsWith('AggregateFunction('));
        if (state >= 0) {
          const a = argList(args);
          const inner = a[state];
          a[state] = 'x';
          const e = `${call(name, params, a)} FROM (SELECT ${inner} AS x)`;
          emit(rows, 'plain', e, `${call(name, params, a)} AS r FROM (SELECT ${inner} AS x)`);
          continue;
        }
        const e = call(name, params, argList(args));
        emit(rows, 'plain', e, e + ' AS r');
      }
    }
    const small = FIRST_POSITION_ONLY ? variations(shape, SMALL).filter((a) => a.slice(1).join() === shape.args.slice(1).join()) : variations(shape, SMALL);
    for (const args of small) {
      if (args.some((t) => t.startsWith('AggregateFunction('))) continue;  // would nest aggregates
      const a = argList(args);
      const simple = (comb, extraArgs = [], p = params) => {
        if (!groups.has(comb)) return;
        const e = call(name + comb, p, a.concat(extraArgs));
        emit(rows, comb, e, e + ' AS r');
      };
      simple('State');
      simple('SimpleState');
      simple('OrNull');
      simple('OrDefault');
      simple('Distinct');
      simple('If', ['CAST(1 AS UInt8)']);
      simple('ArgMax', ['CAST(7 AS UInt32)']);
      if (groups.has('Resample')) {
        const p = params === null ? '0, 10, 5' : `${params}, 0, 10, 5`;
        simple('Resample', ['CAST(3 AS UInt8)'], p);
      }
      const wrapped = (comb, wrap) => {
        if (!groups.has(comb)) return;
        const e = call(name + comb, params, a.map(wrap));
        emit(rows, comb, e, e + ' AS r');
      };
      wrapped('Array', (x) => `[${x}]`);
      wrapped('ForEach', (x) => `[${x}]`);
      wrapped('Map', (x) => `map(CAST('k' AS String), ${x})`);
      for (const comb of ['Merge', 'MergeState']) {
        if (!groups.has(comb)) continue;
        const inner = call(name + 'State', params, a);
        const e = `${call(name + comb, params, ['x'])} FROM (SELECT ${inner} AS x)`;
        emit(rows, comb, e, `${call(name + comb, params, ['x'])} AS r FROM (SELECT ${inner} AS x)`);
      }
    }
  }
}

// Wraps argument expressions for one combinator (from the inside out).
function wrapArgs(comb, args, params) {
  switch (comb) {
    case 'If': return { args: args.concat(['CAST(1 AS UInt8)']), params };
    case 'ArgMax': case 'ArgMin': return { args: args.concat(['CAST(7 AS UInt32)']), params };
    case 'Resample': return { args: args.concat(['CAST(3 AS UInt8)']), params: (params ? params + ', ' : '') + '0, 10, 5' };
    case 'Array': case 'ForEach': return { args: args.map((x) => `[${x}]`), params };
    case 'Map': return { args: args.map((x) => `map(CAST('k' AS String), ${x})`), params };
    case 'Tuple': return { args: args.map((x) => `tuple(${x}, ${x})`), params };
    default: return { args, params };
  }
}

function probeChains(names, rows) {
  for (const name of names) {
    const shapes = discover(name);
    if (!shapes.length) continue;
    const shape = shapes.find((sh) => sh.params) || shapes[0];
    for (const chain of CHAINS) {
      const all = variations(shape, CHAIN_GRID);
      const chosen = FIRST_POSITION_ONLY ? all.filter((a) => a.slice(1).join() === shape.args.slice(1).join()) : all;
      for (const args of chosen) {
        let a = { args: argList(args), params: shape.params ?? null };
        for (const comb of chain) {
          if (comb === 'Merge' || comb === 'MergeState' || comb === 'State' || comb === 'SimpleState' ||
              comb === 'OrNull' || comb === 'OrDefault' || comb === 'Distinct') continue;
          a = wrapArgs(comb, a.args, a.params);
        }
        const mergeAt = chain.indexOf('Merge') >= 0 ? chain.indexOf('Merge') : chain.indexOf('MergeState');
        if (mergeAt >= 0) {
          // f<inner>State(args) as a column, then f<inner><Merge...>(x).
          const inner = chain.slice(0, mergeAt);
          let ia = { args: argList(args), params: shape.params ?? null };
          for (const comb of inner) ia = wrapArgs(comb, ia.args, ia.params);
          const stateCall = call(name + inner.join('') + 'State', ia.params, ia.args);
          let oa = { args: ['x'], params: ia.params };
          for (const comb of chain.slice(mergeAt + 1)) oa = wrapArgs(comb, oa.args, oa.params);
          const outer = call(name + chain.join(''), oa.params, oa.args);
          const e = `${outer} FROM (SELECT ${stateCall} AS x)`;
          emit(rows, 'Chain', e, `${outer} AS r FROM (SELECT ${stateCall} AS x)`);
          continue;
        }
        const e = call(name + chain.join(''), a.params, a.args);
        emit(rows, 'Chain', e, e + ' AS r');
      }
    }
  }
}

function probeWindow(name, rows) {
  for (const shape of WINDOW[name]) {
    const grid = shape.args.length ? PLAIN_GRID : [];
    const list = shape.raw ? [shape.raw] : variations(shape, grid).map(argList);
    for (const a of list) {
      const e = `${call(name, null, a)} OVER ()`;
      emit(rows, 'window', e, e + ' AS r');
    }
  }
}

// ---- Main -------------------------------------------------------------------------------
function main() {
  const argv = process.argv.slice(2);
  const opt = (k) => { const i = argv.indexOf(k); return i >= 0 ? argv[i + 1] : undefined; };
  if (argv.includes('--list')) {
    process.stdout.write(query(`SELECT name, alias_to, case_insensitive FROM system.functions
      WHERE is_aggregate ORDER BY name`, 'TSV'));
    return;
  }
  if (opt('--expr')) {
    console.log(typeOf(opt('--expr') + ' AS r'));
    return;
  }
  if (argv.includes('--golden')) {
    PLAIN_GRID = GOLDEN_GRID;
    PLAIN_REST = ['UInt8', 'Int64', 'Float64', 'String', 'DateTime', 'Nullable(UInt8)', 'Nullable(Nothing)'];
    SMALL = GOLDEN_SMALL;
    CHAIN_GRID = GOLDEN_CHAIN_GRID;
    FIRST_POSITION_ONLY = true;
  }
  const all = query(`SELECT name FROM system.functions WHERE is_aggregate AND alias_to = ''
    ORDER BY name`, 'TSV').trim().split('\n');
  // sumMap/minMap/maxMap are names the Map combinator resolves; probe them as functions.
  const names = opt('--only') ? opt('--only').split(',') : all.concat(['sumMap', 'minMap', 'maxMap']).sort();
  const groups = new Set((opt('--groups') ||
    'plain,State,SimpleState,OrNull,OrDefault,Distinct,If,ArgMax,Resample,Array,ForEach,Map,Merge,MergeState,window,Chain').split(','));
  const rows = [];
  for (const name of names) {
    if (NOT_PROBED.has(name)) continue;
    if (WINDOW[name]) { if (groups.has('window')) probeWindow(name, rows); continue; }
    probeFunction(name, groups, rows);
  }
  if (groups.has('Chain')) probeChains(CHAIN_FUNCTIONS.filter((n) => !opt('--only') || names.includes(n)), rows);
  const text = 'group\texpression\ttype_26_7\n' + rows.map((r) => r.join('\t')).join('\n') + '\n';
  if (opt('--out')) fs.writeFileSync(opt('--out'), text); else process.stdout.write(text);
}

main();
