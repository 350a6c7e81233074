package dev.ruleport.ir;

public interface QueryVisitor<R> {
    R visitEvent(EventQuery query);
    R visitSequence(SequenceQuery query);
    R visitSample(SampleQuery query);
}
