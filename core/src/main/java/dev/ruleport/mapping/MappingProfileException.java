package dev.ruleport.mapping;

/**
 * A profile could not be loaded: unknown name, unreadable file, YAML syntax error or a wrong entry. The message
 * names the file (or built-in resource) and, for entries, the path of the offending key, e.g.
 * {@code profile /tmp/p.yml: logsources[1].fields.process.name: fidelity must be exact, broader or narrower, not 'same'}.
 */
public final class MappingProfileException extends RuntimeException {
    private final String source;

    MappingProfileException(String source, String message, Throwable cause) {
        super("profile " + source + ": " + message, cause);
        this.source = source;
    }

    MappingProfileException(String source, String message) { this(source, message, null); }

    /** The file path or built-in resource the profile came from. */
    public String source() { return source; }
}
