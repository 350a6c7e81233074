package dev.ruleport.spl;

import java.util.function.Consumer;

/** Every string of up to a given length over an alphabet, shortest first: the lines the argument-split tests try. */
final class ShortLines {
    private ShortLines() {}

    /** Gives each string to {@code test}; returns how many there were. */
    static int each(char[] alphabet, int maxLength, Consumer<String> test) {
        int n = 0;
        for (int len = 0; len <= maxLength; len++) {
            int[] idx = new int[len];
            while (true) {
                char[] cs = new char[len];
                for (int i = 0; i < len; i++) cs[i] = alphabet[idx[i]];
                test.accept(new String(cs));
                n++;
                int k = len - 1;
                while (k >= 0 && ++idx[k] == alphabet.length) idx[k--] = 0;
                if (k < 0) break;
            }
        }
        return n;
    }
}
