SELECT -(-1), - x, a - (b - c), (a + b) * c, NOT (a AND b), (x,), (1, 2).1, arr[1 + 1],
  CASE WHEN x > 0 THEN 'pos' WHEN x < 0 THEN 'neg' ELSE 'zero' END AS sign,
  CAST(x AS Nullable(Decimal(10, 2))), x::UInt8, CAST(y, 'String'),
  arrayMap((k, v) -> k || v, keys, vals), a ? b : c, x BETWEEN 1 AND 10, y IS NOT NULL,
  'it''s \t tab', `weird name`, {param:DateTime64(3)}
