SELECT a.id, b.name, c.v, x
FROM db.a AS a
GLOBAL ANY LEFT JOIN (SELECT id, name FROM b WHERE ok) AS b USING (id)
INNER JOIN c ON a.id = c.id AND c.kind != 'x'
LEFT ARRAY JOIN a.items AS x
