// ClickHouse SQL lexer (SELECT dialect) for Ferry. Written from the ClickHouse documentation and
// the behaviour of ClickHouse 26.x; keywords are case-insensitive (4.7.2 tool: letter fragments).
lexer grammar ClickHouseLexer;

@lexer::members {
  /// Consumes the body of a heredoc (dollar, tag, dollar ... the same again) once the opening
  /// delimiter was matched:
  /// a lexer rule cannot require the closing tag to equal the opening one, so this action
  /// scans for it by hand (an unterminated heredoc runs to the end of the input).
  void consumeHeredocBody() {
    std::string open = getText();
    size_t n = open.size();
    std::string window;
    while (_input->LA(1) != antlr4::Token::EOF) {
      window.push_back(static_cast<char>(_input->LA(1)));
      getInterpreter<antlr4::atn::LexerATNSimulator>()->consume(_input);
      if (window.size() > n) window.erase(0, 1);
      if (window == open) return;
    }
  }
}

// Keywords ---------------------------------------------------------------------------------------
ALL: A L L;
AND: A N D;
ANTI: A N T I;
ANY: A N Y;
APPEND: A P P E N D;
APPLY: A P P L Y;
ARRAY: A R R A Y;
AS: A S;
ASC: A S C;
ASCENDING: A S C E N D I N G;
ASOF: A S O F;
AST: A S T;
BETWEEN: B E T W E E N;
BOTH: B O T H;
BY: B Y;
CASE: C A S E;
CAST: C A S T;
COLLATE: C O L L A T E;
COMPRESSION: C O M P R E S S I O N;
CROSS: C R O S S;
CUBE: C U B E;
CURRENT: C U R R E N T;
DATE: D A T E;
DELETE: D E L E T E;
DESC: D E S C;
DESCENDING: D E S C E N D I N G;
DISTINCT: D I S T I N C T;
DISK: D I S K;
DIV: D I V;
ELSE: E L S E;
END: E N D;
ESTIMATE: E S T I M A T E;
EXCEPT: E X C E P T;
EXPLAIN: E X P L A I N;
EXTRACT: E X T R A C T;
FALSE: F A L S E;
FETCH: F E T C H;
FILL: F I L L;
FILTER: F I L T E R;
FINAL: F I N A L;
FIRST: F I R S T;
FOLLOWING: F O L L O W I N G;
FOR: F O R;
FORMAT: F O R M A T;
FROM: F R O M;
FULL: F U L L;
GLOBAL: G L O B A L;
GROUP: G R O U P;
GROUPING: G R O U P I N G;
GROUPS: G R O U P S;
HAVING: H A V I N G;
IGNORE: I G N O R E;
ILIKE: I L I K E;
IN: I N;
INF_: I N F;
INNER: I N N E R;
INTERPOLATE: I N T E R P O L A T E;
INTERSECT: I N T E R S E C T;
INTERVAL: I N T E R V A L;
INTO: I N T O;
IS: I S;
JOIN: J O I N;
LARGE: L A R G E;
LAST: L A S T;
LEADING: L E A D I N G;
LEFT: L E F T;
LEVEL: L E V E L;
LIKE: L I K E;
LIMIT: L I M I T;
LOCAL: L O C A L;
MATERIALIZED: M A T E R I A L I Z E D;
MOD: M O D;
NAN_: N A N;
NEXT: N E X T;
NOT: N O T;
NULL_: N U L L;
NULLS: N U L L S;
OBJECT: O B J E C T;
OFFSET: O F F S E T;
ON: O N;
ONLY: O N L Y;
OR: O R;
ORDER: O R D E R;
OUTER: O U T E R;
OUTFILE: O U T F I L E;
OVER: O V E R;
PARTITION: P A R T I T I O N;
PASTE: P A S T E;
PIPELINE: P I P E L I N E;
PLAN: P L A N;
PRECEDING: P R E C E D I N G;
PRECISION: P R E C I S I O N;
PREWHERE: P R E W H E R E;
QUALIFY: Q U A L I F Y;
QUERY: Q U E R Y;
RANGE: R A N G E;
RECURSIVE: R E C U R S I V E;
RECOMPRESS: R E C O M P R E S S;
REGEXP: R E G E X P;
REPLACE: R E P L A C E;
RESPECT: R E S P E C T;
RIGHT: R I G H T;
ROLLUP: R O L L U P;
ROW: R O W;
ROWS: R O W S;
SAMPLE: S A M P L E;
SELECT: S E L E C T;
SEMI: S E M I;
SET: S E T;
SETS: S E T S;
SETTINGS: S E T T I N G S;
SIGNED: S I G N E D;
SKIP_: S K I P;
STALENESS: S T A L E N E S S;
STDOUT: S T D O U T;
STEP: S T E P;
STRICT: S T R I C T;
SUBSTRING: S U B S T R I N G;
SYNTAX: S Y N T A X;
THEN: T H E N;
TIES: T I E S;
TIMESTAMP: T I M E S T A M P;
TO: T O;
TOP: T O P;
TOTALS: T O T A L S;
TRAILING: T R A I L I N G;
TRANSACTION: T R A N S A C T I O N;
TREE: T R E E;
TRIM: T R I M;
TRUE: T R U E;
TRUNCATE: T R U N C A T E;
UNBOUNDED: U N B O U N D E D;
UNION: U N I O N;
UNSIGNED: U N S I G N E D;
USING: U S I N G;
VARYING: V A R Y I N G;
VOLUME: V O L U M E;
WHEN: W H E N;
WHERE: W H E R E;
WINDOW: W I N D O W;
WITH: W I T H;

// Literals ---------------------------------------------------------------------------------------
/// `.5` is a number in value position and a tuple index in `t.5`; the parser decides.
DOT_NUMBER: '.' DIGITS;
/// Digits may be separated by single underscores (`0xbad_cafe`, `0b0010_0100`), as in ClickHouse.
HEX_NUMBER: '0' [xX] HEX_DIGITS ('.' HEX_DIGITS?)? ([pP] [+-]? DIGITS)?;
BIN_NUMBER: '0' [bB] [01] ('_'? [01])*;
/// `x'3130'` and `b'00110000'` are strings written as hex or binary bytes.
HEX_STRING: [xX] '\'' HEX_DIGIT* '\'';
BIN_STRING: [bB] '\'' [01]* '\'';
NUMBER
  : DIGITS ('.' DIGITS?)? EXPONENT?
  | '.' DIGITS EXPONENT
  ;
/// ClickHouse also takes typographic quotes: ‘string’ (U+2018/U+2019, UTF-8 bytes), no escapes.
STRING
  : '\'' ( '\\' . | '\'\'' | ~['\\] )* '\''
  | '\u00E2\u0080\u0098' .*? '\u00E2\u0080\u0099'
  ;
HEREDOC: '$' [a-zA-Z_0-9]* '$' { consumeHeredocBody(); };

/// The parser is fed one character per byte, so UTF-8 names arrive as bytes 0x80-0xFF.
/// ClickHouse also takes names that start with digits (`03720_data`) when they are not numbers.
/// A name never starts with the UTF-8 of U+2212 (minus) or of the typographic quotes
/// U+2018/2019/201C/201D, which ClickHouse reads as `-`, `'` and `"`.
IDENT: [0-9]* IDENT_START [a-zA-Z_0-9$\u0080-\u00FF]*;
fragment IDENT_START
  : [a-zA-Z_\u0080-\u00E1\u00E3-\u00FF]
  | '\u00E2' ~[\u0080\u0088]
  | '\u00E2\u0080' ~[\u0098\u0099\u009C\u009D]
  | '\u00E2\u0088' ~[\u0092]
  ;
/// “name” (U+201C/U+201D) is a quoted name too.
QUOTED_IDENT
  : '`' ( '\\' . | '``' | ~[`\\] )* '`'
  | '"' ( '\\' . | '""' | ~["\\] )* '"'
  | '\u00E2\u0080\u009C' .*? '\u00E2\u0080\u009D'
  ;

// Punctuation ------------------------------------------------------------------------------------
ARROW: '->';
DOUBLE_COLON: '::';
COLON: ':';
COMMA: ',';
CONCAT: '||';
DOT: '.';
EQ_DOUBLE: '==';
EQ: '=';
NULL_SAFE_EQ: '<=>';
NOT_EQ: '!=' | '<>';
LE: '<=';
GE: '>=';
LT: '<';
GT: '>';
PLUS: '+';
MINUS: '-' | '\u00E2\u0088\u0092';  // U+2212 MINUS SIGN too, as in ClickHouse
STAR: '*';
SLASH: '/';
PERCENT: '%';
CARET: '^';
QUESTION: '?';
LPAREN: '(';
RPAREN: ')';
LBRACKET: '[';
RBRACKET: ']';
LBRACE: '{';
RBRACE: '}';
SEMICOLON: ';';

// Trivia -----------------------------------------------------------------------------------------
LINE_COMMENT: ('--' | '#') ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' (BLOCK_COMMENT | .)*? '*/' -> channel(HIDDEN);
WS: [ \t\r\n\f\u000B]+ -> channel(HIDDEN);
/// Anything else is one bad character; the parser reports it with its exact position.
UNEXPECTED: .;

fragment DIGITS: [0-9] ('_'? [0-9])*;
fragment HEX_DIGIT: [0-9a-fA-F];
fragment HEX_DIGITS: HEX_DIGIT ('_'? HEX_DIGIT)*;
fragment EXPONENT: [eE] [+-]? [0-9]+;

fragment A: [aA]; fragment B: [bB]; fragment C: [cC]; fragment D: [dD]; fragment E: [eE];
fragment F: [fF]; fragment G: [gG]; fragment H: [hH]; fragment I: [iI]; fragment J: [jJ];
fragment K: [kK]; fragment L: [lL]; fragment M: [mM]; fragment N: [nN]; fragment O: [oO];
fragment P: [pP]; fragment Q: [qQ]; fragment R: [rR]; fragment S: [sS]; fragment T: [tT];
fragment U: [uU]; fragment V: [vV]; fragment W: [wW]; fragment X: [xX]; fragment Y: [yY];
fragment Z: [zZ];
