package dev.ruleport.javagen;

final class CorpusCounts {
    static final int RULES = 819;

    private CorpusCounts() {}
}
