// parse -> print -> parse gives an equal tree, over statements covering the whole dialect.
#include <catch2/catch.hpp>

#include "tests/sql/roundtrip_check.h"

using ferry::sql::test::checkRoundTrip;

namespace {

const char* const kStatements[] = {
    // Literals and identifiers.
    "SELECT 1, -1, 0xFF, 0b101, 1.5, 1e-3, .5, inf, -inf, nan, 'it''s', 'a\\nb', NULL, true, FALSE",
    "SELECT `my col`, \"other col\", t.`a b`.c, `from`, db.t.x FROM db.t",
    "SELECT -(1), -(-1), - -x, -x * y, -(x * y), 1 - -1, NOT (a AND b), NOT a = b",
    // Operators and precedence.
    "SELECT a - (b - c), a - b - c, (a + b) * c, a + b * c, a || b || c, a % b, a MOD b, a DIV b",
    "SELECT a = b, a == b, a != b, a <> b, a < b, a <= b, a > b, a >= b, a <=> b",
    "SELECT a AND (b OR c), a AND b OR c, a OR b AND c, (a = b) = c",
    "SELECT x LIKE 'a%', x NOT LIKE 'a', x ILIKE 'b', x NOT ILIKE 'c', x REGEXP '^a'",
    "SELECT x IN (1, 2), x NOT IN (SELECT 1), x GLOBAL IN t, x GLOBAL NOT IN (1), x IN 1",
    "SELECT x BETWEEN 1 AND 2, x NOT BETWEEN a + 1 AND b * 2, x BETWEEN 1 AND 2 AND y",
    "SELECT x IS NULL, x IS NOT NULL, (a = b) IS NULL, x IS DISTINCT FROM y, x IS NOT DISTINCT FROM y",
    "SELECT a ? b : c, a > 1 ? 'x' : (b ? 1 : 2), (a ? b : c) + 1, a ? (b ? 1 : 2) : 3",
    "SELECT (*) EXCEPT SELECT 1",
    "(SELECT *) EXCEPT SELECT 1",
    "SELECT * FROM view(SELECT 1), remote('h', view(SELECT 2))",
    "SELECT * FROM a SEMI JOIN b USING (k)",
    "SELECT CAST(x AS JSON(`skip` String, SKIP a.b))",
    // CASE, CAST, INTERVAL and the special forms.
    "SELECT CASE WHEN a = 1 THEN 'one' WHEN a = 2 THEN 'two' ELSE 'many' END, CASE a WHEN 1 THEN 2 END",
    "SELECT CAST(x AS Nullable(String)), CAST(x, 'UInt8'), x::Int32, (-1)::Int8, -1::Int8, "
    "(a + b)::Float64, x::Array(UInt8)[1]",
    "SELECT INTERVAL 1 DAY, INTERVAL '1 day', INTERVAL '2' HOUR, now() - INTERVAL 3 MONTH",
    "SELECT EXTRACT(YEAR FROM d), extract(s, 'a+'), SUBSTRING(s FROM 2 FOR 3), substring(s, 1, 2)",
    "SELECT TRIM(BOTH 'x' FROM s), TRIM(LEADING ' ' FROM s), trim(s), POSITION('a' IN s), position(s, 'a')",
    "SELECT DATE '2020-01-01', TIMESTAMP '2020-01-01 00:00:00', date(x)",
    // Collections, access, lambdas.
    "SELECT [1, 2], array(1), (1, 2), tuple(1, 2), (1,), (), {'a': 1, 'b': 2}, map('a', 1)",
    "SELECT arr[1], t.1, (1, 2).2, f(x).1, tupleElement(t, 'a'), m['k'][2]",
    "SELECT arrayMap(x -> x + 1, arr), arrayFilter((x, y) -> x > y, a, b), arrayMap(x -> (x, 1), a)",
    // Functions.
    "SELECT count(), count(*), count(DISTINCT x), quantile(0.9)(x), quantiles(0.5, 0.9)(x), "
    "sumIf(x, y > 1), countIf(x) FILTER (WHERE y), any(x) RESPECT NULLS, first_value(x) IGNORE NULLS",
    "SELECT plus(a, b), not(x), `and`(a, b), if(a, b, c), multiIf(a, 1, b, 2, 3)",
    "SELECT row_number() OVER w, sum(x) OVER (PARTITION BY a ORDER BY b DESC ROWS BETWEEN "
    "UNBOUNDED PRECEDING AND CURRENT ROW), avg(x) OVER () FROM t WINDOW w AS (ORDER BY c)",
    "SELECT sum(x) OVER (ORDER BY d RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t",
    // Asterisks and matchers.
    "SELECT *, t.*, * EXCEPT (a, b), * REPLACE (a + 1 AS a), * APPLY(toString), COLUMNS('^a') APPLY(sum)",
    "SELECT {id:UInt64}, {name:String}",
    "SELECT (SELECT 1), EXISTS (SELECT 1 FROM t), x IN (SELECT y FROM u)",
    // Aliases.
    "SELECT a AS b, a + 1 AS c, (x AS y) + 1, f(z AS w), [1 AS one]",
    // WITH.
    "WITH 1 AS x, s AS (SELECT 2) SELECT x FROM s",
    "WITH (SELECT max(a) FROM t) AS m SELECT m",
    // SELECT modifiers.
    "SELECT DISTINCT a FROM t",
    "SELECT DISTINCT ON (a, b) a, b, c FROM t",
    "SELECT TOP 10 a FROM t",
    // FROM and joins.
    "SELECT * FROM t AS x FINAL SAMPLE 1 / 10 OFFSET 1 / 2",
    "SELECT * FROM numbers(10) AS n, system.one",
    "SELECT * FROM (SELECT 1 AS a) AS s WHERE a = 1",
    "SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c USING (y) RIGHT JOIN d USING z FULL OUTER JOIN e ON 1",
    "SELECT * FROM a CROSS JOIN b, c PASTE JOIN d",
    "SELECT * FROM a GLOBAL ANY LEFT JOIN b USING (k) ALL INNER JOIN c ON a.k = c.k ASOF JOIN d ON a.t >= d.t",
    "SELECT * FROM a LEFT SEMI JOIN b USING (k) RIGHT ANTI JOIN c USING (k)",
    "SELECT x FROM t ARRAY JOIN arr AS x LEFT ARRAY JOIN [1, 2] AS y, nested.z",
    // Clauses.
    "SELECT a FROM t PREWHERE b = 1 WHERE c = 2",
    "SELECT a, count() FROM t GROUP BY a WITH TOTALS HAVING count() > 1",
    "SELECT a, b FROM t GROUP BY ROLLUP(a, b)",
    "SELECT a, b FROM t GROUP BY CUBE(a, b)",
    "SELECT a, b FROM t GROUP BY a, b WITH ROLLUP",
    "SELECT a, b FROM t GROUP BY a, b WITH CUBE WITH TOTALS",
    "SELECT a, b FROM t GROUP BY GROUPING SETS ((a, b), (a), ())",
    "SELECT a FROM t GROUP BY ALL",
    "SELECT a FROM t QUALIFY row_number() OVER (ORDER BY a) = 1",
    "SELECT a FROM t ORDER BY a ASC NULLS FIRST, b DESC NULLS LAST, c COLLATE 'en'",
    "SELECT n FROM t ORDER BY n WITH FILL FROM 1 TO 10 STEP 2 INTERPOLATE (x AS x + 1, y)",
    "SELECT a FROM t ORDER BY ALL",
    "SELECT a FROM t LIMIT 1 BY a LIMIT 10",
    "SELECT a FROM t LIMIT 2 OFFSET 1 BY a",
    "SELECT a FROM t LIMIT 10 OFFSET 5",
    "SELECT a FROM t LIMIT 5, 10",
    "SELECT a FROM t ORDER BY a LIMIT 3 WITH TIES",
    "SELECT a FROM t OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY",
    "SELECT a FROM t SETTINGS max_threads = 1, join_use_nulls = 1",
    "SELECT 1 FORMAT JSONEachRow",
    "SELECT 1 FORMAT Null",
    "SELECT NOT NOT a, NOT (NOT a = b), NOT -a",
    "SELECT 1 INTO OUTFILE 'out.csv' FORMAT CSV",
    // Set operations.
    "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3",
    "SELECT 1 UNION DISTINCT SELECT 2 EXCEPT SELECT 3 INTERSECT SELECT 4",
    "(SELECT 1) UNION ALL (SELECT 2)",
    "SELECT 1 UNION ALL (SELECT 2 UNION ALL SELECT 3)",
    "SELECT * FROM (SELECT 1 UNION ALL SELECT 2)",
    // Types.
    "SELECT CAST(x AS DateTime64(3, 'UTC')), CAST(x AS Decimal(10, 2)), CAST(x AS LowCardinality(Nullable(String)))",
    "SELECT CAST(x AS Enum8('a' = 1, 'b' = 2)), CAST(x AS Tuple(a String, b UInt8)), CAST(x AS Map(String, Array(UInt8)))",
    "SELECT CAST(x AS AggregateFunction(quantiles(0.5, 0.9), UInt64)), CAST(x AS Tuple())",
};

}  // namespace

TEST_CASE("parse -> print -> parse gives an equal tree", "[roundtrip]") {
  for (const char* text : kStatements) {
    auto r = checkRoundTrip(text);
    INFO("statement: " << text << "\nprinted: " << r.printed << "\n" << r.failure);
    CHECK(r.ok);
  }
}
