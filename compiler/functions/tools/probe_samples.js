// The argument samples the function probes are made of, shared by probe_functions.js (which
// asks ClickHouse) and propose_catalog.js (which reads the answers back).
//
// A sample is either a column of the probe table (so nothing is constant-folded and no value is
// ever computed: DESCRIBE only analyses) or a constant expression, for the arguments ClickHouse
// wants constant (time zones, units, type names, scales, lambdas).

/// [name, type, class] of each column of the probe table. `class` is the argument class the
/// catalog's `arguments` column uses for it.
const COLUMNS = [
  ["u8", "UInt8", "uint8"], ["u16", "UInt16", "uint16"], ["u32", "UInt32", "uint32"],
  ["u64", "UInt64", "uint64"], ["u128", "UInt128", "uint128"], ["u256", "UInt256", "uint256"],
  ["i8", "Int8", "int8"], ["i16", "Int16", "int16"], ["i32", "Int32", "int32"], ["i64", "Int64", "int64"],
  ["i128", "Int128", "int128"], ["i256", "Int256", "int256"],
  ["f32", "Float32", "float32"], ["f64", "Float64", "float64"], ["bf16", "BFloat16", "bfloat16"],
  ["d9", "Decimal(9, 2)", "decimal"], ["d18", "Decimal(18, 4)", "decimal"],
  ["d38", "Decimal(38, 6)", "decimal"],
  ["b", "Bool", "bool"],
  ["s", "String", "string"], ["fs", "FixedString(3)", "fixedstring"],
  ["d", "Date", "date"], ["d32", "Date32", "date32"],
  ["dt", "DateTime", "datetime"], ["dtz", "DateTime('UTC')", "datetime"],
  ["dt64", "DateTime64(3)", "datetime64"], ["dt64z", "DateTime64(6, 'UTC')", "datetime64"],
  ["uuid", "UUID", "uuid"], ["ip4", "IPv4", "ipv4"], ["ip6", "IPv6", "ipv6"],
  ["e8", "Enum8('a' = 1, 'b' = 2)", "enum"],
  ["au8", "Array(UInt8)", "array"], ["ai64", "Array(Int64)", "array"],
  ["af64", "Array(Float64)", "array"], ["as", "Array(String)", "array"],
  ["aau8", "Array(Array(UInt8))", "array"], ["an", "Array(Nullable(UInt8))", "array"],
  ["t", "Tuple(UInt8, String)", "tuple"], ["tn", "Tuple(a UInt8, b String)", "tuple"],
  ["tf", "Tuple(Float64, Float64)", "tuple"],
  ["m", "Map(String, UInt8)", "map"],
  ["js", "JSON", "json"], ["dyn", "Dynamic", "dynamic"], ["var", "Variant(String, UInt64)", "variant"],
  // Wrapped twins: only used to see how a function treats Nullable / LowCardinality.
  ["n_u8", "Nullable(UInt8)", "nullable"], ["n_i64", "Nullable(Int64)", "nullable"],
  ["n_f64", "Nullable(Float64)", "nullable"], ["n_s", "Nullable(String)", "nullable"],
  ["n_dt", "Nullable(DateTime)", "nullable"], ["n_d", "Nullable(Date)", "nullable"],
  ["lc", "LowCardinality(String)", "lowcardinality"],
  ["lcn", "LowCardinality(Nullable(String))", "lowcardinality"],
];

/// [name, SQL, type, class] of the constant samples.
const CONSTANTS = [
  ["c_int", "3", "UInt8", "uint8"],
  ["c_neg", "-1", "Int8", "int8"],
  ["c_float", "0.5", "Float64", "float64"],
  ["c_str", "'a'", "String", "string"],
  ["c_tz", "'UTC'", "String", "string"],
  ["c_unit", "'day'", "String", "string"],
  ["c_type", "'UInt8'", "String", "string"],
  ["c_json", "'{\"a\":1}'", "String", "string"],
  ["c_interval", "INTERVAL 1 DAY", "IntervalDay", "interval"],
  ["c_null", "NULL", "Nullable(Nothing)", "nothing"],
  ["c_arr", "[1, 2]", "Array(UInt8)", "array"],
  ["lam1", "x -> x", "Function", "lambda"],
  ["lam2", "(x, y) -> x", "Function", "lambda"],
];

/// The value of each constant sample as [ConstantValue kind, value text], for the C++ side
/// that replays the probes (tests/functions/probe_agreement.cpp). Lambdas have no value.
const CONSTANT_VALUES = {
  c_int: ["UInt", "3"], c_neg: ["Int", "-1"], c_float: ["Float", "0.5"], c_str: ["String", "a"],
  c_tz: ["String", "UTC"], c_unit: ["String", "day"], c_type: ["String", "UInt8"],
  c_json: ["String", "{\"a\":1}"], c_interval: ["UInt", "1"], c_null: ["Null", ""],
  c_arr: ["Array", "1,2"],
  k_u8: ["UInt", "7"], k_i64: ["UInt", "7"], k_f64: ["Float", "7"], k_d9: ["Float", "7"],
  k_b: ["Bool", "1"], k_s: ["String", "abc"], k_fs: ["String", "abc"], k_d: ["String", "2024-01-02"],
  k_d32: ["String", "2024-01-02"], k_dt: ["String", "2024-01-02 03:04:05"],
  k_dt64: ["String", "2024-01-02 03:04:05"], k_au8: ["Array", "1,2"], k_as: ["Array", "a,b"],
  k_t: ["Tuple", "1,a"], k_m: ["Tuple", ""], k_uuid: ["String", "00000000-0000-0000-0000-000000000001"],
  k_ip4: ["String", "1.2.3.4"], k_ip6: ["String", "::1"],
};

/// Constant twins of the columns, for the LowCardinality probes (ClickHouse keeps a result
/// LowCardinality only when every other argument is constant).
const CONSTANT_TWINS = {
  u8: "CAST(7 AS UInt8)", i64: "CAST(7 AS Int64)", f64: "CAST(7 AS Float64)",
  d9: "CAST(7 AS Decimal(9, 2))", b: "true", s: "'abc'", fs: "toFixedString('abc', 3)",
  d: "toDate('2024-01-02')", d32: "toDate32('2024-01-02')", dt: "toDateTime('2024-01-02 03:04:05')",
  dt64: "toDateTime64('2024-01-02 03:04:05', 3)", au8: "[1, 2]", as: "['a', 'b']",
  t: "(1, 'a')", m: "map('a', 1)", uuid: "toUUID('00000000-0000-0000-0000-000000000001')",
  ip4: "toIPv4('1.2.3.4')", ip6: "toIPv6('::1')",
};

/// The Nullable / LowCardinality twin column of a plain column, where the probe table has one.
const NULLABLE_TWIN = { u8: "n_u8", i64: "n_i64", f64: "n_f64", s: "n_s", dt: "n_dt", d: "n_d" };
const LOWCARD_TWIN = { s: "lc" };

const SAMPLES = new Map();
for (const [name, type, cls] of COLUMNS) SAMPLES.set(name, { name, sql: name, type, cls, column: true });
for (const [name, sql, type, cls] of CONSTANTS) SAMPLES.set(name, { name, sql, type, cls, column: false });
for (const [name, sql] of Object.entries(CONSTANT_TWINS))
  SAMPLES.set(`k_${name}`, { name: `k_${name}`, sql, type: SAMPLES.get(name).type, cls: SAMPLES.get(name).cls, column: false });

/// Arity 1 tries every sample but the wrapped twins; arity >= 2 grids a smaller set.
const UNARY = [...SAMPLES.values()]
  .filter((s) => !["nullable", "lowcardinality"].includes(s.cls) && !s.name.startsWith("k_"))
  .map((s) => s.name);
const GRID = ["u8", "i64", "f64", "d9", "b", "s", "fs", "d", "d32", "dt", "dt64", "uuid", "ip4",
  "ip6", "au8", "as", "t", "m", "c_int", "c_str", "c_tz", "c_unit", "c_type", "c_interval",
  "c_float", "c_json"];
/// First two arguments of an arity-3 grid when no arity-2 call type-checked.
const GRID3_PREFIX = ["u8", "f64", "s", "dt", "au8", "c_int", "c_str", "c_tz", "c_unit", "c_type",
  "c_json", "lam1", "lam2"];

function createTableSql() {
  const cols = COLUMNS.map(([n, t]) => `\`${n}\` ${t}`).join(", ");
  return `CREATE TABLE p (${cols}) ENGINE = Memory`;
}

/// `node probe_samples.js` prints the samples as TSV: name, type, constant kind ("" for a
/// column, "Lambda" for a lambda), value.
if (require.main === module) {
  const lines = ["name\ttype\tconstant\tvalue"];
  for (const s of SAMPLES.values()) {
    const [kind, value] = s.column ? ["", ""] : s.cls === "lambda" ? ["Lambda", s.sql] : CONSTANT_VALUES[s.name];
    lines.push([s.name, s.type, kind, value].join("\t"));
  }
  console.log(lines.join("\n"));
}

module.exports = { COLUMNS, CONSTANTS, SAMPLES, UNARY, GRID, GRID3_PREFIX, NULLABLE_TWIN, LOWCARD_TWIN,
  createTableSql };
