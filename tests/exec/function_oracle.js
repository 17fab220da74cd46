// Asks ClickHouse (chDB) what the cases of function_cases.txt give: for each expression the types
// of its nodes (toTypeName of the texts the C++ driver lists), the input rows and the results as
// TSV, or the error ClickHouse raises. Usage: node function_oracle.js NODE_MODULES REQUESTS ANSWERS
const fs = require("fs");
const path = require("path");
const [nodeModules, requestsPath, answersPath] = process.argv.slice(2);
const { query } = require(path.resolve(nodeModules, "chdb"));

const settings = " SETTINGS session_timezone='UTC', print_pretty_type_names=0";
const lines = (tsv) => (tsv === "" ? [] : tsv.replace(/\n$/, "").split("\n"));
const errorCode = (message) => {
  const m = /\(([A-Z_0-9]+)\)/.exec(message);
  return m ? m[1] : "UNKNOWN";
};

const requests = JSON.parse(fs.readFileSync(requestsPath, "utf8"));
const answers = requests.map((r) => {
  const from = ` FROM values('${r.columns.replace(/'/g, "\\'")}', ${r.rows})`;
  const answer = {};
  try {
    answer.types = r.typing.map((t) => lines(query(`SELECT toTypeName(${t})${from} LIMIT 1${settings}`, "TSV"))[0].replace(/\\(.)/g, "$1"));
    answer.input = lines(query(`SELECT *${from}${settings}`, "TSV"));
  } catch (e) {
    return { oracle_error: String(e.message || e).split("\n")[0] };
  }
  try {
    answer.output = lines(query(`SELECT ${r.expr}${from}${settings}`, "TSV"));
  } catch (e) {
    answer.error = String(e.message || e).split("\n")[0];
    answer.error_code = errorCode(answer.error);
  }
  return answer;
});
fs.writeFileSync(answersPath, JSON.stringify(answers, null, 1));
