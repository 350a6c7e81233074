package dev.ruleport.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numeric comparison and arithmetic over the JSON number types ({@code Byte}, {@code Short},
 * {@code Integer}, {@code Long}, {@code BigInteger}, {@code Float}, {@code Double},
 * {@code BigDecimal}).
 *
 * <p>Decisions:
 * <ul>
 *   <li>Comparisons are exact across types: {@code 1 == 1.0}, and a long beyond 2^53 is not
 *       rounded to compare it with a double. NaN equals nothing and is unordered.</li>
 *   <li>Arithmetic on two integral values stays integral ({@code Integer} when both are
 *       {@code Integer}/{@code Short}/{@code Byte}, else {@code Long}) and overflow is an
 *       {@link ArithmeticException}, as Elasticsearch's {@code Math.addExact}-based arithmetic;
 *       anything with a floating operand is {@code double}. {@code BigInteger}/{@code BigDecimal}
 *       operands are narrowed to long when they fit, else treated as double.</li>
 *   <li>Integral division truncates toward zero (Java {@code /}; the Elasticsearch docs say
 *       "rounds down", which agrees for non-negative operands), and integral division or modulo by
 *       zero is an {@link ArithmeticException}. Modulo is Java's {@code %} (sign of the dividend:
 *       {@code modulo(-10, -6) == -4}, {@code modulo(10, -6) == 4}, as documented).</li>
 * </ul>
 */
public final class Numbers {
    private Numbers() {}

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    static boolean isSmallIntegral(Number n) {
        return n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    static boolean isIntegral(Number n) {
        return isSmallIntegral(n) || n instanceof Long
                || (n instanceof BigInteger b && b.bitLength() < 64)
                || (n instanceof BigDecimal d && isWholeLong(d));
    }

    private static boolean isWholeLong(BigDecimal d) {
        return d.signum() == 0 || (d.stripTrailingZeros().scale() <= 0 && d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0);
    }

    private static boolean isNaN(Number n) {
        return (n instanceof Double d && d.isNaN()) || (n instanceof Float f && f.isNaN());
    }

    /**
     * Exact numeric comparison; {@code null} when either side is NaN (unordered).
     */
    public static Integer compare(Number a, Number b) {
        if (isNaN(a) || isNaN(b)) {
            return null;
        }
        if (isExactLong(a) && isExactLong(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if ((a instanceof Double || a instanceof Float) && (b instanceof Double || b instanceof Float)) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return x < y ? -1 : x > y ? 1 : 0; // -0.0 == 0.0, unlike Double.compare
        }
        Integer inf = compareInfinities(a, b);
        if (inf != null) {
            return inf;
        }
        return Integer.signum(toBigDecimal(a).compareTo(toBigDecimal(b)));
    }

    private static boolean isExactLong(Number n) {
        return isSmallIntegral(n) || n instanceof Long;
    }

    private static Integer compareInfinities(Number a, Number b) {
        double x = a instanceof Double || a instanceof Float ? a.doubleValue() : 0;
        double y = b instanceof Double || b instanceof Float ? b.doubleValue() : 0;
        if (Double.isInfinite(x) || Double.isInfinite(y)) {
            if (Double.isInfinite(x) && Double.isInfinite(y)) {
                return Double.compare(x, y);
            }
            return Double.isInfinite(x) ? (x > 0 ? 1 : -1) : (y > 0 ? -1 : 1);
        }
        return null;
    }

    static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.doubleValue()); // exact binary value
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** Numeric equality ({@code 1 == 1.0}); false when either is NaN. */
    public static boolean equal(Number a, Number b) {
        Integer c = compare(a, b);
        return c != null && c == 0;
    }

    public static Number add(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return narrow(a, b, Math.addExact(a.longValue(), b.longValue()));
        }
        return a.doubleValue() + b.doubleValue();
    }

    public static Number subtract(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return narrow(a, b, Math.subtractExact(a.longValue(), b.longValue()));
        }
        return a.doubleValue() - b.doubleValue();
    }

    public static Number multiply(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return narrow(a, b, Math.multiplyExact(a.longValue(), b.longValue()));
        }
        return a.doubleValue() * b.doubleValue();
    }

    public static Number divide(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            long y = b.longValue();
            if (y == 0) {
                throw new ArithmeticException("division by zero");
            }
            long x = a.longValue();
            if (x == Long.MIN_VALUE && y == -1) {
                throw new ArithmeticException("long overflow");
            }
            return narrow(a, b, x / y);
        }
        return a.doubleValue() / b.doubleValue();
    }

    public static Number modulo(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            long y = b.longValue();
            if (y == 0) {
                throw new ArithmeticException("division by zero");
            }
            return narrow(a, b, a.longValue() % y);
        }
        return a.doubleValue() % b.doubleValue();
    }

    /** Integer when both inputs were small integral types, else Long; overflow of int is an error. */
    private static Number narrow(Number a, Number b, long result) {
        if (isSmallIntegral(a) && isSmallIntegral(b)) {
            return Math.toIntExact(result);
        }
        return result;
    }
}
