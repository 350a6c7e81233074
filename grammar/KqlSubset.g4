// The subset of KQL (Kusto Query Language) that ruleport's KQL writer emits, read back by
// dev.ruleport.kql.KqlReader so that tests can prove a translation means what the EQL means.
// Not a general KQL grammar: only the operators, functions and literal forms the writer uses, and the
// profiles' clauses (a subquery over a device inventory in `col in ((Table | ... | project col))`) and computed
// columns (parse_command_line, iff, strcat, typed nulls such as long(null)).
grammar KqlSubset;

query      : source pipe* EOF ;
source     : IDENT                                              # tableSource
           | UNION branch (',' branch)*                         # unionSource
           ;
branch     : '(' IDENT pipe* ')' ;
pipe       : '|' operator ;
operator   : WHERE expr                                                            # whereOp
           | EXTEND assignment (',' assignment)*                                   # extendOp
           | MVAPPLY IDENT '=' expr TO TYPEOF '(' IDENT ')' ON
               '(' SUMMARIZE assignment (',' assignment)* ')'                      # mvApplyOp
           | MVEXPAND IDENT '=' expr TO TYPEOF '(' IDENT ')'                         # mvExpandOp
           | PROJECTAWAY IDENT (',' IDENT)*                                        # projectAwayOp
           | PARTITION HINTSTRATEGY '=' IDENT BY IDENT '(' SORT BY IDENT ASC pipe* ')'   # partitionOp
           | SORT BY IDENT ASC                                                     # sortOp
           | SCAN WITHMATCHID '=' IDENT WITH '(' step+ ')'                         # scanOp
           | SUMMARIZE aggregate (',' aggregate)* (BY IDENT (',' IDENT)*)?         # summarizeOp
           | PROJECT IDENT (',' IDENT)*                                            # projectOp
           ;
aggregate  : (IDENT '=')? expr ;
subquery   : IDENT pipe* ;
step       : STEP IDENT (OUTPUT '=' IDENT)? ':' expr ';' ;
assignment : IDENT '=' expr ;

expr       : '(' expr ')'                                                          # parenExpr
           | DYNAMIC '(' '[' (element (',' element)*)? ']' ')'                     # dynamicExpr
           | IDENT '(' (expr (',' expr)*)? ')'                                     # callExpr
           | column                                                                # columnExpr
           | literal                                                               # literalExpr
           | NULL                                                                  # nullExpr
           | expr '-' expr                                                         # subtractExpr
           | expr op=('==' | '!=' | '=~' | '<' | '<=' | '>' | '>=') expr            # compareExpr
           | expr op=(STARTSWITH | STARTSWITH_CS | ENDSWITH | ENDSWITH_CS | CONTAINS | CONTAINS_CS) expr  # stringOpExpr
           | expr MATCHES REGEX expr                                               # regexExpr
           | expr op=(IN | INCI) '(' '(' subquery ')' ')'                           # inSubqueryExpr
           | expr op=(IN | INCI) '(' expr (',' expr)* ')'                          # inExpr
           | expr AND expr                                                         # andExpr
           | expr OR expr                                                          # orExpr
           ;
column     : IDENT ('.' IDENT)?
           | BRACKETED
           ;
element    : literal | NULL ;
literal    : STRING | VSTRING | '-'? INT | '-'? DECIMAL | TRUE | FALSE | TIMESPAN ;

WHERE        : 'where' ;
EXTEND       : 'extend' ;
UNION        : 'union' ;
MVAPPLY      : 'mv-apply' ;
MVEXPAND     : 'mv-expand' ;
PROJECTAWAY  : 'project-away' ;
PROJECT      : 'project' ;
PARTITION    : 'partition' ;
HINTSTRATEGY : 'hint.strategy' ;
SORT         : 'sort' ;
BY           : 'by' ;
ASC          : 'asc' ;
SCAN         : 'scan' ;
WITHMATCHID  : 'with_match_id' ;
WITH         : 'with' ;
STEP         : 'step' ;
OUTPUT       : 'output' ;
TO           : 'to' ;
TYPEOF       : 'typeof' ;
ON           : 'on' ;
SUMMARIZE    : 'summarize' ;
DYNAMIC      : 'dynamic' ;
AND          : 'and' ;
OR           : 'or' ;
IN           : 'in' ;
INCI         : 'in~' ;
MATCHES      : 'matches' ;
REGEX        : 'regex' ;
STARTSWITH   : 'startswith' ;
STARTSWITH_CS: 'startswith_cs' ;
ENDSWITH     : 'endswith' ;
ENDSWITH_CS  : 'endswith_cs' ;
CONTAINS     : 'contains' ;
CONTAINS_CS  : 'contains_cs' ;
TRUE         : 'true' ;
NULL         : 'null' ;
FALSE        : 'false' ;

TIMESPAN   : [0-9]+ ('ms' | 's' | 'm' | 'h' | 'd') ;
DECIMAL    : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)? ;
INT        : [0-9]+ ;
IDENT      : [A-Za-z_] [A-Za-z0-9_]* ;
BRACKETED  : '[\'' ( '\\' . | ~['\\\r\n] )* '\']' ;
STRING     : '"' ( '\\' [\\"'tnr] | ~["\\\r\n] )* '"' ;
VSTRING    : '@"' ( '""' | ~["\r\n] )* '"' ;
COMMENT    : '//' ~[\r\n]* -> skip ;
WS         : [ \t\r\n]+ -> skip ;
