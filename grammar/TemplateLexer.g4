// Lexer for Tinybird SQL templates (Tornado syntax): plain SQL text until {{, {% or {#, then
// Python-like expression tokens until the matching }} or %}.
//
// The lexer never fails: every byte sequence lexes (stray characters become ERROR_CHAR), so all
// error reporting happens in the tag parser and the block builder with exact positions.
lexer grammar TemplateLexer;

@members {
  /// True inside {{ ... }}: there "}}" closes the tag; inside {% ... %} it is two braces.
  bool in_output_ = false;

  /// A close delimiter that belongs to the other kind of tag gives back its second character
  /// and stays a plain `}` / `%`. (An action, not a semantic predicate: the 4.9 runtime leaks
  /// the DFA states it builds for predicated lexer rules.)
  void closeTag(bool output) {
    if (output == in_output_) {
      popMode();
      return;
    }
    _input->seek(_input->index() - 1);
    setType(output ? RBRACE : PERCENT);
  }
}

// ---- TEXT mode (default) ----------------------------------------------------------------------
// Tornado's escapes: {{! {%! {#! produce the literal {{ {% {# in the output.
ESCAPED_OPEN : '{{!' | '{%!' | '{#!' ;
OUTPUT_OPEN  : '{{' { in_output_ = true; } -> pushMode(CODE) ;
STMT_OPEN    : '{%' { in_output_ = false; } -> pushMode(CODE) ;
COMMENT_OPEN : '{#' -> pushMode(COMMENT) ;
TEXT         : ~'{'+ ;
BRACE        : '{' ;

mode COMMENT;
COMMENT_CLOSE : '#}' -> popMode ;
COMMENT_TEXT  : ~'#'+ | '#' ;

mode CODE;
OUTPUT_CLOSE : '}}' { closeTag(true); } ;
STMT_CLOSE   : '%}' { closeTag(false); } ;

// Python keywords, and Tornado block operators that are not Python keywords (these stay usable as
// names in expressions, see the parser's `name` rule).
IF       : 'if' ;
ELIF     : 'elif' ;
ELSE     : 'else' ;
FOR      : 'for' ;
IN       : 'in' ;
WHILE    : 'while' ;
TRY      : 'try' ;
EXCEPT   : 'except' ;
FINALLY  : 'finally' ;
BREAK    : 'break' ;
CONTINUE : 'continue' ;
AS       : 'as' ;
NOT      : 'not' ;
AND      : 'and' ;
OR       : 'or' ;
IS       : 'is' ;
LAMBDA   : 'lambda' ;
NONE     : 'None' ;
TRUE     : 'True' ;
FALSE    : 'False' ;
END      : 'end' ;
SET      : 'set' ;
RAW      : 'raw' ;
COMMENT_KW : 'comment' ;

NAME : [a-zA-Z_] [a-zA-Z_0-9]* ;

FLOAT
  : DIGITS '.' DIGITS? EXPONENT?
  | '.' DIGITS EXPONENT?
  | DIGITS EXPONENT
  ;
INT : DIGITS | '0' [xX] [0-9a-fA-F_]+ | '0' [oO] [0-7_]+ | '0' [bB] [01_]+ ;
fragment DIGITS   : [0-9] ('_'? [0-9])* ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

// Python string literals with an optional prefix (r, b, u, f and pairs); triple quotes span lines.
STRING : STRING_PREFIX? ( LONG_SQ | LONG_DQ | SHORT_SQ | SHORT_DQ ) ;
fragment STRING_PREFIX : [rRbBuUfF] [rRbB]? ;
fragment SHORT_SQ : '\'' ( '\\' . | ~[\\'\r\n] )* '\'' ;
fragment SHORT_DQ : '"' ( '\\' . | ~[\\"\r\n] )* '"' ;
fragment LONG_SQ  : '\'\'\'' ( '\\' . | . )*? '\'\'\'' ;
fragment LONG_DQ  : '"""' ( '\\' . | . )*? '"""' ;

POW      : '**' ;
DSLASH   : '//' ;
EQ       : '==' ;
NE       : '!=' | '<>' ;
LE       : '<=' ;
GE       : '>=' ;
PLUS_ASSIGN  : '+=' ;
MINUS_ASSIGN : '-=' ;
STAR_ASSIGN  : '*=' ;
LT       : '<' ;
GT       : '>' ;
ASSIGN   : '=' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
PERCENT  : '%' ;
TILDE    : '~' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACK   : '[' ;
RBRACK   : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
COLON    : ':' ;
DOT      : '.' ;

WS : ( [ \t\r\n\f]+ | '\\' '\r'? '\n' ) -> channel(HIDDEN) ;
ERROR_CHAR : . ;
