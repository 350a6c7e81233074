// SplSubset — the part of Splunk's search language that ruleport's SPL writer emits, read back into the IR
// by dev.ruleport.spl.SplReader. Not a grammar of all of SPL: one search (search-language terms: field=value,
// field IN (...), NOT/AND/OR, implicit AND, parentheses; OR binds tighter than AND there) followed by the
// commands where, eval, sort, mvexpand, streamstats, or a leading tstats. ```comments``` are skipped.
// Eval precedence: arithmetic, then comparisons, then NOT, AND, OR (NOT x>3 is NOT (x>3)).
grammar SplSubset;

pipeline : search? (PIPE command)* EOF ;

search : searchAnd ;

searchAnd : searchOr (AND? searchOr)* ;
searchOr  : searchNot (OR searchNot)* ;
searchNot : NOT searchNot | searchAtom ;
searchAtom
    : LPAREN searchAnd RPAREN                                          # searchGroup
    | NAME EQ searchValue                                              # searchTerm
    | NAME IN LPAREN searchValue (COMMA searchValue)* RPAREN           # searchIn
    ;
searchValue : STRING | NAME | NUMBER | STAR ;

command
    : WHERE evalExpr                                                   # whereCommand
    | EVAL assignment (COMMA assignment)*                              # evalCommand
    | SORT NUMBER NAME                                                 # sortCommand
    | MVEXPAND NAME                                                    # mvexpandCommand
    | STREAMSTATS option* aggregate+ (BY NAME+)?                       # streamstatsCommand
    | TSTATS option* aggregate+ FROM NAME EQ NAME (WHERE searchAnd)? (BY NAME option* NAME*)?   # tstatsCommand
    ;

assignment : NAME EQ evalExpr ;
option     : NAME EQ optionValue ;
optionValue: NUMBER NAME? | NAME | STRING ;
aggregate  : NAME (LPAREN NAME RPAREN)? (AS NAME)? ;

evalExpr
    : evalExpr MINUS evalExpr                                          # evalMinus
    | evalExpr op=(EQEQ | EQ | NEQ | LT | LE | GT | GE) evalExpr        # evalCompare
    | NOT evalExpr                                                     # evalNot
    | evalExpr AND evalExpr                                            # evalAnd
    | evalExpr OR evalExpr                                             # evalOr
    | NAME LPAREN (evalExpr (COMMA evalExpr)*)? RPAREN                 # evalCall
    | IN LPAREN evalExpr (COMMA evalExpr)* RPAREN                      # evalInCall
    | LPAREN evalExpr RPAREN                                           # evalParen
    | QFIELD                                                           # evalField
    | NAME                                                             # evalName
    | STRING                                                           # evalString
    | MINUS? NUMBER                                                    # evalNumber
    ;

COMMENT   : '```' .*? '```' -> skip ;
WS        : [ \t\r\n]+ -> skip ;

PIPE      : '|' ;
LPAREN    : '(' ;
RPAREN    : ')' ;
COMMA     : ',' ;
EQEQ      : '==' ;
NEQ       : '!=' ;
LE        : '<=' ;
GE        : '>=' ;
LT        : '<' ;
GT        : '>' ;
EQ        : '=' ;
MINUS     : '-' ;
STAR      : '*' ;

AND       : 'AND' ;
OR        : 'OR' ;
NOT       : 'NOT' ;
IN        : 'IN' | 'in' ;
WHERE     : 'where' ;
EVAL      : 'eval' ;
SORT      : 'sort' ;
MVEXPAND  : 'mvexpand' ;
STREAMSTATS : 'streamstats' ;
TSTATS    : 'tstats' ;
FROM      : 'from' ;
BY        : 'by' ;
AS        : 'as' ;

NUMBER    : [0-9]+ ('.' [0-9]+)? ;
NAME      : [A-Za-z_@] [A-Za-z0-9_.@:]* ;
STRING    : '"' ( '\\' . | ~["\\] )* '"' ;
QFIELD    : '\'' ~['\r\n]* '\'' ;
