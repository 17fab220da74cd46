// ClickHouse SELECT dialect for Ferry, written from scratch as explicit precedence levels so that
// SLL prediction never needs full context (reference/toolchain.md §2; the corpus ctest asserts
// zero LL fallbacks):
//   lambda < ternary < OR < AND < NOT < IS NULL, IS DISTINCT FROM < BETWEEN
//   < comparison (=, LIKE, IN) < || < + - < * / % < unary minus < postfix ([ ], .1, .name, ::T)
//   < primary; see comparisonTail for how one loop reads the three comparison levels.
// Keywords are names everywhere except for a small "hard" set; implicit aliases exclude the
// keywords that can follow an expression or a table in a clause.
parser grammar ClickHouseParser;

options { tokenVocab = ClickHouseLexer; }

// Entry points -----------------------------------------------------------------------------------
queryEntry: statement SEMICOLON? EOF;
expressionEntry: expr EOF;
expressionListEntry: expr (COMMA expr)* COMMA? EOF;
typeEntry: typeExpr EOF;
/// A TTL list (ENGINE_TTL): `expr [DELETE | TO DISK 'd' | TO VOLUME 'v' | RECOMPRESS CODEC(..)]
/// [WHERE cond] [GROUP BY keys [SET col = expr, ...]]`, comma-separated.
ttlListEntry: ttlElement (COMMA ttlElement)* EOF;
ttlElement: expr ttlAction? (WHERE expr)? (GROUP BY expr (COMMA expr)* (SET ttlAssignment (COMMA ttlAssignment)*)?)?;
ttlAction: DELETE | TO DISK STRING | TO VOLUME STRING | RECOMPRESS functionCall;
ttlAssignment: identifier EQ expr;

statement: explainStatement | query;

explainStatement
  : EXPLAIN CURRENT TRANSACTION
  | EXPLAIN explainKind? (explainSetting (COMMA explainSetting)*)? query
  ;
explainKind: AST | SYNTAX | QUERY TREE | PLAN | PIPELINE | ESTIMATE;
explainSetting: identifier EQ literal;

// Queries ----------------------------------------------------------------------------------------
query: selectUnion intoOutfile? formatClause? settingsClause?;

selectUnion: selectIntersect (setOperator selectIntersect)*;
setOperator: (UNION | EXCEPT) (ALL | DISTINCT)?;
selectIntersect: selectPrimary (INTERSECT (ALL | DISTINCT)? selectPrimary)*;
selectPrimary: selectCore | LPAREN query RPAREN;

selectCore
  : withClause?
    SELECT selectModifiers? selectList
    fromClause?
    prewhereClause?
    whereClause?
    groupByClause?
    (WITH TOTALS)?
    havingClause?
    windowClause?
    qualifyClause?
    orderByClause?
    interpolateClause?
    limitByClause?
    limitClause?
    offsetClause?
    fetchClause?
    settingsClause?
  ;

selectModifiers
  : DISTINCT (ON LPAREN expr (COMMA expr)* RPAREN)? topClause?
  | ALL topClause?
  | topClause
  ;
topClause: TOP (NUMBER | LPAREN expr RPAREN) (WITH TIES)?;

selectList: selectItem (COMMA selectItem)* COMMA?;
selectItem: expr alias?;
alias: AS anyName | aliasIdentifier;

withClause: WITH RECURSIVE? withItem (COMMA withItem)*;
withItem
  : identifier (LPAREN identifier (COMMA identifier)* RPAREN)? AS MATERIALIZED? LPAREN query RPAREN   # withSubquery
  | expr (AS identifier)?                                                                       # withExpression
  ;

fromClause: FROM joinedTables;
joinedTables: tableExpr joinStep*;
joinStep
  : COMMA tableExpr                       # commaJoin
  | arrayJoinClause                       # arrayJoinStep
  | joinKind? JOIN tableExpr joinConstraint?  # regularJoin
  ;
arrayJoinClause: (LEFT | INNER)? ARRAY JOIN arrayJoinItem (COMMA arrayJoinItem)*;
arrayJoinItem: expr alias?;
joinKind: (GLOBAL | LOCAL) joinModifiers? | joinModifiers;
joinModifiers: joinStrictness joinDirection? | joinDirection joinStrictness?;
joinStrictness: ANY | ALL | ASOF | SEMI | ANTI;
joinDirection: INNER | (LEFT | RIGHT | FULL) OUTER? | CROSS | PASTE;
joinConstraint
  : ON expr
  | USING (LPAREN expr (COMMA expr)* RPAREN | expr (COMMA expr)*)
  ;

tableExpr: tablePrimary (alias aliasColumns?)? FINAL? sampleClause?;
/// `(SELECT 1, 2) AS t(a, b)` names the columns too.
aliasColumns: LPAREN identifier (COMMA identifier)* RPAREN;
tablePrimary
  : LPAREN (query | explainStatement) RPAREN  # tableSubquery
  | anyName LPAREN functionArgs? RPAREN      # tableFunction
  | anyName (DOT anyName)?                   # tableName
  | queryParameter (DOT (anyName | queryParameter))?   # tableParameter
  ;
sampleClause: SAMPLE sampleRatio (OFFSET sampleRatio)?;
sampleRatio: numberLiteral (SLASH numberLiteral)?;

prewhereClause: PREWHERE aliasedExpr;
whereClause: WHERE aliasedExpr;
groupByClause: GROUP BY groupByBody (WITH (ROLLUP | CUBE))?;
groupByBody
  : ALL                                                         # groupByAll
  | GROUPING SETS LPAREN aliasedExpr (COMMA aliasedExpr)* RPAREN     # groupByGroupingSets
  | (ROLLUP | CUBE) LPAREN aliasedExpr (COMMA aliasedExpr)* RPAREN   # groupByRollupCube
  | aliasedExpr (COMMA aliasedExpr)*                                 # groupByList
  ;
havingClause: HAVING aliasedExpr;
windowClause: WINDOW windowDefinition (COMMA windowDefinition)*;
windowDefinition: identifier AS LPAREN windowSpec RPAREN;
qualifyClause: QUALIFY aliasedExpr;

orderByClause: ORDER BY (ALL orderDirection? (NULLS (FIRST | LAST))? | orderItem (COMMA orderItem)*);
orderItem: aliasedExpr orderDirection? (NULLS (FIRST | LAST))? (COLLATE STRING)? withFill?;
orderDirection: ASC | ASCENDING | DESC | DESCENDING;
withFill: WITH FILL (FROM expr)? (TO expr)? (STEP expr)? (STALENESS expr)?;
interpolateClause: INTERPOLATE (LPAREN (interpolateItem (COMMA interpolateItem)*)? RPAREN)?;
interpolateItem: identifier (AS expr)?;

limitByClause: LIMIT limitValue BY (ALL | aliasedExpr (COMMA aliasedExpr)*);
limitClause: LIMIT limitValue (WITH TIES)?;
limitValue: expr ((COMMA | OFFSET) expr)?;
offsetClause: OFFSET expr (ROW | ROWS)?;
fetchClause: FETCH (FIRST | NEXT) expr? (ROW | ROWS) (ONLY | WITH TIES);

settingsClause: SETTINGS settingItem (COMMA settingItem)*;
settingItem: identifier (EQ expr)?;
formatClause: FORMAT anyName;
intoOutfile: INTO OUTFILE STRING (AND STDOUT)? APPEND? TRUNCATE? (COMPRESSION STRING (LEVEL numberLiteral)?)?;

// Expressions ------------------------------------------------------------------------------------
expr
  : lambdaParameters ARROW expr                        # lambdaExpr
  | orExpr (QUESTION ternaryBranch COLON ternaryBranch)?   # plainExpr
  ;
/// `a ? b : c ? d : e` nests to the right; branches take no lambda.
ternaryBranch: orExpr (QUESTION ternaryBranch COLON ternaryBranch)?;
lambdaParameters
  : identifier
  | LPAREN (identifier (COMMA identifier)*)? RPAREN
  ;
orExpr: andExpr (OR andExpr)*;
andExpr: notExpr (AND notExpr)*;
notExpr: NOT notExpr | comparisonExpr;
/// ClickHouse's levels between NOT and ||, loosest first: IS [NOT] NULL and IS [NOT] DISTINCT
/// FROM; [NOT] BETWEEN; the comparisons (= < LIKE IN <=> ...). Each looser operator applies to
/// everything before it (`a = b IS NULL = c` is `((a = b) IS NULL) = c`), so one left-to-right
/// loop reads them, while the right-hand operands of BETWEEN and IS DISTINCT FROM take the
/// tighter levels greedily: `a BETWEEN b AND c = d` has the high bound `c = d`,
/// `a IS DISTINCT FROM b BETWEEN 1 AND 2` compares a with the BETWEEN.
comparisonExpr: concatExpr comparisonTail*;
comparisonTail
  : comparison                                           # plainComparison
  | NOT? BETWEEN betweenOperand AND betweenOperand       # betweenComparison
  | IS NOT? NULL_ nullResultOp*                          # isNullComparison
  | IS NOT? DISTINCT FROM distinctOperand                # isDistinctComparison
  ;
/// `1 != NOT x` compares with NOT x (ClickHouse formats it `1 != (NOT x)`).
comparison
  : comparisonOperator (concatExpr | NOT notExpr)        # binaryComparison
  | NOT? (LIKE | ILIKE | REGEXP) concatExpr              # likeComparison
  | GLOBAL? NOT? IN concatExpr                           # inComparison
  ;
/// ClickHouse goes on with arithmetic on the result of `x IS NULL`: `a IS NULL + 1 * 2` is
/// `(a IS NULL) + (1 * 2)`, each operator taking its usual right operand.
nullResultOp
  : (STAR | SLASH | PERCENT | DIV | MOD) unaryExpr
  | (PLUS | MINUS) mulExpr
  | CONCAT addExpr
  ;
betweenOperand: concatExpr comparison*;
distinctOperand: betweenOperand (NOT? BETWEEN betweenOperand AND betweenOperand)*;
comparisonOperator: EQ | EQ_DOUBLE | NOT_EQ | LT | GT | LE | GE | NULL_SAFE_EQ;
/// A right operand of an arithmetic or concat operator may be `NOT x`, which then takes the
/// rest of the expression up to AND/OR: ClickHouse reads `1 + NOT 0 + 2` as `1 + (NOT (0 + 2))`.
concatExpr: addExpr (CONCAT (addExpr | negatedOperand))*;
addExpr: mulExpr ((PLUS | MINUS) (mulExpr | negatedOperand))*;
mulExpr: unaryExpr ((STAR | SLASH | PERCENT | DIV | MOD) (unaryExpr | negatedOperand))*;
unaryExpr: MINUS (unaryExpr | negatedOperand) | postfixExpr;
negatedOperand: NOT notExpr;
postfixExpr: primary postfixOp*;
postfixOp
  : LBRACKET expr? RBRACKET         # subscriptOp
  | DOT_NUMBER                      # tupleIndexOp
  | DOT MINUS NUMBER                # negativeTupleIndexOp
  | DOT anyName LPAREN functionArgs? RPAREN   # qualifiedColumnsOp
  | DOT anyName                     # memberOp
  | DOT STAR                        # memberStarOp
  | DOT COLON typeExpr              # typedSubcolumnOp
  | DOT CARET anyName               # prefixSubcolumnOp
  | DOUBLE_COLON typeExpr           # castOp
  | columnTransformer               # transformerOp
  ;
columnTransformer
  : EXCEPT STRICT? (LPAREN transformerName (COMMA transformerName)* RPAREN | transformerName)   # exceptTransformer
  | REPLACE STRICT? (LPAREN replaceItem (COMMA replaceItem)* RPAREN | replaceItem)          # replaceTransformer
  | APPLY (LPAREN expr RPAREN | identifier ARROW expr | identifier)                         # applyTransformer
  ;
transformerName: identifier | STRING;
replaceItem: expr AS identifier;

primary
  : literal                                                          # literalPrimary
  | (DATE | TIMESTAMP) STRING                                        # typedLiteralPrimary
  | INTERVAL addExpr (AS anyName)? IDENT                             # intervalPrimary
  | INTERVAL STRING                                                  # intervalStringPrimary
  | LPAREN (query | explainStatement) RPAREN                         # subqueryPrimary
  | LPAREN (aliasedExpr (COMMA aliasedExpr)* COMMA?)? RPAREN                 # parenPrimary
  | LBRACKET (aliasedExpr (COMMA aliasedExpr)* COMMA?)? RBRACKET             # arrayPrimary
  | queryParameter                                                   # parameterPrimary
  | LBRACE (mapEntry (COMMA mapEntry)*)? RBRACE                      # mapPrimary
  | CASE (caseOperand = expr)? (WHEN expr THEN expr)+ (ELSE expr)? END   # casePrimary
  | CAST LPAREN expr alias? (AS typeExpr | COMMA expr alias?) RPAREN   # castPrimary
  | EXTRACT LPAREN (identifier FROM expr alias? | functionArgs) RPAREN   # extractPrimary
  | SUBSTRING LPAREN expr alias? (FROM expr alias? (FOR expr alias?)? | (COMMA expr alias?)*) RPAREN   # substringPrimary
  | TRIM LPAREN (trimSide FROM expr alias? | trimSide? expr alias? (FROM expr alias? | (COMMA expr alias?)*)) RPAREN   # trimPrimary
  | STAR                                                             # starPrimary
  | functionCall                                                     # functionPrimary
  | identifier                                                       # identifierPrimary
  ;
/// ClickHouse accepts `expr AS name` in any expression list, not only in SELECT.
aliasedExpr: expr (AS anyName)?;
mapEntry: expr COLON expr;
trimSide: BOTH | LEADING | TRAILING;
queryParameter: LBRACE anyName COLON typeExpr RBRACE;

functionCall
  : functionName LPAREN functionArgs? RPAREN (LPAREN functionArgs? RPAREN)?
    nullsModifier? filterClause? overClause?
  ;
functionName: identifier | AND | OR | LIKE | ILIKE | IN | ALL;
functionArgs
  : (DISTINCT | ALL) (functionArg (COMMA functionArg)* COMMA?)?
  | functionArg (COMMA functionArg)* COMMA?
  ;
/// Arguments may carry aliases, with or without AS (`f(x AS a)`, `f(x a)`). A bare ALL or
/// DISTINCT argument (`repeat(ALL, 5)`, and `sum(ALL)` read as the modifier alone) names a column.
functionArg: query | expr alias? | ALL | DISTINCT;
nullsModifier: (RESPECT | IGNORE) NULLS;
filterClause: FILTER LPAREN WHERE expr RPAREN;
overClause: OVER (identifier | LPAREN windowSpec RPAREN);
windowSpec: identifier? (PARTITION BY aliasedExpr (COMMA aliasedExpr)*)? (ORDER BY orderItem (COMMA orderItem)*)? windowFrame?;
windowFrame: (ROWS | RANGE | GROUPS) (BETWEEN frameBound AND frameBound | frameBound);
frameBound
  : UNBOUNDED (PRECEDING | FOLLOWING)
  | CURRENT ROW
  | addExpr (PRECEDING | FOLLOWING)
  ;

literal
  : numberLiteral
  | STRING
  | HEX_STRING
  | BIN_STRING
  | HEREDOC
  | NULL_
  | TRUE
  | FALSE
  | INF_
  | NAN_
  ;
numberLiteral: NUMBER | HEX_NUMBER | BIN_NUMBER | DOT_NUMBER;
signedNumber: (MINUS | PLUS)? (numberLiteral | INF_ | NAN_);

// Types ------------------------------------------------------------------------------------------
/// A trailing comma is allowed: `Tuple(Int, String,)`.
typeExpr: typeName (LPAREN (typeArg (COMMA typeArg)* COMMA?)? RPAREN)?;
typeName: identifier typeNameSuffix*;
typeNameSuffix: PRECISION | UNSIGNED | SIGNED | VARYING | LARGE OBJECT;
typeArg
  : STRING (EQ signedNumber)?            # stringTypeArg
  | signedNumber                         # numberTypeArg
  | NULL_                                 # nullTypeArg
  | typeConstantList                      # listTypeArg
  | SKIP_ (REGEXP STRING | dottedName)   # skipTypeArg
  | anyName EQ (literal | identifier)    # settingTypeArg
  | dottedName typeExpr                  # namedTypeArg
  | typeExpr                             # nestedTypeArg
  ;
dottedName: anyName (DOT anyName)*;
/// Array and tuple constants as type parameters: `sumMapFiltered([1, 2])` in AggregateFunction.
typeConstantList
  : LBRACKET (typeConstant (COMMA typeConstant)*)? RBRACKET   # arrayTypeConstant
  | LPAREN typeConstant (COMMA typeConstant)+ RPAREN          # tupleTypeConstant
  ;
typeConstant: signedNumber | STRING | NULL_ | typeConstantList;

// Names ------------------------------------------------------------------------------------------
/// A name in expression, table and type position: plain or quoted, or any keyword outside the
/// hard set (ClickHouse lets almost any keyword name a column, table or function).
identifier: IDENT | QUOTED_IDENT | softKeyword;
/// After a dot or in a parameter, every word is a name.
anyName: identifier | hardKeyword;
/// An alias without AS: never a keyword that can continue the clause.
aliasIdentifier: IDENT | QUOTED_IDENT | aliasKeyword;
hardKeyword
  : ALL | AND | AS | BETWEEN | CASE | CAST | CUBE | DISTINCT | ELSE | EXCEPT | EXTRACT | FALSE | FROM | ILIKE | IN | INF_ | INTERSECT | IS | LIKE | NAN_ | NOT | NULL_ | OR | ROLLUP | SELECT | SUBSTRING | THEN | TRIM | TRUE | UNION | WHEN | WITH
  ;
softKeyword
  :  ANTI | ANY | APPEND | APPLY | ARRAY | ASC | ASCENDING | ASOF | AST | BOTH | BY | COLLATE
    | COMPRESSION | CROSS | CURRENT | DATE | DELETE | DESC | DESCENDING | DISK | DIV | END | ESTIMATE
    | EXPLAIN | FETCH | FILL | FILTER | FINAL | FIRST | FOLLOWING | FOR | FORMAT | FULL | GLOBAL
    | GROUP | GROUPING | GROUPS | HAVING | IGNORE | INNER | INTERPOLATE | INTERVAL | INTO | JOIN
    | LARGE | LAST | LEADING | LEFT | LEVEL | LIMIT | LOCAL | MATERIALIZED | MOD | NEXT | NULLS
    | OBJECT | OFFSET | ON | ONLY | ORDER | OUTER | OUTFILE | OVER | PARTITION | PASTE | PIPELINE
    | PLAN | PRECEDING | PRECISION | PREWHERE | QUALIFY | QUERY | RANGE | RECOMPRESS | RECURSIVE | REGEXP
    | REPLACE | RESPECT | RIGHT | ROW | ROWS | SAMPLE | SEMI | SET | SETS | SETTINGS | SIGNED | SKIP_
    | STALENESS | STDOUT | STEP | STRICT | SYNTAX | TIES | TIMESTAMP | TO | TOP | TOTALS | TRAILING
    | TRANSACTION | TREE | TRUNCATE | UNBOUNDED | UNSIGNED | USING | VARYING | VOLUME | WHERE | WINDOW  ;
aliasKeyword
  :  APPEND | AST | BOTH | BY | COMPRESSION | CURRENT | DATE | ESTIMATE | EXPLAIN | FILL
    | FIRST | GROUPING | INTERVAL | LARGE | LAST | LEADING | LEVEL | MATERIALIZED | NEXT | OBJECT
    | ONLY | OUTFILE | PARTITION | PIPELINE | PLAN | PRECISION | QUERY | RECURSIVE | ROW | SETS
    | SIGNED | SKIP_ | STDOUT | STRICT | SYNTAX | TIES | TIMESTAMP | TOP | TOTALS | TRAILING
    | TRANSACTION | TREE | TRUNCATE | UNBOUNDED | UNSIGNED | VARYING | DISK | VOLUME  ;
