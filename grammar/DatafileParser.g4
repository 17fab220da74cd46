// Tinybird datafile structure over the line tokens of DatafileLexer: every line is a directive
// (words), a block opener (`NAME > ...`) followed by its raw lines, or empty. Any token sequence the
// lexer can produce is accepted; the meaning of each directive is checked in C++
// (compiler/datafile/), against the directive table of the file kind.
parser grammar DatafileParser;

options { tokenVocab = DatafileLexer; }

datafile       : entry* EOF ;
entry          : blockDirective | directive | NL ;
blockDirective : word BLOCK_OPEN word* (NL blockBody?)? ;
directive      : word+ NL? ;
blockBody      : (BLOCK_TEXT | BLOCK_NL)+ ;
word           : WORD | DQ_STRING | SQ_STRING | OPEN_QUOTE ;
