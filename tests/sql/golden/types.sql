SELECT CAST(a AS LowCardinality(Nullable(String))), CAST(b AS Enum8('x' = 1, 'y' = -2)),
  CAST(c AS Tuple(name String, tags Array(String))), CAST(d AS Map(String, UInt64)),
  CAST(e AS AggregateFunction(quantiles(0.5, 0.9), Float64)), CAST(f AS DateTime64(3, 'UTC')),
  CAST(g AS SimpleAggregateFunction(sum, UInt64))
