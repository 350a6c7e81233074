package dev.ruleport;

/**
 * A request that cannot be carried out as asked (an unknown target, a profile for another target, an unknown
 * setting or variable): the CLI prints the message on one line and exits 2; the Maven plugin fails the build
 * configuration. Never about one rule: a rule's problems are diagnostics.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
