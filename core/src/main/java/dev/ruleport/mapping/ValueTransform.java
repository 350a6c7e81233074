package dev.ruleport.mapping;

/**
 * How an ECS value relates to the target field's value when the two fields do not hold the same thing.
 * A backend rewrites the comparison: with {@link #BASENAME_BACKSLASH} the ECS {@code process.name == "cmd.exe"}
 * becomes "target ends with {@code \cmd.exe}" (or equals {@code cmd.exe}, for a bare name).
 */
public enum ValueTransform {
    /** The target holds the ECS value itself. */
    NONE(null, "value"),
    /** The target holds a Windows path (or {@code DOMAIN\name}); the ECS value is its last {@code \} segment. */
    BASENAME_BACKSLASH("\\", "last segment"),
    /** The target holds a POSIX path; the ECS value is its last {@code /} segment. */
    BASENAME_SLASH("/", "last segment"),
    /** The target holds a file name or path; the ECS value is the extension after its last dot (no dot). */
    EXTENSION(null, "extension"),
    /**
     * The target holds an account as {@code DOMAIN\name} (Sysmon's User); the ECS value is the text before the
     * {@code \}, as Elastic's Sysmon pipeline splits it into user.domain and user.name. Sysmon writes every account
     * with one {@code \} (neither part can hold one), so {@code user.domain == "X"} is "starts with {@code X\}".
     */
    DOMAIN(null, "domain"),
    /**
     * The target holds a command line that is the arguments joined by spaces (Linux and macOS); the ECS value is one
     * of its arguments as {@code verify.Argv.tokens} reads them back: the line trimmed of characters up to U+0020 and
     * split at spaces, empty pieces dropped. An argument test is "some token matches": a regex on the line (Sigma only).
     */
    ARGUMENT(null, "list of arguments"),
    /** The target holds such a command line; the ECS value is the number of its tokens (missing for a blank line). */
    ARGUMENT_COUNT(null, "number of arguments");

    private final String separator;
    private final String noun;

    ValueTransform(String separator, String noun) {
        this.separator = separator;
        this.noun = noun;
    }

    /** What the ECS value is of the target's value, for messages ("the extension taken from TargetFilename"). */
    public String noun() { return noun; }

    /** The path separator of a basename transform; null for the others (also {@link #DOMAIN}). */
    public String separator() { return separator; }

    /**
     * The domain of an account written {@code DOMAIN\name}, as Elastic's Sysmon pipeline splits it: only a value of
     * exactly two non-empty parts has one; null otherwise.
     */
    public static String domainOf(String account) {
        int bs = account.indexOf('\\');
        return bs >= 0 && bs == account.lastIndexOf('\\') && bs < account.length() - 1 ? account.substring(0, bs) : null;
    }
}
