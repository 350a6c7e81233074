/*
 * The Elasticsearch dialect of EQL (Event Query Language), written for ruleport from the
 * language as Elasticsearch documents and implements it (see ../shared/reference/eql-semantics.md).
 *
 * The grammar is deliberately permissive where Elasticsearch rejects constructs in its builder
 * rather than in its grammar (single-quoted strings, ?"raw" strings, `join`, unknown pipes,
 * `with` before `by`, runs outside 1..100): those parse here and are refused by the AST builder
 * with Elasticsearch's own messages and an exact position.
 */
grammar Eql;

singleStatement : statement EOF ;
singleExpression : expression EOF ;

statement : query pipe* ;

query
    : sequence
    | sample
    | join
    | eventQuery
    ;

sequence
    : SEQUENCE (headerKeys=joinKeys span=sequenceParams? | span=sequenceParams lateKeys=joinKeys?)?
      sequenceTerm+ (UNTIL until=sequenceTerm)?
    ;

sequenceParams : WITH MAXSPAN ASGN timeUnit ;

sequenceTerm : subquery joinKeys? (WITH key=IDENTIFIER ASGN value=number)? ;

sample : SAMPLE joinKeys? joinTerm+ ;

join : JOIN joinKeys? joinTerm+ (UNTIL joinTerm)? ;

joinTerm : subquery joinKeys? ;

joinKeys : BY expression (COMMA expression)* ;

subquery : (LB | MISSING_EVENT_OPEN) eventFilter RB ;

eventQuery : eventFilter ;

eventFilter : (ANY | event=eventValue) WHERE expression ;

eventValue : IDENTIFIER | STRING ;

timeUnit : number unit=IDENTIFIER? ;

pipe : PIPE kind=IDENTIFIER (booleanExpression (COMMA booleanExpression)*)? ;

expression : booleanExpression ;

booleanExpression
    : NOT booleanExpression                                             #logicalNot
    | relationship=IDENTIFIER OF subquery                               #processCheck
    | valueExpression                                                   #booleanDefault
    | left=booleanExpression operator=AND right=booleanExpression       #logicalBinary
    | left=booleanExpression operator=OR right=booleanExpression        #logicalBinary
    ;

valueExpression
    : operatorExpression                                                #valueExpressionDefault
    | left=operatorExpression comparisonOperator right=operatorExpression #comparison
    ;

operatorExpression
    : primaryExpression predicate?                                      #operatorExpressionDefault
    | operator=(MINUS | PLUS) operatorExpression                        #arithmeticUnary
    | left=operatorExpression operator=(ASTERISK | SLASH | PERCENT) right=operatorExpression #arithmeticBinary
    | left=operatorExpression operator=(PLUS | MINUS) right=operatorExpression #arithmeticBinary
    ;

predicate
    : NOT? kind=IN LP expression (COMMA expression)* RP
    | kind=IN_INSENSITIVE LP expression (COMMA expression)* RP
    | kind=(SEQ | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) constant
    | kind=(SEQ | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) LP constant (COMMA constant)* RP
    ;

primaryExpression
    : constant                                                          #constantDefault
    | functionExpression                                                #function
    | qualifiedName                                                     #dereference
    | LP expression RP                                                  #parenthesizedExpression
    ;

functionExpression : name=functionName LP (expression (COMMA expression)*)? RP ;

functionName : IDENTIFIER | TILDE_IDENTIFIER ;

constant
    : NULL                                                              #nullLiteral
    | number                                                            #numericLiteral
    | booleanValue                                                      #booleanLiteral
    | string                                                            #stringLiteral
    ;

comparisonOperator : EQ | NEQ | LT | LTE | GT | GTE | ASGN ;

booleanValue : TRUE | FALSE ;

qualifiedName : OPTIONAL? identifier (DOT identifier | LB INTEGER_VALUE RB)* ;

identifier : IDENTIFIER | QUOTED_IDENTIFIER ;

number
    : DECIMAL_VALUE                                                     #decimalLiteral
    | INTEGER_VALUE                                                     #integerLiteral
    ;

string : STRING | SINGLE_QUOTED_STRING | RAW_QUOTED_STRING ;

// ---------------------------------------------------------------- lexer
// Keywords are lower case only, as in Elasticsearch.
AND : 'and' ;
ANY : 'any' ;
BY : 'by' ;
FALSE : 'false' ;
IN : 'in' ;
IN_INSENSITIVE : 'in~' ;
JOIN : 'join' ;
LIKE : 'like' ;
LIKE_INSENSITIVE : 'like~' ;
MAXSPAN : 'maxspan' ;
NOT : 'not' ;
NULL : 'null' ;
OF : 'of' ;
OR : 'or' ;
REGEX : 'regex' ;
REGEX_INSENSITIVE : 'regex~' ;
SAMPLE : 'sample' ;
SEQUENCE : 'sequence' ;
TRUE : 'true' ;
UNTIL : 'until' ;
WHERE : 'where' ;
WITH : 'with' ;

SEQ : ':' ;
// `=` is recognised so that `a = b` can be refused with a helpful message instead of a bare syntax error.
ASGN : '=' ;
EQ : '==' ;
NEQ : '!=' ;
LT : '<' ;
LTE : '<=' ;
GT : '>' ;
GTE : '>=' ;

PLUS : '+' ;
MINUS : '-' ;
ASTERISK : '*' ;
SLASH : '/' ;
PERCENT : '%' ;
DOT : '.' ;
COMMA : ',' ;
LB : '[' ;
RB : ']' ;
LP : '(' ;
RP : ')' ;
PIPE : '|' ;
MISSING_EVENT_OPEN : '![' ;

// `?` before a field marks it optional; `?"..."` is the legacy raw string, refused by the builder.
RAW_QUOTED_STRING : '?' ( '"' ( ~["\\\r\n] | '\\' . )* '"' | '\'' ( ~['\\\r\n] | '\\' . )* '\'' ) ;
OPTIONAL : '?' ;

// Triple-quoted strings are raw: no escapes, no newline; up to two extra closing quotes belong to the text.
STRING
    : '"""' ( ~[\r\n] )*? '"""' '"'? '"'?
    | '"' ( ESCAPE | ~["\\\r\n] )* '"'
    ;
SINGLE_QUOTED_STRING : '\'' ( ESCAPE | ~['\\\r\n] )* '\'' ;
// A string that reaches the end of its line without a closing quote: a precise error, not a cascade.
UNTERMINATED_STRING : '"' ( ESCAPE | ~["\\\r\n] )* ;

fragment ESCAPE : '\\' ~[\r\n] ;

INTEGER_VALUE : DIGIT+ ;
DECIMAL_VALUE
    : DIGIT+ DOT DIGIT*
    | DOT DIGIT+
    | DIGIT+ (DOT DIGIT*)? EXPONENT
    | DOT DIGIT+ EXPONENT
    ;

// A function name with the case-insensitive suffix, e.g. startsWith~(...).
TILDE_IDENTIFIER : LETTER (LETTER | DIGIT | '_')* '~' ;
IDENTIFIER : (LETTER | '_' | '@') (LETTER | DIGIT | '_')* ;
QUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`' ;

fragment EXPONENT : [Ee] [+-]? DIGIT+ ;
fragment DIGIT : [0-9] ;
fragment LETTER : [A-Za-z] ;

LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' ( BLOCK_COMMENT | . )*? '*/' -> channel(HIDDEN) ;
WS : [ \r\n\t]+ -> channel(HIDDEN) ;

// Anything else is one bad character, reported by the parser with its position.
UNRECOGNIZED : . ;
