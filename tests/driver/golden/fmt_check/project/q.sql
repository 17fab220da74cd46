SELECT a+1 FROM t;
select 2
