// Parser for the inside of one template tag. The tag splitter (compiler/template/parse_template.cpp)
// cuts the token stream at {{ }} / {% %} and parses each tag on its own with `outputTag` or
// `statementTag`, so a syntax error never leaks past its tag; block structure (if ... end) is
// matched afterwards in C++, which gives exact "missing {% end %}" diagnostics.
parser grammar TemplateParser;

options { tokenVocab = TemplateLexer; }

outputTag : expression EOF ;

statementTag
  : IF expression EOF                                   # ifTag
  | ELIF expression EOF                                 # elifTag
  | ELSE EOF                                            # elseTag
  | END name? EOF                                       # endTag
  | FOR targetList IN expression EOF                    # forTag
  | WHILE expression EOF                                # whileTag
  | SET targetList assignOp expressionList EOF          # setTag
  | TRY EOF                                             # tryTag
  | EXCEPT ( expression ( AS name )? )? EOF             # exceptTag
  | FINALLY EOF                                         # finallyTag
  | BREAK EOF                                           # breakTag
  | CONTINUE EOF                                        # continueTag
  | RAW expression EOF                                  # rawTag
  ;

targetList : target ( COMMA target )* COMMA? ;
target : name | LPAREN targetList RPAREN | LBRACK targetList RBRACK ;
// `a, b = 1, 2`: a bare tuple on the right of {% set %}.
expressionList : expression ( COMMA expression )* trailingComma=COMMA? ;
assignOp : ASSIGN | PLUS_ASSIGN | MINUS_ASSIGN | STAR_ASSIGN ;

// Python precedence, lowest first.
expression  : disjunction ( IF disjunction ELSE expression )? ;
disjunction : conjunction ( OR conjunction )* ;
conjunction : inversion ( AND inversion )* ;
inversion   : NOT inversion | comparison ;
comparison  : sum ( compOp sum )* ;
compOp      : EQ | NE | LT | GT | LE | GE | IN | NOT IN | IS | IS NOT ;
sum         : term ( ( PLUS | MINUS ) term )* ;
term        : factor ( ( STAR | SLASH | DSLASH | PERCENT ) factor )* ;
factor      : ( PLUS | MINUS | TILDE ) factor | power ;
power       : primary ( POW factor )? ;
primary     : atom trailer* ;

trailer
  : LPAREN arguments? RPAREN                            # callTrailer
  | LBRACK subscript RBRACK                             # indexTrailer
  | DOT name                                            # attributeTrailer
  ;

arguments : argument ( COMMA argument )* COMMA? ;
argument
  : name ASSIGN expression                              # keywordArgument
  | STAR expression                                     # starArgument
  | POW expression                                      # doubleStarArgument
  | expression comprehension?                           # positionalArgument
  ;

subscript
  : expression                                          # indexSubscript
  | lower=expression? COLON upper=expression? ( COLON step=expression? )?   # sliceSubscript
  ;

comprehension : FOR targetList IN disjunction ( IF disjunction )* ;

atom
  : name                                                # nameAtom
  | INT                                                 # intAtom
  | FLOAT                                               # floatAtom
  | STRING+                                             # stringAtom
  | NONE                                                # noneAtom
  | TRUE                                                # trueAtom
  | FALSE                                               # falseAtom
  | LPAREN RPAREN                                       # emptyTupleAtom
  | LPAREN expression comprehension RPAREN              # generatorAtom
  | LPAREN expression ( COMMA expression )* trailingComma=COMMA? RPAREN   # parenAtom
  | LBRACK expression comprehension RBRACK              # listCompAtom
  | LBRACK ( expression ( COMMA expression )* COMMA? )? RBRACK           # listAtom
  | LBRACE ( dictEntry ( COMMA dictEntry )* COMMA? )? RBRACE             # dictAtom
  | LBRACE expression ( COMMA expression )* COMMA? RBRACE                # setAtom
  ;

dictEntry : key=expression COLON value=expression ;

// Tornado operators that are not Python keywords are ordinary names inside expressions.
name : NAME | END | SET | RAW | COMMENT_KW ;
