package dev.ruleport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The commands' Jackson mappers, made on first use. The first ObjectMapper costs a tenth of a second of class
 * set-up (its date format and calendar); held in a command's static field it was paid at every start, picocli
 * making every command, before a rule was read.
 */
final class Jackson {
    private Jackson() {}

    static ObjectMapper plain() { return Plain.MAPPER; }

    /** Pretty-printed output (two-space indent, {@code "key" : value}). */
    static ObjectMapper indented() { return Indented.MAPPER; }

    private static final class Plain {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final class Indented {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
