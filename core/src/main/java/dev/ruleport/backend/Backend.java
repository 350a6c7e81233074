package dev.ruleport.backend;

/**
 * A writer for one target language. Backends are independent of each other; each refuses, with
 * the node's source position, whatever it cannot express exactly (unless the options allow lossy
 * output). Implementations are immutable and thread-safe.
 */
public interface Backend {
    /** The target's name as the CLI spells it: {@code sigma}, {@code kql}, {@code spl}, {@code java}, {@code eql}. */
    String target();

    /** The profile used when the user names none. */
    String defaultProfile();

    Translation translate(CompiledRule rule, TranslateOptions options);
}
