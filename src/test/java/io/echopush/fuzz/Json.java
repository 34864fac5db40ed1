package io.echopush.fuzz;

import java.util.Random;

/** Random JSON text for the fuzzer: escapes of lone surrogates, huge and exact numbers, deep nesting, duplicate keys. */
final class Json {

    private static final String[] NUMBERS = {"0", "-0", "1.10", "1e400", "1e2147483648", "-1E-2147483649",
            "123456789012345678901234567890.5", "0.0000000000000000000001", "9223372036854775808"};

    private Json() {
    }

    static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 5);
        return switch (kind) {
            case 0, 1 -> "\"" + string(random) + "\"";
            case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 3 -> String.valueOf(random.nextLong());
            case 4 -> random.nextBoolean() ? "null" : "true";
            case 5 -> deep(random);
            case 6 -> "[" + value(random, depth - 1) + "," + value(random, depth - 1) + "]";
            default -> {
                String key = "\"" + string(random) + "\"";
                // sometimes the same key twice, which strict parsing refuses
                String second = random.nextInt(4) == 0 ? key : "\"" + string(random) + "\"";
                yield "{" + key + ":" + value(random, depth - 1) + "," + second + ":" + value(random, depth - 1) + "}";
            }
        };
    }

    /** Nesting around Jackson's limit (its default depth is 1000 levels; refused past it). */
    private static String deep(Random random) {
        int levels = random.nextInt(4) == 0 ? 990 + random.nextInt(20) : 1 + random.nextInt(50);
        return "[".repeat(levels) + "1" + "]".repeat(levels);
    }

    /** String content: plain, escaped, non-ASCII, pairs and lone surrogates as {@code \}{@code u} escapes. */
    static String string(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(8); n > 0; n--) {
            switch (random.nextInt(8)) {
                case 0 -> text.append(String.format("\\u%04x", 0xD800 + random.nextInt(0x800)));
                case 1 -> text.append("\\ud83d\\ude00");
                case 2 -> text.append("é✓😀");
                case 3 -> text.append("\\n\\\"\\\\\\u0000");
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }
}
