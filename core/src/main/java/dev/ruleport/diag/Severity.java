package dev.ruleport.diag;

public enum Severity { ERROR, WARNING, NOTE }
